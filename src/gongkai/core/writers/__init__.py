"""Writers: a Report in the official layout. Each registers under the name ``gongkai
render --to`` uses; text writers return str, binary ones (DOCX, PDF, XLSX) bytes."""

from __future__ import annotations

from collections.abc import Callable

from gongkai.core.report import Report
from gongkai.core.writers.docx import write_docx
from gongkai.core.writers.html import write_html
from gongkai.core.writers.json import write_json
from gongkai.core.writers.markdown import write_markdown
from gongkai.core.writers.pdf import write_pdf
from gongkai.core.writers.text import write_text
from gongkai.core.writers.xlsx import write_xlsx

Writer = Callable[[Report], str | bytes]
WRITERS: dict[str, Writer] = {}


def register(name: str) -> Callable[[Writer], Writer]:
    def add(fn: Writer) -> Writer:
        WRITERS[name] = fn
        return fn

    return add


register("txt")(write_text)
register("md")(write_markdown)
register("json")(write_json)
register("html")(write_html)
register("pdf")(write_pdf)
register("docx")(write_docx)
register("xlsx")(write_xlsx)


def render(report: Report, to: str) -> str | bytes:
    return WRITERS[to](report)


__all__ = [
    "WRITERS",
    "register",
    "render",
    "write_docx",
    "write_html",
    "write_json",
    "write_markdown",
    "write_pdf",
    "write_text",
    "write_xlsx",
]
