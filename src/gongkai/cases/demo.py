"""Demo data for ``gongkai serve --demo``: a district with its towns and departments, its
staff, and a year of requests in every outcome of table 三 — some overdue, some paused,
some extended — built through the same acts an officer performs, at their real dates.

Deterministic (a fixed seed) apart from today's date, which the year ends on.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gongkai.cases import clock, letters
from gongkai.cases.identity import check_char_for_credit_code, check_char_for_id
from gongkai.cases.models import Agency, DisclosureRequest, Membership, ReviewKind, Role
from gongkai.cases.outcomes import outcomes
from gongkai.cases.services import lifecycle as lc
from gongkai.cases.services import reviews
from gongkai.cases.services.intake import submit
from gongkai.workdays import count_working_days

__all__ = ["PASSWORD", "load"]

PASSWORD = "gongkai-demo"

_GOV = {"reconsideration_body": "宁波市人民政府", "court": "宁波市中级人民法院"}
_LOCAL = {"reconsideration_body": "宁波市海曙区人民政府", "court": "宁波市海曙区人民法院"}
_AGENCIES: list[tuple[str, str, str, str | None, dict[str, str]]] = [
    ("330203", "宁波市海曙区人民政府", "海政", None, _GOV),
    ("330203101", "宁波市海曙区鄞江镇人民政府", "鄞江政", "330203", _LOCAL),
    ("330203102", "宁波市海曙区章水镇人民政府", "章水政", "330203", _LOCAL),
    ("330203103", "宁波市海曙区古林镇人民政府", "古林政", "330203", _LOCAL),
    ("330203201", "宁波市海曙区住房和城乡建设局", "海住建", "330203", _LOCAL),
    ("330203202", "宁波市自然资源和规划局海曙分局", "海资规", "330203", _LOCAL),
    ("330203203", "宁波市海曙区市场监督管理局", "海市监", "330203", _LOCAL),
]
_LOGINS = {
    "330203": "haishu",
    "330203101": "yinjiang",
    "330203102": "zhangshui",
    "330203103": "gulin",
    "330203201": "zhujian",
    "330203202": "zigui",
    "330203203": "shijian",
}
_SUBJECTS = [
    ("{year}年度农村危房改造补助资金发放名单", ""),
    ("某某村{year}年土地征收补偿安置方案及批复", ""),
    ("某某小区既有住宅加装电梯的审批文件", ""),
    ("某某路道路拓宽工程的建设工程规划许可证", ""),
    ("某某地块国有建设用地使用权出让合同", ""),
    ("关于某某企业的行政处罚决定书", "海市监处罚〔{year}〕{n}号"),
    ("本机关{year}年度部门预算和决算", ""),
    ("某某河道综合整治工程环境影响评价文件", ""),
    ("某某安置小区房屋分配方案", ""),
    ("某某村集体经济组织年度财务公开资料", ""),
    ("某某工业园区控制性详细规划调整方案", ""),
    ("本镇{year}年度最低生活保障对象名单", ""),
]
_NAMES = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周杰",
    "吴婷",
    "徐强",
    "孙丽",
    "马超",
    "朱琳",
    "胡军",
    "郭霞",
]
_ORGS = [
    ("commercial", "宁波某某置业有限公司"),
    ("commercial", "宁波某某建设工程有限公司"),
    ("research", "浙江某某规划设计研究院"),
    ("public_interest", "宁波市某某环保公益服务中心"),
    ("legal_service", "浙江某某律师事务所"),
    ("other_org", "某某村股份经济合作社"),
]
_REASONS = {
    "granted": "经查，您申请获取的政府信息属于本机关公开范围，现提供给您，详见附件。",
    "partly_granted": "您申请的信息中涉及第三方个人身份证号码、联系方式等个人隐私，公开后可能损害第三方合法权益，"
    "已作区分处理，其余部分予以公开。",
    "unable_not_held": "经检索本机关档案及相关业务系统，本机关未制作或获取过该信息。",
    "other_other": "申请人于答复前撤回申请。",
}


@dataclass
class _Ctx:
    rng: random.Random
    today: date
    officer: dict[str, User]
    approver: dict[str, User]


def _at(d: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, 0)))


def _wd(d: date, n: int) -> date:
    return count_working_days(d, n, calendar=clock.calendar()).due


def _user(username: str, name: str, agency: Agency | None, *roles: str, hashed: str) -> User:
    # One hash for every demo account: hashing is slow on purpose (PBKDF2), once is enough.
    user = User.objects.create(username=username, email=f"{username}@example.gov.cn")
    user.first_name = name
    user.password = hashed
    user.save()
    for r in roles:
        assert agency is not None
        Membership.objects.create(user=user, agency=agency, role=r)
    return user


def _agencies() -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for code, name, prefix, parent, remedies in _AGENCIES:
        out[code] = Agency.objects.create(
            code=code,
            name=name,
            letter_prefix=prefix,
            parent=out[parent] if parent else None,
            address="宁波市海曙区某某路100号",
            postcode="315000",
            phone="0574-8718" + code[-4:],
            **remedies,
        )
    return out


def _applicant(rng: random.Random, i: int) -> dict[str, str]:
    if rng.random() < 0.7:
        first = f"3302031{rng.randint(960, 999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{i % 1000:03d}"
        first = first[:17]
        return {
            "applicant_type": "natural_person",
            "name": rng.choice(_NAMES),
            "id_type": "resident_id",
            "id_number": first + check_char_for_id(first),
            "phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "email": f"applicant{i}@example.com",
            "delivery": "electronic",
        }
    kind, name = rng.choice(_ORGS)
    first = f"91330203MA2{i:06d}"
    return {
        "applicant_type": kind,
        "name": name,
        "credit_code": first + check_char_for_credit_code(first),
        "legal_representative": rng.choice(_NAMES),
        "contact_person": rng.choice(_NAMES),
        "phone": f"0574-8{rng.randint(1000000, 9999999)}",
        "address": "宁波市海曙区某某街道某某路8号",
        "postcode": "315000",
        "delivery": "paper",
    }


def _new(c: _Ctx, agency: Agency, received: date, i: int) -> DisclosureRequest:
    title, number = c.rng.choice(_SUBJECTS)
    year = received.year - 1
    fields = _applicant(c.rng, i)
    fields.update(
        title=title.format(year=year),
        document_number=number.format(year=year, n=i),
        description=f"申请公开{title.format(year=year)}，用于了解相关情况、维护自身合法权益。",
    )
    channel = "online" if c.rng.random() < 0.75 else c.rng.choice(["walk_in", "registered_post"])
    with clock.as_of(_at(received, 9 + i % 8)):
        req, _ = submit(
            fields,
            agency=agency,
            channel=channel,
            received_on=received,
            actor=c.officer[agency.code] if channel != "online" else None,
        )
    return req


def _step(day: date, fn: Callable[[], object], hour: int = 11) -> None:
    with clock.as_of(_at(day, hour)):
        fn()


def _finish(c: _Ctx, req: DisclosureRequest, key: str, start: date, *, send: bool = True) -> None:
    """Decide, approve and (unless told not to) send, on working days after ``start``."""
    off, app = c.officer[req.agency.code], c.approver[req.agency.code]
    decide_on = min(_wd(start, c.rng.randint(5, 15)), c.today)
    reason = _REASONS.get(key, "经审查，依据相关规定作出本答复。")
    referral = "宁波市海曙区人民政府办公室（电话0574-87180000）" if key == "unable_not_held" else ""
    _step(
        decide_on,
        lambda: lc.decide(req, off, outcome_key=key, reason=reason, referral=referral),
    )
    if not send and c.rng.random() < 0.5:
        return
    _step(decide_on, lambda: lc.approve_decision(req, app, approve=True), hour=15)
    if send:
        _step(decide_on, lambda: lc.send_reply(req, off, on=decide_on), hour=16)


def _closed(c: _Ctx, req: DisclosureRequest, key: str) -> None:
    off, app = c.officer[req.agency.code], c.approver[req.agency.code]
    start = req.received_on
    r = c.rng.random()
    if key == "other_overdue_correction":
        asked = _wd(start, 3)
        _step(
            asked,
            lambda: lc.ask_correction(
                req, off, points="请明确所需信息的名称、文号或形成时间。", period_days=10, on=asked
            ),
        )
        _finish(c, req, key, _wd(asked, 11))
        return
    if key == "other_unpaid_fee":
        notified = _wd(start, 4)
        _step(
            notified,
            lambda: lc.issue_fee(
                req, off, method="by_count", quantity=c.rng.randint(11, 35), on=notified
            ),
        )
        _finish(c, req, key, _wd(notified, 21))
        return
    if key in ("unable_unclear",) or r < 0.1:
        asked = _wd(start, 2)
        _step(
            asked,
            lambda: lc.ask_correction(
                req, off, points="请补充说明所需信息的具体名称或者文号。", on=asked
            ),
        )
        got = _wd(asked, 4)
        _step(
            got, lambda: lc.receive_correction(req, None, text="所需信息为相关批复文件。", on=got)
        )
        start = got
    if key in ("withheld_third_party", "partly_granted") and c.rng.random() < 0.5:
        sent = _wd(start, 3)
        _step(
            sent,
            lambda: lc.start_consultation(
                req,
                off,
                party="宁波某某置业有限公司",
                reason="申请公开的信息涉及贵单位商业秘密",
                on=sent,
            ),
        )
        back = _wd(sent, 10)
        _step(
            back,
            lambda: lc.end_consultation(
                req, off, result="不同意公开涉及本单位商业秘密的内容", on=back
            ),
        )
    elif c.rng.random() < 0.08:
        asked = _wd(start, 15)
        _step(
            asked,
            lambda: lc.request_extension(
                req, off, reason="所需信息涉及多个业务科室，需调取历年档案。"
            ),
        )
        _step(asked, lambda: lc.approve_extension(req, app, approve=True), hour=16)
        start = _wd(asked, 5)
    elif key == "granted" and c.rng.random() < 0.1:
        noticed = _wd(start, 3)
        _step(
            noticed,
            lambda: lc.issue_fee(
                req, off, method="by_volume", quantity=c.rng.randint(40, 180), on=noticed
            ),
        )
        paid = _wd(noticed, 5)
        _step(paid, lambda: lc.record_payment(req, off, on=paid))
        start = paid
    _finish(c, req, key, start)


def _open(c: _Ctx, req: DisclosureRequest, kind: str) -> None:
    off, app = c.officer[req.agency.code], c.approver[req.agency.code]
    s = req.received_on
    if kind == "correction":
        _step(
            s,
            lambda: lc.ask_correction(
                req, off, points="请明确所需信息的名称、文号或形成时间。", on=s
            ),
            hour=15,
        )
    elif kind == "consultation":
        _step(
            s,
            lambda: lc.start_consultation(
                req, off, party="宁波某某建设工程有限公司", reason="涉及第三方合法权益", on=s
            ),
            hour=15,
        )
    elif kind == "fee":
        _step(s, lambda: lc.issue_fee(req, off, method="by_volume", quantity=260, on=s), hour=15)
    elif kind == "extended":
        _step(
            s,
            lambda: lc.request_extension(req, off, reason="申请内容复杂，需要会商相关部门。"),
            hour=15,
        )
        _step(s, lambda: lc.approve_extension(req, app, approve=True), hour=16)
    elif kind == "extension_requested":
        _step(
            s, lambda: lc.request_extension(req, off, reason="需要调取已归档的历年资料。"), hour=15
        )
    elif kind == "approval":
        _finish(c, req, "granted", s, send=False)


@transaction.atomic
def load(today: date | None = None, requests: int = 110) -> dict[str, int]:
    """Create the demo district and a year of its requests; refuses a non-empty database."""
    if Agency.objects.exists():
        raise RuntimeError("数据库中已有机构数据，演示数据只能载入空数据库")
    day = today or clock.today()
    rng = random.Random(20240101)
    agencies = _agencies()
    hashed = make_password(PASSWORD)
    admin = _user("admin", "系统管理员", None, hashed=hashed)
    admin.is_superuser = admin.is_staff = True
    admin.save()
    c = _Ctx(rng, day, {}, {})
    for code, login in _LOGINS.items():
        a = agencies[code]
        c.officer[code] = _user(f"{login}_jb", f"{a.prefix}经办人", a, Role.OFFICER, hashed=hashed)
        c.approver[code] = _user(
            f"{login}_sh", f"{a.prefix}审核人", a, Role.APPROVER, hashed=hashed
        )
    district = agencies["330203"]
    _user("haishu_gly", "海曙区政务公开办管理员", district, Role.ADMIN, hashed=hashed)
    _user("haishu_ducha", "海曙区政务公开办", district, Role.SUPERVISOR, hashed=hashed)

    keys = [o.key for o in outcomes()]
    weights = {"granted": 30, "partly_granted": 12, "unable_not_held": 12}
    codes = list(agencies)
    with letters.pdf_later():
        # Closed requests over the year: every outcome at least once, then by weight.
        closed = list(keys)
        while len(closed) < requests - 16:
            closed.append(rng.choices(keys, [weights.get(k, 1) for k in keys])[0])
        rng.shuffle(closed)
        for i, key in enumerate(closed):
            received = day - timedelta(days=rng.randint(45, 365))
            while received.weekday() >= 5 and rng.random() < 0.8:
                received -= timedelta(days=1)
            req = _new(c, agencies[rng.choice(codes)], received, i)
            _closed(c, req, key)
        # Open requests: on time, due soon, overdue, paused, extended, awaiting approval.
        plans = [
            (3, ""), (8, ""), (12, ""), (17, ""), (22, ""), (26, ""), (33, ""), (40, ""),
            (2, "correction"), (4, "consultation"), (3, "fee"), (10, "extended"),
            (25, "extended"), (6, "extension_requested"), (9, "approval"), (1, ""),
        ]  # fmt: skip
        for j, (ago, kind) in enumerate(plans):
            received = day - timedelta(days=ago)
            req = _new(c, agencies[codes[j % len(codes)]], received, len(closed) + j)
            if kind:
                _open(c, req, kind)

    first = DisclosureRequest.objects.filter(
        agency=district, outcome__startswith="withheld"
    ).first()
    officer = c.officer["330203"]
    cases = [
        (ReviewKind.RECONSIDERATION, "甬政复〔{y}〕12号", "宁波市人民政府", 120, "upheld"),
        (ReviewKind.RECONSIDERATION, "甬政复〔{y}〕57号", "宁波市人民政府", 30, ""),
        (
            ReviewKind.LITIGATION_DIRECT,
            "（{y}）浙0203行初45号",
            "宁波市海曙区人民法院",
            200,
            "corrected",
        ),
    ]
    opened = []
    for kind, number, body, ago, result in cases:
        filed = day - timedelta(days=ago)
        with clock.as_of(_at(filed)):
            case = reviews.open_review(
                district, officer, kind=kind, case_number=number.format(y=filed.year),
                body=body, filed_on=filed, request=first,
            )  # fmt: skip
        opened.append(case)
        if result:
            closed_on = filed + timedelta(days=55)
            with clock.as_of(_at(closed_on)):
                reviews.close_review(case, officer, result=result, closed_on=closed_on)
    filed = day - timedelta(days=60)
    with clock.as_of(_at(filed)):
        reviews.open_review(
            district, officer, kind=ReviewKind.LITIGATION_AFTER,
            case_number=f"（{filed.year}）浙0203行初88号", body="宁波市海曙区人民法院",
            filed_on=filed, request=first, prior=opened[0],
        )  # fmt: skip
    return {
        "agencies": Agency.objects.count(),
        "requests": DisclosureRequest.objects.count(),
        "open": DisclosureRequest.objects.open().count(),
    }
