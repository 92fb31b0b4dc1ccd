"""Bad input on the screens: every field refused with a Chinese message naming it, and
what was typed shown again in the form (nothing lost)."""

from __future__ import annotations

import html
import re

import pytest
from django.forms.boundfield import BoundField
from django.test import Client

from gongkai.cases.models import Agency, DisclosureRequest, Role
from gongkai.cases.services.intake import submit
from gongkai.web.forms import ApplicationForm, StaffIntakeForm
from tests.web.factories import org_payload, person_payload, staff

BAD_PERSON = [
    ("agency", "999999", "受理机关："),
    ("applicant_type", "alien", "申请人类型："),
    ("name", "", "姓名/名称："),
    ("id_type", "library_card", "证件类型："),
    ("id_number", "330212198001010010", "证件号码：校验位不正确"),
    ("phone", "12345", "联系电话：应为11位手机号码"),
    ("email", "not-an-email", "电子邮箱："),
    ("postcode", "3150", "邮政编码：应为6位数字"),
    ("title", "题" * 201, "所需信息名称："),
    ("document_number", "号" * 101, "文号："),
    ("description", "给我文件", "所需信息的内容描述：请至少用10个字"),
    ("delivery", "pigeon", "获取方式："),
]
BAD_ORG = [
    ("credit_code", "91330212MA2000001X", "统一社会信用代码：校验位不正确"),
    ("legal_representative", "", "法定代表人：法人或其他组织申请时必须填写"),
    ("contact_person", "", "联系人：法人或其他组织申请时必须填写"),
    ("address", "", "通信地址：选择邮寄方式获取时必须填写"),
]


def _shown(page: str, value: str) -> bool:
    return html.escape(value) in page or value in html.unescape(page)


def _check(page: str, words: str, kept: dict[str, str]) -> None:
    assert words in page
    for field, value in kept.items():
        if field in ("agency", "applicant_type", "delivery", "id_type") or not value:
            continue
        assert _shown(page, value), f"{field} lost"


@pytest.mark.parametrize(("field", "value", "words"), BAD_PERSON)
def test_online_form_person(
    client: Client, agencies: dict[str, Agency], field: str, value: str, words: str
) -> None:
    data = person_payload("330212101", **{field: value})
    r = client.post("/apply/", data)
    assert r.status_code == 200
    _check(r.content.decode(), words, data)
    assert not DisclosureRequest.objects.exists()


@pytest.mark.parametrize(("field", "value", "words"), BAD_ORG)
def test_online_form_organisation(
    client: Client, agencies: dict[str, Agency], field: str, value: str, words: str
) -> None:
    data = org_payload("330212101", **{field: value})
    r = client.post("/apply/", data)
    assert r.status_code == 200
    _check(r.content.decode(), words, data)


def test_attachment_type_and_size_checked(client: Client, agencies: dict[str, Agency]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = person_payload("330212101")
    exe = SimpleUploadedFile("身份证.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    r = client.post("/apply/", {**data, "attachments": [exe]})
    assert "附件：“身份证.pdf”的类型不支持（只接受PDF、JPG、PNG、DOCX）" in r.content.decode()
    big = SimpleUploadedFile("大文件.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")
    r = client.post("/apply/", {**data, "attachments": [big]})
    assert "附件：“大文件.pdf”超过10MB" in r.content.decode()
    ok = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 ok", "application/pdf")
    r = client.post("/apply/", {**data, "attachments": [ok]})
    assert r.status_code == 302
    req = DisclosureRequest.objects.get()
    assert [(a.name, a.size) for a in req.attachments.all()] == [("身份证.pdf", 11)]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        *BAD_PERSON[2:],
        ("channel", "online", "申请方式："),
        ("received_on", "2024-13-01", "收到申请日期："),
        ("received_on", "", "收到申请日期："),
    ],
)
def test_staff_intake_form(agencies: dict[str, Agency], field: str, value: str, words: str) -> None:
    c = Client()
    c.force_login(staff("officer", agencies["town"], Role.OFFICER))
    data = {**person_payload("330212101"), "channel": "fax", "received_on": "2025-01-06"}
    data[field] = value
    r = c.post("/staff/requests/new/", data)
    assert r.status_code == 200
    _check(r.content.decode(), words, data)
    assert not DisclosureRequest.objects.exists()


def test_staff_form_narrows_its_own_agencies_only(agencies: dict[str, Agency]) -> None:
    """The application form's fields are shared between its instances (the same field
    objects); the staff form, which narrows the agencies to the officer's, must not narrow
    them for the public form, nor for the next officer."""
    assert ApplicationForm().fields["agency"] is ApplicationForm({}).fields["agency"]
    town_officer, other_officer = Client(), Client()
    town_officer.force_login(staff("officer", agencies["town"], Role.OFFICER))
    other_officer.force_login(staff("officer2", agencies["other"], Role.OFFICER))
    page = town_officer.get("/staff/requests/new/").content.decode()
    assert "某某镇人民政府" in page and "另一区人民政府" not in page
    page = Client().get("/apply/").content.decode()
    assert all(a.name in page for a in agencies.values())
    page = other_officer.get("/staff/requests/new/").content.decode()
    assert "另一区人民政府" in page and "某某镇人民政府" not in page
    bad = {**person_payload("330212101"), "channel": "fax", "received_on": "2025-01-06"}
    page = other_officer.post("/staff/requests/new/", bad).content.decode()  # not its agency
    assert "受理机关：" in page and not DisclosureRequest.objects.exists()
    r = Client().post("/api/requests", person_payload("330213"), "application/json")
    assert r.status_code == 201  # the public may still choose any agency


def test_the_agency_chosen_is_the_whole_record(agencies: dict[str, Agency]) -> None:
    """The public form reads the chosen agency with a plain statement: the same record,
    every field, as the ORM reads it; an unknown code is refused as before."""
    form = ApplicationForm(data=person_payload("330212101"))
    assert form.is_valid(), form.errors
    chosen = form.cleaned_data["agency"]
    stored = Agency.objects.get(code="330212101")
    assert chosen == stored
    assert {f.attname: getattr(chosen, f.attname) for f in Agency._meta.concrete_fields} == {
        f.attname: getattr(stored, f.attname) for f in Agency._meta.concrete_fields
    }
    assert chosen.parent == agencies["district"] and not chosen._state.adding
    form = ApplicationForm(data=person_payload("330212999"))
    assert not form.is_valid() and "受理机关" in form.named_errors()["agency"]


def test_track_form(client: Client, db: None) -> None:
    r = client.post("/track/", {"tracking_number": "", "code": ""})
    page = r.content.decode()
    assert "申请编号：" in page and "查询码：" in page
    r = client.post("/track/", {"tracking_number": "X-2025-00001", "code": "ABCDEFGH"})
    page = r.content.decode()
    assert "申请编号或查询码不正确" in page and "X-2025-00001" in page


@pytest.mark.parametrize(
    ("action", "data", "words"),
    [
        ("correction", {"points": "", "period_days": "15"}, "需要补正的事项：不能为空"),
        ("correction", {"points": "请补正年份", "period_days": "九十"}, "补正期限：应为正整数"),
        (
            "correction",
            {"points": "请补正年份", "period_days": "90"},
            "补正期限：应为1至60个工作日",
        ),
        (
            "correction",
            {"points": "请补正年份", "period_days": "15", "on": "2025-02-30"},
            "告知日期：",
        ),
        ("consult", {"party": "", "reason": "涉及商业秘密"}, "第三方名称：不能为空"),
        ("consult", {"party": "某公司", "on": "2999-01-01"}, "征求意见日期：不能晚于今天"),
        ("extend", {"reason": ""}, "延期理由：不能为空"),
        ("fee", {"method": "by_weight", "quantity": "50"}, "计收方式："),
        ("fee", {"method": "by_volume", "quantity": "-3"}, "数量：应为正整数"),
        ("fee", {"method": "by_volume", "quantity": "30"}, "数量：按此数量不收取信息处理费"),
        ("decide", {"outcome": "", "reason": "经审查予以公开"}, "办理结果：请选择一项"),
        ("decide", {"outcome": "granted", "reason": ""}, "答复内容及理由：不能为空"),
    ],
)
def test_action_forms(
    agencies: dict[str, Agency], action: str, data: dict[str, str], words: str
) -> None:
    c = Client()
    c.force_login(staff("officer", agencies["town"], Role.OFFICER))
    fields = person_payload("x")
    fields.pop("agency")
    req, _ = submit(fields, agency=agencies["town"])
    r = c.post(f"/staff/requests/{req.tracking_number}/{action}/", data)
    assert r.status_code == 400
    page = r.content.decode()
    assert words in page
    for value in data.values():
        if value and action != "fee" and action != "decide":
            assert _shown(page, value), value
    req.refresh_from_db()
    assert req.status == "processing" and req.events.count() == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"kind": "", "case_number": "复〔2025〕1号", "body": "某某市人民政府"}, "类型："),
        (
            {"kind": "reconsideration", "case_number": "", "body": "某某市人民政府"},
            "案号：不能为空",
        ),
        (
            {"kind": "reconsideration", "case_number": "复〔2025〕1号", "body": ""},
            "复议机关/人民法院：不能为空",
        ),
        (
            {
                "kind": "reconsideration",
                "case_number": "复〔2025〕1号",
                "body": "某某市人民政府",
                "filed_on": "昨天",
            },
            "立案日期：",
        ),
        (
            {
                "kind": "litigation_after_reconsideration",
                "case_number": "行初1号",
                "body": "某某法院",
            },
            "复议后起诉的案件应关联此前的行政复议案件",
        ),
        (
            {
                "kind": "reconsideration",
                "case_number": "复〔2025〕1号",
                "body": "某某市人民政府",
                "tracking_number": "NOPE-1",
            },
            "涉及的申请：",
        ),
    ],
)
def test_review_form(agencies: dict[str, Agency], data: dict[str, str], words: str) -> None:
    c = Client()
    c.force_login(staff("officer", agencies["town"], Role.OFFICER))
    posted = {"agency": "330212101", "filed_on": "2025-03-03", **data}
    r = c.post("/staff/reviews/new/", posted)
    assert r.status_code == 400
    page = r.content.decode()
    assert words in page
    for key in ("case_number", "body"):
        if posted.get(key):
            assert _shown(page, posted[key])


def test_attachments_are_kept_when_another_field_fails(
    client: Client, agencies: dict[str, Agency]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.cases.models import PendingUpload

    data = person_payload("330212101", phone="123")
    scan = SimpleUploadedFile("身份证.png", b"\x89PNG\r\n\x1a\n scan", "image/png")
    r = client.post("/apply/", {**data, "attachments": [scan]})
    page = r.content.decode()
    assert "联系电话：" in page and "已上传并保留的附件：身份证.png" in page
    token = PendingUpload.objects.get().token
    assert f'value="{token}"' in page
    # Corrected and sent again without choosing the file: the request has it.
    r = client.post("/apply/", {**data, "phone": "13800138000", "pending": token})
    assert r.status_code == 302
    req = DisclosureRequest.objects.get()
    assert [(a.name, bytes(a.data)) for a in req.attachments.all()] == [
        ("身份证.png", b"\x89PNG\r\n\x1a\n scan")
    ]
    assert not PendingUpload.objects.exists()


def test_kept_widgets_are_what_django_renders_and_follow_the_agencies(
    agencies: dict[str, Agency],
) -> None:
    """An unbound application form's widgets are kept once rendered: each is what
    Django's own rendering gives, a new or renamed agency shows at once, and what was
    typed (a bound form) and the submission key are never taken from the kept ones."""

    names = [n for n in ApplicationForm.base_fields if n != "submission_key"]  # fresh each time
    for _ in range(2):  # rendered, then kept
        form = ApplicationForm(initial={"agency": "330212101"})
        ours = {n: str(form[n]) for n in names}
        assert ours == {n: str(BoundField(form, form.fields[n], n)) for n in names}
    keys = set()
    for _ in range(3):  # rendered, then kept with the value's place marked
        form = ApplicationForm()
        ours = form["submission_key"]
        theirs = BoundField(form, ours.field, "submission_key")
        theirs.initial = ours.initial  # the same fresh key in Django's own rendering
        assert str(ours) == str(theirs) and f'value="{ours.initial}"' in str(ours)
        keys.add(ours.initial)
    assert len(keys) == 3
    town = agencies["town"]
    town.name = "某某街道办事处"
    town.save()
    Agency.objects.create(code="330212301", name="某某区新设局", parent=agencies["district"])
    page = Client().get("/apply/?agency=330212101").content.decode()  # as kept above
    assert "某某街道办事处" in page and "某某区新设局" in page and "某某镇人民政府" not in page
    page = Client().get("/apply/?agency=330212301").content.decode()
    assert '<option value="330212301" selected>' in page
    keys = set(re.findall(r'name="submission_key" value="([^"]+)"', page))
    keys |= set(
        re.findall(
            r'name="submission_key" value="([^"]+)"', Client().get("/apply/").content.decode()
        )
    )
    assert len(keys) == 2
    typed = person_payload("330212101", name="李四<b>", phone="12")
    page = Client().post("/apply/", typed).content.decode()
    assert 'value="李四&lt;b&gt;"' in page and "联系电话：" in page
    assert "李四" not in Client().get("/apply/").content.decode()


def test_field_tag_renders_what_the_field_template_renders(agencies: dict[str, Agency]) -> None:
    """``{% field %}`` (the application form's fields, without the include) gives byte for
    byte what ``includes/field.html`` gives — label, widget, help, the invalid and required
    classes, the error — for the empty, refused and filled forms of the portal and the
    back office, HTML typed into a field included."""
    from django.template import engines

    django_engine = engines["django"]
    include = django_engine.from_string(
        '{% include "includes/field.html" with field=f errors=errors %}'
    )
    tag = django_engine.from_string("{% load gk %}{% field f errors %}")
    typed = person_payload("330212101", name="李四<b>&", phone="12", email="x@")
    org = org_payload("330212101") | {"credit_code": "bad", "delivery": "paper"}
    forms = [
        ApplicationForm(initial={"agency": "330212101"}),
        ApplicationForm({}),
        ApplicationForm(typed),
        ApplicationForm(org),
        StaffIntakeForm(typed | {"received_on": "2999-01-01"}),
        StaffIntakeForm(),
    ]
    compared = 0
    for form in forms:
        errors = form.named_errors() if form.is_bound else {}
        for name in form.fields:
            context = {"f": form[name], "errors": errors}
            assert tag.render(context) == include.render(context), (type(form), name)
            compared += 1
    assert compared > 100
    assert any(form.errors for form in forms) and any(
        f.help_text for f in forms[-1].fields.values()
    )
    assert ApplicationForm.base_fields["agency"].shown() == tuple(  # type: ignore[attr-defined]
        (str(v), str(label)) for v, label in ApplicationForm.base_fields["agency"].choices if v
    )
