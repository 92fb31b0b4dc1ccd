"""Counting from the records: channels counted once per item in the total and once per
channel, Art. 26 lateness on the real holiday calendar, the registers of table 二 across
two years with in_force chaining, 回应解读 for the 统计指标 rows, gap-free 索引号."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError
from hypothesis import given
from hypothesis import strategies as st

from gongkai.cases.models import Agency
from gongkai.cases.services.calendar import enter_year
from gongkai.core.template import template
from gongkai.proactive import counting
from gongkai.proactive.models import Item, Matter, RegulatoryDocument, Response, Tally
from gongkai.proactive.services import figures
from gongkai.workdays import publication_due
from tests.proactive.helpers import item


def test_multichannel_items_count_once_in_total_and_once_per_channel(
    agencies: dict[str, Agency],
) -> None:
    town = agencies["town"]
    plan = [
        ("website", "wechat"),
        ("website",),
        ("website", "weibo", "wechat"),
        ("wechat",),
        ("gazette", "website", "app_video"),
    ]
    for i, chans in enumerate(plan):
        item(town, f"信息{i}", channels=chans)
    item(town, "上年发布", formed=date(2023, 12, 1), published=date(2023, 12, 4))
    item(town, "草稿", published=None, channels=())
    item(agencies["dept"], "别的机关", channels=("website",))

    f = figures.catalogue(town, 2024)
    assert f.total == len(plan)
    expected = {c: sum(c in p for p in plan) for c in ("website", "wechat", "weibo", "gazette")}
    for c, n in expected.items():
        assert f.channels[c] == n
    assert f.channels["app_video"] == 1 and f.channels["other"] == 0
    assert sum(f.channels.values()) == sum(len(p) for p in plan) > f.total
    assert counting.narrative_sentence(town.name, f) == (
        "2024年，某某镇人民政府主动公开政府信息5条（不同渠道和方式公开相同信息计1条）。"
        "其中，政府网站公开4条，政府公报公开1条，政务微博公开1条，政务微信公开3条，"
        "客户端、短视频公开1条。"
    )
    legacy = figures.legacy(town, 2024)
    assert legacy["legacy_stats.proactive_published.value"] == 5
    assert legacy["legacy_stats.published_website.value"] == 4
    assert legacy["legacy_stats.published_other.value"] == 1  # 客户端/短视频 goes under 其他


def test_publication_deadline_over_national_day_and_late_items(
    agencies: dict[str, Agency],
) -> None:
    """Formed Friday 20 September 2024: 1–7 October are holidays, Sunday 29 September and
    Saturday 12 October are make-up workdays, so the 20th working day is 23 October."""
    town = agencies["town"]
    formed = date(2024, 9, 20)
    on_time = item(town, "按时", formed=formed, published=date(2024, 10, 23))
    late = item(town, "逾期发布", formed=formed, published=date(2024, 10, 24))
    draft = item(town, "未发布", formed=formed, published=None)
    changed = item(
        town,
        "变更后重新计算",
        formed=date(2024, 1, 5),
        changed_on=formed,
        published=date(2024, 10, 23),
    )
    assert on_time.due_on == date(2024, 10, 23) == publication_due(formed).due
    assert not on_time.due_provisional
    assert not on_time.is_late and late.is_late and not changed.is_late
    assert not draft.is_overdue(date(2024, 10, 23)) and draft.is_overdue(date(2024, 10, 24))
    assert list(Item.objects.late()) == [late]
    assert list(Item.objects.overdue(date(2024, 10, 24))) == [draft]
    assert figures.catalogue(town, 2024).late == 1


def test_unknown_holiday_year_is_provisional_until_entered(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    it = item(town, "跨入未知年度", formed=date(2026, 12, 20), published=None)
    assert it.due_provisional
    guessed = it.due_on
    # The administrator enters 2027 with 4 January as an extra holiday: the item moves.
    enter_year(2027, [date(2027, 1, 1), date(2027, 1, 4)], [])
    it.refresh_from_db()
    assert not it.due_provisional
    assert it.due_on > guessed


def _doc(agency: Agency, kind: str, number: str, issued: date, **kw: object) -> None:
    RegulatoryDocument.objects.create(
        agency=agency,
        kind=kind,
        title=f"文件{number}",
        document_number=number,
        issued_on=issued,
        **kw,
    )


def test_registers_across_two_years_chain_in_force(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    nd = "normative_documents"
    _doc(town, nd, "某镇政规〔2022〕1号", date(2022, 5, 1), published_on=date(2022, 5, 10))
    _doc(town, nd, "某镇政规〔2023〕1号", date(2023, 3, 1), published_on=date(2023, 3, 2))
    _doc(
        town,
        nd,
        "某镇政规〔2023〕2号",
        date(2023, 6, 1),
        published_on=date(2023, 6, 3),
        repealed_on=date(2024, 2, 1),
    )
    _doc(town, nd, "某镇政规〔2023〕3号", date(2023, 12, 29), published_on=date(2024, 1, 8))
    _doc(
        town,
        nd,
        "某镇政规〔2024〕1号",
        date(2024, 4, 1),
        published_on=date(2024, 4, 2),
        repealed_on=date(2024, 11, 30),
    )
    _doc(town, nd, "某镇政规〔2024〕2号", date(2024, 12, 31))  # not yet published
    _doc(town, "rules", "某区政府令第1号", date(2023, 7, 1), published_on=date(2023, 7, 1))
    _doc(agencies["dept"], nd, "别的机关〔2024〕1号", date(2024, 1, 1))

    y23, y24 = figures.table2_cells(town, 2023), figures.table2_cells(town, 2024)
    assert set(y24) == set(template("2021").proactive.addresses())
    assert (
        y23["proactive.normative_documents.issued"],
        y23["proactive.normative_documents.repealed"],
        y23["proactive.normative_documents.in_force"],
    ) == (3, 0, 4)
    assert (
        y24["proactive.normative_documents.issued"],
        y24["proactive.normative_documents.repealed"],
        y24["proactive.normative_documents.in_force"],
    ) == (2, 2, 4)
    for kind in ("rules", "normative_documents"):
        assert (
            y24[f"proactive.{kind}.in_force"]
            == y23[f"proactive.{kind}.in_force"]  # type: ignore[operator]
            + y24[f"proactive.{kind}.issued"]
            - y24[f"proactive.{kind}.repealed"]
        )
    assert (y24["proactive.rules.issued"], y24["proactive.rules.in_force"]) == (0, 1)

    # The same registers in the 2019 columns: made, made public, public and in force.
    old = figures.table2_cells(town, 2024, "2019")
    assert set(old) == set(template("2019").proactive.addresses())
    assert old["proactive.normative_documents.new_made"] == 2
    assert old["proactive.normative_documents.new_published"] == 2  # 〔2023〕3号 and 〔2024〕1号
    assert old["proactive.normative_documents.total_published"] == 3  # 2022/1, 2023/1, 2023/3

    # Every count lists its records (drill-down).
    for address, value in y24.items():
        if address.endswith((".issued", ".repealed", ".in_force")):
            assert figures.records_behind(town, 2024, address).count() == value, address


def test_decisions_fees_and_matters(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    for month, n in ((1, 12), (2, 7), (12, 30)):
        Tally.objects.create(agency=town, kind="penalty", year=2024, month=month, count=n)
    Tally.objects.create(agency=town, kind="penalty", year=2023, month=12, count=99)
    Tally.objects.create(agency=town, kind="licensing", year=2024, month=5, count=550)
    Tally.objects.create(agency=town, kind="fees", year=2024, month=3, amount=Decimal("12345.60"))
    Tally.objects.create(agency=town, kind="fees", year=2024, month=9, amount=Decimal("4.40"))
    Tally.objects.create(
        agency=town, kind="procurement", year=2020, month=6, count=3, amount=Decimal("250000")
    )
    for name, listed, delisted in (
        ("许可一", date(2018, 1, 1), None),
        ("许可二", date(2019, 3, 1), None),
        ("许可三", date(2019, 5, 1), date(2020, 6, 30)),
        ("许可四", date(2020, 2, 1), None),
        ("许可五", date(2020, 8, 1), None),
    ):
        Matter.objects.create(
            agency=town, kind="licensing", name=name, listed_on=listed, delisted_on=delisted
        )

    y24 = figures.table2_cells(town, 2024)
    assert y24["proactive.penalty.decisions"] == 49
    assert y24["proactive.licensing.decisions"] == 550
    assert y24["proactive.enforcement.decisions"] == 0
    assert y24["proactive.fees.amount"] == Decimal("1.235")  # 12,350.00 元 in 万元
    assert figures.records_behind(town, 2024, "proactive.penalty.decisions").count() == 3

    y20 = figures.table2_cells(town, 2020)  # 2019 format
    assert y20["proactive.licensing.previous_year_items"] == 3
    assert y20["proactive.licensing.change"] == 1  # +2 listed, −1 delisted
    assert y20["proactive.procurement.projects"] == 3
    assert y20["proactive.procurement.amount"] == Decimal(25)
    assert y20["proactive.fees.previous_year_items"] == 0
    assert figures.records_behind(town, 2020, "proactive.licensing.change").count() == 3
    with pytest.raises(KeyError):
        figures.records_behind(town, 2020, "requests.new_received.total")


def test_responses_for_the_legacy_statistics(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    rows = [
        ("press_conference", True, "老旧小区改造"),
        ("press_conference", False, ""),
        ("online_interview", True, "老旧小区改造"),
        ("interpretation", False, ""),
        ("interpretation", False, ""),
        ("social_media", False, "垃圾分类"),
        ("other", False, "垃圾分类 "),
    ]
    for i, (kind, principal, concern) in enumerate(rows):
        Response.objects.create(
            agency=town,
            kind=kind,
            title=f"回应{i}",
            held_on=date(2024, 6, i + 1),
            principal=principal,
            concern=concern,
        )
    Response.objects.create(
        agency=town, kind="interpretation", title="去年", held_on=date(2023, 1, 1)
    )
    cells = figures.legacy(town, 2024)
    assert cells["legacy_stats.responses.value"] == 2  # two concerns, however answered
    assert cells["legacy_stats.press_conferences.value"] == 2
    assert cells["legacy_stats.press_conferences_principal.value"] == 1
    assert cells["legacy_stats.online_interviews_principal.value"] == 1
    assert cells["legacy_stats.interpretations.value"] == 2
    assert cells["legacy_stats.social_media_responses.value"] == 1
    assert cells["legacy_stats.other_responses.value"] == 1


def test_index_numbers_have_no_gaps(agencies: dict[str, Agency]) -> None:
    town = agencies["town"]
    a = item(town, "一")
    with pytest.raises(IntegrityError):  # published before formed: refused, number returned
        item(town, "坏", formed=date(2024, 3, 9), published=date(2024, 3, 1))
    b = item(town, "二")
    c = item(agencies["dept"], "别的机关")
    assert [a.index_number, b.index_number] == ["330212101/2024-00001", "330212101/2024-00002"]
    assert c.index_number == "330212201/2024-00001"
    imported = item(town, "导入", index_number="330212101/2024-00040")
    assert (imported.year, imported.serial) == (2024, 40)
    assert item(town, "三").index_number == "330212101/2024-00041"


_dates = st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def _documents(draw: st.DrawFn) -> counting.DocumentFact:
    issued = draw(_dates)
    repealed = draw(st.none() | _dates.filter(lambda d: d >= issued))
    return counting.DocumentFact("normative_documents", issued, None, repealed)


@given(st.lists(_documents(), max_size=30), st.integers(min_value=2019, max_value=2026))
def test_in_force_chains_for_any_register(docs: list[counting.DocumentFact], year: int) -> None:
    reg = counting.Registers(documents=tuple(docs))
    now, before = counting.table2(year, reg, "2021"), counting.table2(year - 1, reg, "2021")
    a = "proactive.normative_documents."
    assert now[a + "in_force"] == before[a + "in_force"] + now[a + "issued"] - now[a + "repealed"]  # type: ignore[operator]
