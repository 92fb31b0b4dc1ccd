"""Roll-up (汇总) over real reports: the sums are the sums, and what cannot be summed is
listed. The expected totals are counted here from the agencies' own cells."""

from __future__ import annotations

from pathlib import Path

from gongkai.core.checks.rollup import check_rollup
from gongkai.core.readers import read_bytes
from gongkai.core.report import Report
from gongkai.core.rollup import roll_up
from tests.conftest import CORPUS, SEED_000, SEED_002


def _read(path: Path) -> Report:
    return read_bytes(path.read_bytes(), path.name)


HUAIAN = CORPUS / "huaian-city-gov-2024.pypdf-extract.txt"
HONGZE = CORPUS / "hongze-district-gov-2024.pypdf-extract.txt"


def test_two_2021_reports_sum_cell_by_cell_and_pass_the_rollup_check() -> None:
    a, b = _read(HUAIAN), _read(HONGZE)
    got = roll_up("淮安市（汇总）", 2024, {"淮安市人民政府": a, "洪泽区人民政府": b})
    r = got.report
    assert r.format == "2021" and got.missing == [] and got.partial == {}
    for address in set(a.cells) | set(b.cells):
        va, vb = a.value(address), b.value(address)
        if va is None and vb is None:
            assert r.value(address) is None, address
        else:
            assert r.value(address) == (va or 0) + (vb or 0), address
    # 3119 + 95 new requests, as the two reports print them
    assert r.value("requests.new_received.total") == 3119 + 95
    assert check_rollup(r, {"淮安市人民政府": a, "洪泽区人民政府": b}) == []


def test_missing_agencies_are_listed_and_warned_about() -> None:
    a = _read(HUAIAN)
    got = roll_up("汇总", 2024, {"淮安市人民政府": a, "某某镇人民政府": None})
    assert got.missing == ["某某镇人民政府"]
    assert got.report.value("requests.new_received.total") == a.value(
        "requests.new_received.total"
    )
    findings = check_rollup(got.report, {"淮安市人民政府": a, "某某镇人民政府": None})
    assert [(f.rule, f.severity) for f in findings] == [("rollup.sum", "warning")]
    assert "某某镇人民政府" in findings[0].message


def test_a_2019_report_in_a_2021_rollup_adds_table_three_and_is_listed_for_table_two() -> None:
    old, new = _read(SEED_000), _read(HUAIAN)
    got = roll_up("汇总", 2024, {"鄞江镇": old, "淮安市": new})
    assert old.format == "2019"
    assert got.report.value("requests.new_received.total") == (
        (old.value("requests.new_received.total") or 0)
        + (new.value("requests.new_received.total") or 0)
    )
    lacking = got.partial["鄞江镇"]
    assert "proactive.rules.issued" in lacking
    assert all(not a.startswith("requests.new_received") for a in lacking)


def test_sources_say_how_many_agencies_a_cell_sums() -> None:
    a, b = _read(SEED_000), _read(SEED_002)
    got = roll_up("汇总", 2019, {"甲": a, "乙": b})
    cell = got.report.cells["requests.new_received.total"]
    assert cell.source is not None and cell.source.label == "汇总2个单位"


def test_a_tampered_rollup_fails_the_check_at_that_cell() -> None:
    a, b = _read(HUAIAN), _read(HONGZE)
    parts: dict[str, Report | None] = {"甲": a, "乙": b}
    r = roll_up("汇总", 2024, parts).report
    r.cells["requests.granted.total"].value = (r.value("requests.granted.total") or 0) + 1
    findings = check_rollup(r, parts)
    assert [f.rule for f in findings] == ["rollup.sum"]
    assert "requests.granted.total" in findings[0].message
