"""Inputs `make fuzz` found crashing a reader, kept: each now gives the clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes

FOUND = Path(__file__).resolve().parents[1] / "data" / "fuzz"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("damaged-deflate.docx", "Word（DOCX）文件已损坏或不完整，无法打开"),
        ("bad-xml-attribute.xlsx", "Excel（XLSX）文件已损坏或不完整，无法打开"),
        ("bad-xml-token.xlsx", "Excel（XLSX）文件已损坏或不完整，无法打开"),
    ],
)
def test_found_input_gives_the_clear_error(name: str, words: str) -> None:
    with pytest.raises(ReportError) as caught:
        read_bytes((FOUND / name).read_bytes(), name)
    assert caught.value.message == words
