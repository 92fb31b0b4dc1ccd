"""Telling HTML, DOCX, XLSX and PDF apart by content, never by name, and the commands
taking every one of them."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from gongkai.core.readers import read_bytes
from gongkai.core.readers.decode import decode_html, sniff

from .format_support import FORMATS, assert_cells, fixture_cells
from .test_cli import run

FIXTURES = {
    "html": FORMATS / "seed-000.cms.html",
    "docx": FORMATS / "kiro-2025.merged.docx",
    "xlsx": FORMATS / "hongze-2024.sheets.xlsx",
    "pdf": FORMATS / "shanghai-2019.pages.pdf",
}


@pytest.mark.parametrize("kind", list(FIXTURES))
def test_kind_told_by_content_whatever_the_name(kind: str) -> None:
    data = FIXTURES[kind].read_bytes()
    assert sniff(data) == kind
    for misleading in ("report.txt", "年报"):
        assert_cells(read_bytes(data, misleading), fixture_cells(FIXTURES[kind]))


def test_docx_whose_word_parts_start_late_in_the_zip() -> None:
    """The first 64 KiB hold no ``word/`` name (a large part first): the central directory
    still tells a DOCX."""
    original = zipfile.ZipFile(FIXTURES["docx"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("docProps/padding.bin", os.urandom(80_000))
        for item in original.infolist():
            z.writestr(item, original.read(item.filename))
    data = out.getvalue()
    assert b"word/" not in data[:65536]
    assert sniff(data) == "docx"


def test_html_decoding_prefers_utf8_then_the_declared_charset() -> None:
    text = "<html><head><meta charset='gb2312'></head><body><p>鄞江镇 碶闸</p></body></html>"
    assert decode_html(text.encode("utf-8")) == text  # mislabelled UTF-8
    assert decode_html(text.encode("gbk")) == text  # 碶 is GBK, not GB2312
    assert decode_html(text.replace("gb2312", "x-gbk").encode("gb18030")) == text.replace(
        "gb2312", "x-gbk"
    )


@pytest.mark.parametrize("kind", list(FIXTURES))
def test_cli_parse_check_and_render_take_every_format(kind: str, tmp_path: Path) -> None:
    path = FIXTURES[kind]
    parsed = run("parse", str(path))
    assert parsed.returncode == 0, parsed.stderr
    doc = json.loads(parsed.stdout)
    assert doc["schema"] == "gongkai.report/1"
    checked = run("check", "--json", str(path))
    assert checked.returncode in (0, 1), checked.stderr
    assert isinstance(json.loads(checked.stdout), list)
    out = tmp_path / "out.json"
    rendered = run("render", str(path), "--to", "json", "-o", str(out))
    assert rendered.returncode == 0, rendered.stderr
    assert json.loads(out.read_text("utf-8")) == doc
