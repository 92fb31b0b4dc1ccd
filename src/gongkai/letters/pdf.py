"""A letter as HTML (the same words and layout as the DOCX) and as PDF through WeasyPrint.

The HTML is self-contained — the web app can show it as a preview — and the PDF is
printed from it with the page rules of ``templates/letter.css``. WeasyPrint is imported
when a PDF is asked for, not when the package is.
"""

from __future__ import annotations

import html
import string
from datetime import datetime
from functools import cache
from importlib import resources

from gongkai.letters.compose import Letter
from gongkai.letters.layout import signature_indents

__all__ = ["letter_html", "letter_pdf"]


@cache
def _template(name: str) -> str:
    return resources.files(__package__).joinpath("templates").joinpath(name).read_text("utf-8")


def _em(x: float) -> str:
    return f"{x:g}"


def letter_html(letter: Letter, when: datetime) -> str:
    e = html.escape
    name_right, date_right = signature_indents(letter.signature, letter.date)
    return string.Template(_template("letter.html")).substitute(
        document_title=e("".join(letter.title[1:])),
        created=when.isoformat(),
        css=_template("letter.css"),
        title="<br>".join(e(t) for t in letter.title),
        number=f'<p class="number">{e(letter.number)}</p>' if letter.number else "",
        addressee=e(letter.addressee),
        paragraphs="\n".join(f'<p class="body">{e(p)}</p>' for p in letter.paragraphs),
        signature=e(letter.signature),
        date=e(letter.date),
        name_right=_em(name_right),
        date_right=_em(date_right),
        note=f'<p class="note">{e(letter.note)}</p>' if letter.note else "",
    )


def letter_pdf(letter: Letter, when: datetime) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: only when a PDF is made

    pdf = HTML(string=letter_html(letter, when)).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
