"""``gongkai report compile``: the compiled report as interchange JSON on stdout."""

from __future__ import annotations

import json
from datetime import date

import pytest

from gongkai.cli import main
from gongkai.core.checks import check
from gongkai.core.readers import read_bytes
from tests.annual.records import Req, add_request, agency


@pytest.mark.django_db
def test_compile_prints_the_interchange_json(capsys: pytest.CaptureFixture[str]) -> None:
    town = agency("330212101", "某某镇人民政府")
    add_request(town, Req("natural_person", date(2023, 12, 28)))
    add_request(town, Req("commercial", date(2024, 3, 1), date(2024, 3, 20), "partly_granted"))
    add_request(town, Req("natural_person", date(2024, 12, 30)))

    assert main(["report", "compile", "--agency", "330212101", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)
    assert doc["schema"] == "gongkai.report/1"
    assert (doc["agency"], doc["year"], doc["format"]) == ("某某镇人民政府", 2024, "2021")
    assert doc["requests"]["new_received"]["total"] == 2
    assert doc["requests"]["carried_over"]["natural_person"] == 1
    assert doc["requests"]["partly_granted"]["commercial"] == 1
    assert doc["requests"]["carried_forward"]["total"] == 2
    assert "收到政府信息公开申请2件" in doc["narrative"]["overview"]
    # what it prints is a report the core reads back, and it passes the rules
    back = read_bytes(out.encode(), "compiled.json")
    assert not [f for f in check(back) if f.severity == "error"]


@pytest.mark.django_db
def test_unknown_agency_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "compile", "--agency", "999", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "gongkai report compile: 没有机构代码为 999 的机构"
