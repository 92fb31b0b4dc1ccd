"""POST /api/requests and GET /api/requests/{tracking_number}: intake as DESIGN.md says."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gongkai.cases.models import Agency, DisclosureRequest, Event
from tests.web.factories import org_payload, person_payload


def post(client: Client, data: dict[str, object]) -> tuple[int, dict[str, object]]:
    r = client.post("/api/requests", json.dumps(data), content_type="application/json")
    return r.status_code, r.json()


def test_agencies_are_public(client: Client, agencies: dict[str, Agency]) -> None:
    r = client.get("/api/agencies")
    assert r.status_code == 200
    rows = {a["code"]: a for a in r.json()}
    assert rows["330212101"] == {"code": "330212101", "name": "某某镇人民政府", "parent": "330212"}
    assert rows["330212"]["parent"] is None


def test_person_request_gets_number_code_and_due_date(
    client: Client, agencies: dict[str, Agency]
) -> None:
    status, body = post(client, person_payload("330212101"))
    assert status == 201, body
    req = DisclosureRequest.objects.get(tracking_number=body["tracking_number"])
    assert req.tracking_number == f"330212101-{req.received_on.year}-00001"
    assert body["due_date"] == req.due_date.isoformat()
    assert req.channel == "online" and req.status == "processing"
    assert [e.action for e in Event.objects.filter(request=req)] == ["received"]

    r = client.get(f"/api/requests/{req.tracking_number}", {"code": body["verification_code"]})
    assert r.status_code == 200
    assert r.json()["status_label"] == "办理中"
    assert r.json()["due_date"] == body["due_date"]


def test_organisation_request(client: Client, agencies: dict[str, Agency]) -> None:
    status, body = post(client, org_payload("330212"))
    assert status == 201, body
    req = DisclosureRequest.objects.get(tracking_number=body["tracking_number"])
    assert req.applicant_type == "commercial" and req.credit_code and not req.id_number


def test_wrong_code_is_refused_like_an_unknown_number(
    client: Client, agencies: dict[str, Agency]
) -> None:
    _, body = post(client, person_payload("330212"))
    number = body["tracking_number"]
    wrong = client.get(f"/api/requests/{number}", {"code": "AAAAAAAA"})
    unknown = client.get("/api/requests/330212-2000-99999", {"code": body["verification_code"]})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json() == {"detail": "申请编号或查询码不正确"}


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("agency", "999999", "受理机关"),
        ("applicant_type", "alien", "申请人类型"),
        ("name", "", "姓名/名称"),
        ("id_number", "330212198001010010", "证件号码：校验位不正确"),
        ("id_number", "33021219801301001X", "证件号码：第7至14位的出生日期"),
        ("phone", "12345", "联系电话：应为11位手机号码"),
        ("email", "not-an-email", "电子邮箱"),
        ("description", "给我文件", "所需信息的内容描述：请至少用10个字"),
        ("delivery", "pigeon", "获取方式"),
    ],
)
def test_bad_person_field_is_named_in_chinese(
    client: Client, agencies: dict[str, Agency], field: str, value: str, words: str
) -> None:
    status, body = post(client, person_payload("330212", **{field: value}))
    assert status == 422
    errors = body["errors"]
    assert isinstance(errors, dict)
    assert list(errors) == [field]
    assert words in errors[field]
    assert not DisclosureRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("credit_code", "91330212MA2000001X", "统一社会信用代码：校验位不正确"),
        ("credit_code", "91330212MA20000O1X", "统一社会信用代码：含有不允许的字符“O”"),
        ("credit_code", "9133", "统一社会信用代码：应为18位"),
        ("legal_representative", "", "法定代表人：法人或其他组织申请时必须填写"),
        ("contact_person", "", "联系人：法人或其他组织申请时必须填写"),
        ("address", "", "通信地址：选择邮寄方式获取时必须填写"),
        ("postcode", "31500", "邮政编码：应为6位数字"),
    ],
)
def test_bad_organisation_field_is_named_in_chinese(
    client: Client, agencies: dict[str, Agency], field: str, value: str, words: str
) -> None:
    status, body = post(client, org_payload("330212", **{field: value}))
    assert status == 422
    errors = body["errors"]
    assert isinstance(errors, dict)
    assert list(errors) == [field], errors
    assert words in errors[field]


def test_email_required_for_electronic_delivery(
    client: Client, agencies: dict[str, Agency]
) -> None:
    status, body = post(client, person_payload("330212", email=""))
    assert status == 422
    assert body["errors"] == {"email": "电子邮箱：选择电子数据方式获取时必须填写"}


def test_wrong_json_types_are_named_in_chinese(client: Client, agencies: dict[str, Agency]) -> None:
    status, body = post(client, person_payload("330212", name=12345))
    assert status == 422
    assert body["errors"] == {"name": "姓名/名称：应为文本"}


def test_openapi_document_lists_the_endpoints(client: Client, db: None) -> None:
    doc = client.get("/api/openapi.json").json()
    assert {"/api/agencies", "/api/requests", "/api/requests/{tracking_number}"} <= set(
        doc["paths"]
    )
    assert "post" in doc["paths"]["/api/requests"]
