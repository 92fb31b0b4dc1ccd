"""``gongkai deadline`` as a person or a script runs it: the date, ``provisional`` when a
holiday year is unknown, exit 2 with one Chinese line for bad dates and pauses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "deadline", *args],
        capture_output=True,
        check=False,
        text=True,
        encoding="utf-8",
    )


def ok(*args: str) -> str:
    out = run(*args)
    assert (out.returncode, out.stderr) == (0, ""), out.stderr
    return out.stdout


def test_across_national_day() -> None:
    # Hand count in tests/test_workdays.py::test_across_national_day_2025.
    assert ok("2025-09-26") == "2025-10-30\n"


def test_extended_and_paused() -> None:
    assert ok("2025-09-26", "--extended") == "2025-11-27\n"
    assert ok("2025-06-09", "--pause", "2025-06-16:2025-06-27") == "2025-07-21\n"
    assert ok("2025-09-26", "--extended", "--pause", "2025-10-09:2025-10-20") == "2025-12-10\n"
    # Two pauses given separately count as their union.
    assert (
        ok("2025-06-09", "--pause", "2025-06-16:2025-06-20", "--pause", "2025-06-23:2025-06-27")
        == "2025-07-21\n"
    )


def test_restart_after_correction() -> None:
    assert ok("2025-03-03", "--restart", "2025-03-17") == "2025-04-15\n"


def test_unknown_year_is_provisional(tmp_path: Path) -> None:
    assert ok("2026-12-18") == "2027-01-15 provisional\n"
    entered = tmp_path / "2027.toml"
    entered.write_text("[[year]]\nyear = 2027\nholidays = [2027-01-01]\nworkdays = []\n", "utf-8")
    assert ok("2026-12-18", "--calendar", str(entered)) == "2027-01-18\n"


def fails(*args: str) -> str:
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def test_bad_date() -> None:
    assert (
        fails("2025-13-01") == "2025-13-01: 日期“2025-13-01”无效，应写作 YYYY-MM-DD，如 2025-09-30"
    )
    assert "日期“20250926”无效" in fails("20250926")


def test_bad_pauses() -> None:
    assert (
        fails("2025-09-26", "--pause", "2025-10-09:2025-10-01")
        == "--pause 2025-10-09:2025-10-01: 暂停期间无效：开始日期 2025-10-09 晚于结束日期 2025-10-01"
    )
    assert fails("2025-09-26", "--pause", "2025-10-09").endswith(
        "暂停期间应写作 开始日期:结束日期，如 2025-10-09:2025-10-20"
    )
    assert "日期“2025-10-32”无效" in fails("2025-09-26", "--pause", "2025-10-01:2025-10-32")


def test_bad_restart_and_calendar(tmp_path: Path) -> None:
    assert fails("2025-03-03", "--restart", "2025-03-01") == (
        "--restart 2025-03-01: 重新起算日早于收到申请之日 2025-03-03"
    )
    wrong_year = tmp_path / "wrong.toml"
    wrong_year.write_text("[[year]]\nyear = 2027\nholidays = [2026-12-31]\n", "utf-8")
    assert fails("2026-12-18", "--calendar", str(wrong_year)) == (
        f"{wrong_year}: 2026年12月31日不属于2027年，不能录入该年度的节假日安排"
    )
    assert fails("2026-12-18", "--calendar", str(tmp_path / "missing.toml")).endswith("文件不存在")
