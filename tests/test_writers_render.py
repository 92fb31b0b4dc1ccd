"""``gongkai render FILE --to html|docx|pdf|xlsx -o OUT`` as a user runs it: the file
written is the format asked for (told by its content), and ``gongkai parse`` reads it
back to the same interchange JSON cells as the source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.core.readers.decode import sniff

from .conftest import SEED_000

MAGIC = {"html": b"<!DOCTYPE html>", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "pdf": b"%PDF-"}


def gongkai(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args], capture_output=True, check=False
    )


def tables(doc: dict[str, object]) -> dict[str, object]:
    return {k: doc[k] for k in ("format", "agency", "year", "proactive", "requests", "reviews")}


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "pdf"])
def test_render_writes_the_format_and_parse_reads_it_back(
    shared: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    done = gongkai("render", str(SEED_000), "--to", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    data = out.read_bytes()
    assert data.startswith(MAGIC[fmt])
    assert sniff(data) == fmt
    # the name says nothing: parse tells the kind by content
    anonymous = tmp_path / "report.bin"
    anonymous.write_bytes(data)
    parsed = gongkai("parse", str(anonymous))
    assert parsed.returncode == 0, parsed.stderr.decode()
    source = gongkai("parse", str(SEED_000))
    assert tables(json.loads(parsed.stdout)) == tables(json.loads(source.stdout))


def test_render_from_interchange_json(shared: Path, tmp_path: Path) -> None:
    doc = tmp_path / "report.json"
    doc.write_bytes(gongkai("parse", str(SEED_000)).stdout)
    out = tmp_path / "report.html"
    done = gongkai("render", str(doc), "--to", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    assert (
        "<h1><span>鄞江镇人民政府</span><span>2019年政府信息公开工作年度报告</span></h1>"
        in out.read_text("utf-8")
    )
