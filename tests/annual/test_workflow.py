"""Draft → checked → approved → published, corrections as new versions, imports as the
previous year, through the pages an officer and an approver use."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from gongkai.annual.models import AnnualReport, ReportVersion
from gongkai.annual.services import previous_report
from gongkai.cases.models import Agency
from gongkai.core.checks import check
from gongkai.core.readers import read_bytes
from gongkai.core.writers import render
from tests.annual.records import Req, Rev, add_request, add_review, agency, staff


@pytest.fixture
def town(db: None) -> Agency:
    t = agency("330212101", "某某镇人民政府")
    add_request(t, Req("natural_person", date(2023, 12, 20)))  # carried into 2024
    add_request(t, Req("commercial", date(2023, 5, 1), date(2023, 5, 9), "granted"))
    add_request(
        t, Req("natural_person", date(2024, 2, 1), date(2024, 2, 10), "withheld_third_party")
    )
    add_request(t, Req("research", date(2024, 12, 28)))
    add_review(t, Rev("reconsideration", date(2024, 4, 1), "upheld", date(2024, 6, 1)))
    return t


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_officer_checks_approver_approves_officer_publishes_and_corrects(town: Agency) -> None:
    officer = _client(staff("jb", town, "officer"))
    approver = _client(staff("sh", town, "approver"))
    page = officer.get("/annual/330212101/2024/")
    assert page.status_code == 200
    # every compiled cell links to its records
    assert 'href="/annual/330212101/2024/cell/requests.carried_over.natural_person/"' in page.text
    drill = officer.get("/annual/330212101/2024/cell/requests.carried_over.natural_person/")
    assert drill.status_code == 200 and '<strong id="count">1</strong>' in drill.text

    # approving before checking is refused
    approver.post("/annual/330212101/2024/approve/")
    assert not AnnualReport.objects.filter(agency=town, year=2024, state="approved").exists()

    officer.post(
        "/annual/330212101/2024/save/",
        {"problems": "申请办理的答复文书格式有待进一步规范，下一步将加强培训。"},
    )
    officer.post("/annual/330212101/2024/check/")
    row = AnnualReport.objects.get(agency=town, year=2024)
    assert row.state == "checked", row.findings
    assert previous_report(town, 2024) is not None  # carry_chain ran against 2023's records
    approver.post("/annual/330212101/2024/approve/")
    officer.post("/annual/330212101/2024/publish/")
    row.refresh_from_db()
    assert row.state == "published"
    v1 = row.versions.get(number=1)
    assert bytes(v1.pdf).startswith(b"%PDF") and bytes(v1.docx).startswith(b"PK")
    assert bytes(v1.xlsx).startswith(b"PK")

    public = Client()
    html = public.get("/annual/published/330212101/2024/")
    assert html.status_code == 200
    assert "某某镇人民政府" in html.text and "下载PDF" in html.text
    for fmt in ("docx", "pdf", "xlsx", "json"):
        got = public.get(f"/annual/published/330212101/2024/v1.{fmt}")
        assert got.status_code == 200, fmt
    back = read_bytes(public.get("/annual/published/330212101/2024/v1.json").content, "v1.json")
    assert back.value("requests.carried_over.total") == 1
    assert back.value("requests.carried_forward.total") == 2
    assert not [f for f in check(back) if f.severity == "error"]
    docx_back = read_bytes(bytes(v1.docx), "v1.docx")
    assert docx_back.value("requests.withheld_third_party.natural_person") == 1

    # a published version is frozen; a correction is version 2, and both stay on the portal
    with pytest.raises(ValueError):
        v1.save()
    officer.post("/annual/330212101/2024/correct/")
    add_request(town, Req("legal_service", date(2024, 6, 1), date(2024, 6, 3), "granted"))
    officer.post("/annual/330212101/2024/check/")
    approver.post("/annual/330212101/2024/approve/")
    officer.post("/annual/330212101/2024/publish/", {"reason": "补录一件遗漏的申请"})
    assert list(ReportVersion.objects.filter(report=row).values_list("number", flat=True)) == [2, 1]
    v1.refresh_from_db()
    assert json.loads(v1.document)["requests"]["new_received"]["total"] == 2
    v2 = row.versions.get(number=2)
    assert json.loads(v2.document)["requests"]["new_received"]["total"] == 3
    latest = public.get("/annual/published/330212101/2024/")
    assert (
        "补录一件遗漏的申请" in latest.text
        and "/annual/published/330212101/2024/v1/" in latest.text
    )
    assert public.get("/annual/published/330212101/2024/v1/").status_code == 200
    listing = public.get("/annual/published/")
    assert "第2版" in listing.text


def test_imported_previous_year_breaks_the_carry_chain(town: Agency) -> None:
    officer = _client(staff("jb", town, "officer"))
    # last year's report as the agency published it: 3 natural persons carried forward
    from gongkai.annual.compile import compile_report

    printed = compile_report(town, 2023)
    printed.cells["requests.carried_forward.natural_person"].value = 3
    printed.cells["requests.carried_forward.total"].value = 3
    printed.cells["requests.total_processed.natural_person"].value = -2  # keeps nothing balanced
    data = str(render(printed, "json")).encode()
    officer.post("/annual/330212101/2023/import/", {"file": _upload(data, "2023.json")})
    row = AnnualReport.objects.get(agency=town, year=2023)
    assert row.origin == "imported" and row.state == "published"
    assert bytes(row.versions.get().original) == data

    officer.post("/annual/330212101/2024/check/")
    row24 = AnnualReport.objects.get(agency=town, year=2024)
    assert row24.state == "draft"
    assert any(f["rule"] == "year.carry_chain" for f in row24.findings)


def test_an_unreadable_import_is_refused_in_one_sentence(town: Agency) -> None:
    officer = _client(staff("jb", town, "officer"))
    got = officer.post(
        "/annual/330212101/2023/import/",
        {"file": _upload(b"\x00\x01\x02garbage", "x.bin")},
        follow=True,
    )
    assert not AnnualReport.objects.filter(agency=town, year=2023).exists()
    assert "x.bin：" in got.text


def _upload(data: bytes, name: str) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
