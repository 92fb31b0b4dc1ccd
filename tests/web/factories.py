"""Valid identities and a small agency tree for the web tests (real records, no mocks)."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth.models import User

from gongkai.cases.identity import check_char_for_credit_code, check_char_for_id
from gongkai.cases.models import Agency, Membership

_seq = itertools.count(1)


def resident_id(n: int | None = None) -> str:
    first = f"330212198{(n or next(_seq)) % 10}0101{(n or next(_seq)) % 1000:03d}"
    return first + check_char_for_id(first)


def credit_code(n: int | None = None) -> str:
    first = f"91330212MA2{(n or next(_seq)) % 1000000:06d}"
    return first + check_char_for_credit_code(first)


def person_payload(agency: str, /, **over: Any) -> dict[str, Any]:
    data = {
        "agency": agency,
        "applicant_type": "natural_person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": resident_id(),
        "phone": "13800138000",
        "email": "zhangsan@example.com",
        "description": "请公开2023年本机关老旧小区改造项目的立项批复文件及资金安排情况。",
        "delivery": "electronic",
    }
    data.update(over)
    return data


def org_payload(agency: str, /, **over: Any) -> dict[str, Any]:
    data = {
        "agency": agency,
        "applicant_type": "commercial",
        "name": "宁波某某建设有限公司",
        "credit_code": credit_code(),
        "legal_representative": "李四",
        "contact_person": "王五",
        "phone": "0574-88880000",
        "address": "浙江省宁波市海曙区某某路1号",
        "postcode": "315000",
        "description": "请公开本机关2023年度建设工程招标投标的监督检查结果。",
        "delivery": "paper",
    }
    data.update(over)
    return data


def tree() -> dict[str, Agency]:
    """A district with its office, a town and a department; codes as an agency would use."""
    remedies = {"reconsideration_body": "某某市人民政府", "court": "某某市中级人民法院"}
    district = Agency.objects.create(
        code="330212", name="某某区人民政府", letter_prefix="某区政", **remedies
    )
    local = {"reconsideration_body": "某某区人民政府", "court": "某某区人民法院"}
    town = Agency.objects.create(
        code="330212101", name="某某镇人民政府", parent=district, letter_prefix="某镇政", **local
    )
    dept = Agency.objects.create(
        code="330212201", name="某某区住房和城乡建设局", parent=district, **local
    )
    other = Agency.objects.create(code="330213", name="另一区人民政府", **remedies)
    return {"district": district, "town": town, "dept": dept, "other": other}


def staff(username: str, agency: Agency, *roles: str) -> User:
    user = User.objects.create_user(username, f"{username}@example.gov.cn", "pw-" + username)
    user.first_name = username
    user.save()
    for r in roles:
        Membership.objects.create(user=user, agency=agency, role=r)
    return user
