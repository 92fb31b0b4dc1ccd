"""PDF: the HTML writer's page laid out by WeasyPrint with its print stylesheet.

Route: ``Report`` → :func:`write_html` → WeasyPrint (pure Python on pango/cairo-free
rendering, installed from PyPI with the project) → PDF bytes. Chosen over LibreOffice
from DOCX because it installs from the package registries and needs no office suite;
the HTML and the PDF then share one layout, so what the golden HTML pins is what prints.

Fonts are resolved by Pango through fontconfig: the stylesheet names the fonts agencies
use (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体, 宋体) first and Noto Serif/Sans CJK SC after
them, so a machine without the Windows fonts prints with Noto CJK (Debian/Ubuntu:
``apt-get install fonts-noto-cjk``; CI installs it). Which fonts a machine has changes
the glyphs, never the text or the table structure.

The output is deterministic: WeasyPrint writes no creation or modification date unless
the page asks for one (ours does not), and no file identifier by default, so the same
report on the same machine gives the same bytes.
"""

from __future__ import annotations

from gongkai.core.report import Report
from gongkai.core.writers.html import write_html


def write_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint loads Pango through cffi, which takes most of a second,
    # and only this writer needs it.
    from weasyprint import HTML  # type: ignore[import-untyped]

    data = HTML(string=write_html(report)).write_pdf()
    assert isinstance(data, bytes)
    return data
