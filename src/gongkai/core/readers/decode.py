"""Telling a file's kind from its first bytes, and decoding text in the encodings Chinese
government sites use (UTF-8, with or without BOM; GB18030/GBK/GB2312; UTF-16)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from gongkai.core.errors import ReportError


def sniff(data: bytes) -> str:
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536]:
            return "docx"
        if b"xl/" in data[:65536]:
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        return "image"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _text_kind(data.decode("utf-16", errors="replace")[:2048])
    if b"\x00" in head:
        return "binary"
    controls = sum(1 for b in head if b < 0x20 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        return "binary"
    return _text_kind(head.decode("utf-8", errors="ignore"))


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
