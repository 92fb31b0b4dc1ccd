"""Who may do what: officers change only their own agency's records, a supervisor reads its
subtree but changes nothing, people without a staff role are refused, and the public sees
published items only."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.cases.models import Agency, Role
from gongkai.proactive.models import ImportBatch, Item, Tally
from tests.proactive.helpers import item
from tests.web.factories import staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


@pytest.fixture
def people(agencies: dict[str, Agency]) -> dict[str, Client]:
    return {
        "town": login(staff("town_officer", agencies["town"], Role.OFFICER)),
        "dept": login(staff("dept_officer", agencies["dept"], Role.OFFICER)),
        "supervisor": login(staff("district_sup", agencies["district"], Role.SUPERVISOR)),
        "nobody": login(staff("no_role", agencies["town"])),
    }


def test_anonymous_and_roleless_users_are_kept_out(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    r = Client().get("/xxgk/staff/")
    assert r.status_code == 302 and "/staff/login/" in r["Location"]
    r = people["nobody"].get("/xxgk/staff/")
    assert r.status_code == 403 and "您没有工作人员岗位" in r.content.decode()


def test_other_agencys_officer_is_refused(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    theirs = item(agencies["dept"], "住建局的信息")
    dept_tally = Tally.objects.create(
        agency=agencies["dept"], kind="penalty", year=2024, month=1, count=3
    )
    town = people["town"]
    assert town.get(f"/xxgk/staff/items/{theirs.pk}/").status_code == 404
    r = town.post(f"/xxgk/staff/items/{theirs.pk}/", {"title": "改掉"})
    assert r.status_code == 404
    assert town.get(f"/xxgk/staff/registers/tallies/{dept_tally.pk}/").status_code == 404
    assert town.get(f"/xxgk/staff/guide/{agencies['dept'].code}/").status_code == 404
    assert "住建局的信息" not in town.get("/xxgk/staff/").content.decode()

    # Posting an item or a tally for an agency that is not theirs is a field error, not a record.
    r = town.post(
        "/xxgk/staff/items/new/",
        {
            "agency": agencies["dept"].pk,
            "title": "冒名登记",
            "category": "work",
            "formed_on": "2024-03-01",
        },
    )
    assert r.status_code == 200 and "选择一个有效的选项" in r.content.decode()
    r = town.post(
        "/xxgk/staff/registers/tallies/new/",
        {
            "agency": agencies["dept"].pk,
            "kind": "penalty",
            "year": 2024,
            "month": 2,
            "count": 9,
            "amount": 0,
        },
    )
    assert r.status_code == 200 and not Tally.objects.filter(month=2).exists()
    assert not Item.objects.filter(title="冒名登记").exists()

    batch = ImportBatch.objects.create(
        agency=agencies["dept"], kind="catalogue", filename="x.csv", data=b""
    )
    assert town.get(f"/xxgk/staff/import/{batch.pk}/").status_code == 404
    assert town.post(f"/xxgk/staff/import/{batch.pk}/").status_code == 404


def test_supervisor_reads_the_subtree_but_changes_nothing(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    theirs = item(agencies["dept"], "住建局的信息")
    sup = people["supervisor"]
    r = sup.get(f"/xxgk/staff/items/{theirs.pk}/")
    assert r.status_code == 200 and "不能修改" in r.content.decode()
    r = sup.post(f"/xxgk/staff/items/{theirs.pk}/", {"title": "改掉"})
    assert r.status_code == 403 and "不是该机构的经办人" in r.content.decode()
    theirs.refresh_from_db()
    assert theirs.title == "住建局的信息"
    assert sup.get("/xxgk/staff/items/new/").status_code == 403
    assert "住建局的信息" in sup.get("/xxgk/staff/").content.decode()
    assert (
        sup.get(f"/xxgk/staff/figures/?agency={agencies['dept'].code}&year=2024").status_code == 200
    )
    assert sup.get(f"/xxgk/staff/figures/?agency={agencies['other'].code}").status_code == 404


def test_officer_enters_an_item_with_an_attachment_the_public_then_sees(
    agencies: dict[str, Agency], people: dict[str, Client]
) -> None:
    town = agencies["town"]
    c = people["town"]
    pdf = ("方案.pdf", PDF)
    r = c.post(
        "/xxgk/staff/items/new/",
        {
            "agency": town.pk,
            "title": "垃圾分类实施方案",
            "category": "regulations",
            "formed_on": "2024-03-01",
            "channels": ["website"],
            "attachments": [SimpleUploadedFile(pdf[0], pdf[1], "application/pdf")],
        },
    )
    assert r.status_code == 302
    it = Item.objects.get(title="垃圾分类实施方案")
    assert it.published_on is None and it.publisher == "某某镇人民政府"
    a = it.attachments.get()
    public = Client()
    assert public.get(f"/xxgk/items/{it.pk}/").status_code == 404  # a draft is not public
    assert public.get(f"/xxgk/items/{it.pk}/files/{a.pk}").status_code == 404

    r = c.post(
        f"/xxgk/staff/items/{it.pk}/",
        {
            "title": "垃圾分类实施方案",
            "category": "regulations",
            "formed_on": "2024-03-01",
            "published_on": "2024-03-04",
            "channels": ["website", "wechat"],
        },
    )
    assert r.status_code == 302
    it.refresh_from_db()
    assert it.published_on == date(2024, 3, 4) and it.agency == town
    page = public.get(f"/xxgk/items/{it.pk}/").content.decode()
    assert "垃圾分类实施方案" in page and "方案.pdf" in page
    got = public.get(f"/xxgk/items/{it.pk}/files/{a.pk}")
    assert got.status_code == 200 and got.content == PDF
    found = public.get("/xxgk/search/", {"q": "垃圾分类"}).content.decode()
    assert "<mark>垃圾分类</mark>实施方案" in found
