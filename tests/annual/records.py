"""Plain facts about requests and review cases, and the records made from them.

A test keeps the facts (tuples) and counts them itself; the database gets the same facts
as records, and the compiler counts those. The two counts must agree cell by cell.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User

from gongkai.cases.models import Agency, DisclosureRequest, Membership, ReviewCase, Status

_serial = itertools.count(1)


@dataclass(frozen=True)
class Req:
    applicant_type: str
    received_on: date
    replied_on: date | None = None
    outcome: str = ""


@dataclass(frozen=True)
class Rev:
    kind: str
    filed_on: date
    result: str = ""
    closed_on: date | None = None


def add_request(agency: Agency, r: Req) -> DisclosureRequest:
    n = next(_serial)
    return DisclosureRequest.objects.create(
        agency=agency,
        year=r.received_on.year,
        serial=n,
        tracking_number=f"T{agency.code}-{n:06d}",
        code_salt="s",
        code_hash="h",
        channel="online",
        received_on=r.received_on,
        applicant_type=r.applicant_type,
        name="申请人",
        phone="13800138000",
        description="请公开某项政府信息。",
        delivery="electronic",
        status=Status.REPLIED if r.replied_on else Status.PROCESSING,
        outcome=r.outcome if r.replied_on else "",
        decided_on=r.replied_on,
        replied_on=r.replied_on,
    )


def add_review(agency: Agency, r: Rev) -> ReviewCase:
    n = next(_serial)
    return ReviewCase.objects.create(
        agency=agency,
        kind=r.kind,
        case_number=f"（{r.filed_on.year}）案{n}号",
        body="某某市人民政府",
        filed_on=r.filed_on,
        result=r.result,
        closed_on=r.closed_on,
    )


def agency(code: str, name: str, parent: Agency | None = None) -> Agency:
    return Agency.objects.create(code=code, name=name, parent=parent)


def staff(username: str, where: Agency, *roles: str) -> User:
    user = User.objects.create_user(username, f"{username}@example.gov.cn", "pw")
    for role in roles:
        Membership.objects.create(user=user, agency=where, role=role)
    return user
