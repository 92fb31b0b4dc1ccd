"""The command line as a user (or another program) runs it: exit codes, one-line errors
naming the file, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import CORPUS, SEED_000, SEED_002


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )


def test_parse_prints_interchange_json(shared: Path) -> None:
    out = run("parse", str(SEED_000))
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["schema"] == "gongkai.report/1"
    assert (doc["format"], doc["agency"], doc["year"]) == ("2019", "鄞江镇人民政府", 2019)
    assert doc["requests"]["new_received"]["natural_person"] == 6
    assert "sources" not in doc


def test_parse_provenance_and_stdin(shared: Path) -> None:
    out = run("parse", "--provenance", "-", stdin=SEED_002.read_bytes())
    doc = json.loads(out.stdout)
    assert doc["sources"]["legacy_stats.published_weibo.value"]["line"] == 453
    assert doc["sources"]["requests.new_received.natural_person"]["text"] == "0"


def test_check_exit_codes(shared: Path) -> None:
    assert run("check", str(SEED_000)).returncode == 0
    bad = run("check", str(CORPUS / "hongze-district-gov-2024.pypdf-extract.txt"))
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{CORPUS / 'hongze-district-gov-2024.pypdf-extract.txt'}:25: error [narrative.matches_table]")
    assert "1 个错误" in bad.stderr


def test_check_json_and_previous(shared: Path) -> None:
    out = run(
        "check",
        "--json",
        str(CORPUS / "hongze-district-gov-2024.pypdf-extract.txt"),
        "--previous",
        str(CORPUS / "hongze-district-gov-2023.pypdf-extract.txt"),
    )
    found = json.loads(out.stdout)
    assert [f["rule"] for f in found] == ["narrative.matches_table"]
    assert found[0]["cells"][0] == {
        "address": "requests.new_received.total",
        "value": 95,
        "printed": "95",
        "source": {"text": "95", "line": 77, "column": 31, "page": 3, "label": "一、本年新收政府信息公开申请数量"},
    }


@pytest.mark.parametrize("to", ["txt", "md", "json"])
def test_render_round_trips_through_the_cli(shared: Path, tmp_path: Path, to: str) -> None:
    target = tmp_path / f"out.{to}"
    assert run("render", str(SEED_000), "--to", to, "-o", str(target)).returncode == 0
    again = json.loads(run("parse", str(target)).stdout)
    first = json.loads(run("parse", str(SEED_000)).stdout)
    for key in ("format", "agency", "year", "proactive", "requests", "reviews", "narrative"):
        assert again[key] == first[key]


def test_render_json_input(shared: Path, tmp_path: Path) -> None:
    doc = tmp_path / "r.json"
    doc.write_text(run("parse", str(SEED_002)).stdout, "utf-8")
    out = run("render", str(doc), "--to", "txt", "-o", "-")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0] == "镇海区新闻中心2020年政府信息公开工作年度报告"
    assert "统计指标" in out.stdout


def bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    seed = SEED_000.read_text("utf-8")
    files = {
        "empty": (b"", "文件是空的"),
        "binary": (bytes(range(256)) * 8, "二进制"),
        "cut": ("\n".join(seed.splitlines()[:150]).encode("utf-8"), "中断"),
        "notice": ("关于召开会议的通知\n请各单位准时参加。\n".encode(), "不是政府信息公开工作年度报告"),
        "badjson": (b'{"schema": "gongkai.report/1", "format": "2019", "requests": {"new_received": {"natural_person": "six"}}}', "natural_person"),
        "latin1": ("caf\xe9 \xff\xfe".encode("latin-1") * 50, "编码"),
    }
    out = {}
    for name, (data, message) in files.items():
        path = tmp / f"{name}.txt"
        path.write_bytes(data)
        out[name] = (path, message)
    archive = tmp / "archive.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    out["zip"] = (archive, "ZIP")
    out["missing"] = (tmp / "nope.txt", "文件不存在")
    out["directory"] = (tmp, "目录")
    return out


@pytest.mark.parametrize("case", ["empty", "binary", "cut", "notice", "badjson", "latin1", "zip", "missing", "directory"])
@pytest.mark.parametrize("command", ["parse", "check"])
def test_bad_input_gets_one_clear_line_and_exit_2(tmp_path: Path, case: str, command: str) -> None:
    path, message = bad_inputs(tmp_path)[case]
    out = run(command, str(path))
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith(f"{path}: ") and message in lines[0]
    assert "Traceback" not in out.stderr


def test_gb18030_file_is_detected_and_read(shared: Path, tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(SEED_000.read_text("utf-8").encode("gb18030"))
    out = run("parse", str(path))
    assert out.returncode == 0
    assert json.loads(out.stdout)["agency"] == "鄞江镇人民政府"
