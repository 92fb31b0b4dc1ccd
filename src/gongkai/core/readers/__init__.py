"""Readers: bytes in, a Report out. The kind of file is told by its content, not its name.

Each reader registers itself for a kind (``text``, ``json``, and, with the format
readers, ``html``, ``docx``, ``pdf``, ``xlsx``); :func:`read_bytes` sniffs the kind and
calls it. A kind with no reader installed gets a clear error, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable

from gongkai.core.errors import ReportError
from gongkai.core.readers.decode import decode_text, sniff
from gongkai.core.readers.interchange import read_interchange
from gongkai.core.readers.text import read_text
from gongkai.core.report import Report

Reader = Callable[[bytes, str], Report]
_READERS: dict[str, Reader] = {}

KIND_NAMES = {
    "pdf": "PDF",
    "docx": "Word（DOCX）",
    "xlsx": "Excel（XLSX）",
    "html": "HTML 网页",
    "doc": "旧版 Word（DOC）",
    "xls": "旧版 Excel（XLS）",
    "zip": "ZIP 压缩包",
    "image": "图片",
    "binary": "二进制",
}


def register(kind: str) -> Callable[[Reader], Reader]:
    def add(fn: Reader) -> Reader:
        _READERS[kind] = fn
        return fn

    return add


@register("text")
def _text(data: bytes, name: str) -> Report:
    return read_text(decode_text(data))


@register("json")
def _json(data: bytes, name: str) -> Report:
    return read_interchange(decode_text(data))


# The format readers import their libraries (lxml, python-docx, pdfplumber, openpyxl) on
# first use, so reading a text report does not pay for them.


@register("html")
def _html(data: bytes, name: str) -> Report:
    from gongkai.core.readers.html import read_html

    return read_html(data)


@register("docx")
def _docx(data: bytes, name: str) -> Report:
    from gongkai.core.readers.docx import read_docx

    return read_docx(data)


@register("pdf")
def _pdf(data: bytes, name: str) -> Report:
    from gongkai.core.readers.pdf import read_pdf

    return read_pdf(data)


@register("xlsx")
def _xlsx(data: bytes, name: str) -> Report:
    from gongkai.core.readers.xlsx import read_xlsx

    return read_xlsx(data)


def read_bytes(data: bytes, name: str = "") -> Report:
    """The report in ``data``; ReportError (one Chinese sentence) when it is not readable."""
    kind = sniff(data)
    reader = _READERS.get(kind)
    if reader is None:
        what = KIND_NAMES.get(kind, kind)
        if kind in ("binary", "image", "zip", "doc", "xls"):
            raise ReportError(f"这是{what}文件，不是可读取的年度报告")
        raise ReportError(f"暂不支持读取{what}格式的报告")
    return reader(data, name)


__all__ = ["read_bytes", "read_text", "register"]
