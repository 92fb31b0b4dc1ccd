"""Telling a file's kind from its first bytes, and decoding text in the encodings Chinese
government sites use (UTF-8, with or without BOM; GB18030/GBK/GB2312; UTF-16)."""

from __future__ import annotations

import codecs
import re
import zipfile
from io import BytesIO

from charset_normalizer import from_bytes

from gongkai.core.errors import ReportError

_CONTROLS = bytes(b for b in range(0x20) if b not in (9, 10, 12, 13))


def sniff(data: bytes) -> str:
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        return "image"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _text_kind(data.decode("utf-16", errors="replace")[:2048])
    if b"\x00" in head:
        return "binary"
    controls = len(head) - len(head.translate(None, _CONTROLS))
    if head and controls / len(head) > 0.05:
        return "binary"
    if b"<" not in head and b"{" not in head:
        return "text"  # neither markup nor JSON: no need to decode the head to say so
    return _text_kind(head.decode("utf-8", errors="ignore"))


def _zip_kind(data: bytes) -> str:
    """DOCX and XLSX are ZIP packages told apart by their part names: the local headers
    at the start (enough for a truncated file, which should get a clear error from its
    own reader), else the central directory."""
    start = data[:65536]
    if b"word/" in start:
        return "docx"
    if b"xl/" in start:
        return "xlsx"
    try:
        names = zipfile.ZipFile(BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def _text_kind(sample: str) -> str:
    s = sample.lstrip("\ufeff \t\r\n").lower()
    if s.startswith("{"):
        return "json"
    if (
        s.startswith(("<!doctype html", "<html", "<?xml"))
        or ("<table" in s and "</" in s)
        or (s.startswith("<") and ("<body" in s or "<div" in s or "<p" in s or "<meta" in s))
    ):
        return "html"
    return "text"


def decode_text(data: bytes) -> str:
    """UTF-8 first (strict), then GB18030 (a superset of GBK and GB2312), then whatever
    charset-normalizer finds; a file that is none of these is refused, not mangled."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _mostly_cjk_or_ascii(text):
            return text
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and _mostly_cjk_or_ascii(str(best)):
        return str(best)
    raise ReportError("无法识别文件的文字编码（不是 UTF-8、GB18030/GBK 或 UTF-16 文本）")


def _mostly_cjk_or_ascii(text: str) -> bool:
    if not text:
        return True
    ok = sum(
        1 for ch in text if ch.isascii() or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
    )
    return ok / len(text) > 0.9


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
# GB2312 and GBK pages are decoded as GB18030, their superset: pages labelled GB2312 use
# GBK characters (and 〇, 碶 …) all the time.
_GB = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn", "gb18030"})


def decode_html(data: bytes) -> str:
    """A web page's text: UTF-8 when the bytes are UTF-8 (whatever the page claims, since
    CMSs mislabel pages), else the charset its ``<meta>`` declares, else as any text."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace").lower()
        encoding = "gb18030" if name in _GB else name
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)
