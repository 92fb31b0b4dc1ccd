"""Demo records for the portal: a believable catalogue, registers and 回应解读 per agency.

``load(agencies)`` is what ``gongkai serve --demo`` (or ``gongkai proactive demo``) calls
after the demo agencies exist. Deterministic for an agency code, and idempotent: an agency
that already has catalogue items is left alone.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from gongkai.cases import clock
from gongkai.cases.models import Agency
from gongkai.proactive.models import Guide, Item, Matter, RegulatoryDocument, Response, Tally
from gongkai.proactive.services import search
from gongkai.proactive.services.catalogue import save_item

__all__ = ["load"]

TOPICS = (
    "老旧小区改造",
    "垃圾分类",
    "安全生产",
    "防汛防台",
    "乡村振兴",
    "食品安全",
    "农村人居环境整治",
    "优化营商环境",
    "养老服务",
    "河道综合整治",
    "义务教育学校划片",
    "征地补偿",
)
TITLES = (
    ("regulations", "关于印发{a}{t}实施方案的通知", "valid"),
    ("regulations", "{a}关于进一步加强{t}工作的意见", "valid"),
    ("policy_making", "{a}{t}工作规划（{y}—{y2}年）", "valid"),
    ("work", "{a}召开{t}工作推进会", ""),
    ("work", "{a}{y}年{t}工作总结", ""),
    ("notices", "关于{t}有关事项的公告", ""),
    ("finance", "{a}{y}年部门预算", ""),
    ("finance", "{a}{y}年{t}专项资金使用情况", ""),
    ("personnel", "{a}关于工作人员任职的通知", ""),
    ("organization", "{a}领导班子成员及分工", ""),
    ("interpretation", "《{a}{t}实施方案》政策解读", ""),
    ("law_enforcement", "{a}{t}执法检查结果公示", ""),
)
CHANNEL_SETS = (
    ("website",),
    ("website",),
    ("website", "wechat"),
    ("website", "weibo", "wechat"),
    ("website", "gazette"),
    ("wechat",),
    ("website", "app_video"),
)


def _body(rng: random.Random, agency: str, topic: str) -> str:
    parts = [
        f"为深入贯彻落实上级关于{topic}工作的决策部署，{agency}结合工作实际，制定本方案。",
        f"一、总体要求。坚持以人民为中心，聚焦群众急难愁盼问题，统筹推进{topic}各项工作。",
        f"二、主要任务。明确责任分工，细化工作措施，{rng.choice(['按月', '按季度'])}通报进展情况。",
        "三、保障措施。加强组织领导，落实资金保障，强化督查考核，确保各项任务按期完成。",
        "本文件自印发之日起施行。",
    ]
    return "\n".join(parts)


def _catalogue(agency: Agency, rng: random.Random, today: date) -> list[Item]:
    made = []
    number = 0
    for k in range(48):
        formed = today - timedelta(days=rng.randint(3, 520))
        published: date | None = formed + timedelta(days=rng.randint(1, 34))
        if published is None or published > today or k % 17 == 16:
            published = None  # drafts, some of them past their Art. 26 deadline
        category, pattern, validity = TITLES[k % len(TITLES)]
        topic = rng.choice(TOPICS)
        title = pattern.format(a=agency.name, t=topic, y=formed.year, y2=formed.year + 2)
        doc_no = ""
        if category == "regulations":
            number += 1
            doc_no = f"{agency.prefix}〔{formed.year}〕{number}号"
        item = Item(
            agency=agency,
            title=title,
            document_number=doc_no,
            formed_on=formed,
            published_on=published,
            category=category,
            validity=validity,
            body=_body(rng, agency.name, topic),
        )
        made.append(save_item(item, rng.choice(CHANNEL_SETS), index=False, audit=False))
    search.index_items(made)
    return made


def _repeal(issued: date, today: date) -> date | None:
    d = issued + timedelta(days=90)
    return d if d <= today else None


def _registers(agency: Agency, rng: random.Random, today: date, items: list[Item]) -> None:
    regs = [i for i in items if i.category == "regulations" and i.published_on]
    for n, it in enumerate(regs):
        RegulatoryDocument.objects.create(
            agency=agency,
            kind="normative_documents",
            title=it.title,
            document_number=it.document_number
            or f"{agency.prefix}规〔{it.formed_on.year}〕{n + 1}号",
            issued_on=it.formed_on,
            published_on=it.published_on,
            repealed_on=_repeal(it.formed_on, today) if n == 0 else None,
            item=it,
        )
    for kind, names in (
        ("licensing", ("建设工程规划许可", "临时占用道路许可", "户外广告设置许可")),
        ("penalty", ("违法建设行为处罚", "违规占道经营处罚")),
        ("enforcement", ("查封违法建设施工现场",)),
        ("fees", ("城市道路占用费",)),
    ):
        for j, name in enumerate(names):
            Matter.objects.create(
                agency=agency,
                kind=kind,
                name=name,
                listed_on=date(today.year - 2 + (j % 2), 3, 1),
            )
    for year in (today.year - 1, today.year):
        last = 12 if year < today.year else today.month
        for month in range(1, last + 1):
            for kind, lo, hi in (("licensing", 20, 90), ("penalty", 5, 40), ("enforcement", 0, 4)):
                Tally.objects.create(
                    agency=agency, kind=kind, year=year, month=month, count=rng.randint(lo, hi)
                )
            Tally.objects.create(
                agency=agency,
                kind="fees",
                year=year,
                month=month,
                amount=Decimal(rng.randint(5000, 80000)),
            )


def _responses(agency: Agency, rng: random.Random, today: date, items: list[Item]) -> None:
    for it in [i for i in items if i.category == "regulations" and i.published_on][:4]:
        Response.objects.create(
            agency=agency,
            kind="interpretation",
            title=f"图解：{it.title}",
            held_on=it.published_on or today,
            item=it,
        )
    concern = rng.choice(TOPICS)
    for kind, principal in (("press_conference", True), ("online_interview", False)):
        Response.objects.create(
            agency=agency,
            kind=kind,
            title=f"{agency.name}{concern}新闻发布",
            held_on=today - timedelta(days=rng.randint(10, 200)),
            principal=principal,
            concern=concern,
        )
    Response.objects.create(
        agency=agency,
        kind="social_media",
        title=f"关于网民反映{rng.choice(TOPICS)}问题的回应",
        held_on=today - timedelta(days=rng.randint(5, 120)),
        concern="网民反映问题",
    )


@transaction.atomic
def load(agencies: Iterable[Agency]) -> int:
    """Demo records for each agency that has no catalogue yet; how many agencies got them."""
    today = clock.today()
    n = 0
    for agency in agencies:
        if Item.objects.filter(agency=agency).exists():
            continue
        rng = random.Random(agency.code)
        items = _catalogue(agency, rng, today)
        _registers(agency, rng, today, items)
        _responses(agency, rng, today, items)
        Guide.objects.get_or_create(
            agency=agency,
            defaults={
                "office": f"{agency.name}办公室",
                "office_hours": "工作日上午8:30—12:00，下午14:00—17:30",
                "reading_room": f"{agency.name}政务服务中心一楼政府信息公开查阅点",
            },
        )
        n += 1
    return n
