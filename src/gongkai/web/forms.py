"""The forms of the portal and the back office, and the rules they share with the API.

Every error a person reads names its field (``联系电话：…``), on screen and in the API's
422 answer alike, because the API validates through these same forms.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from typing import Any, Self, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from gongkai.cases.identity import ID_TYPES, credit_code_problem, id_number_problem, phone_problem
from gongkai.cases.models import APPLICANT_TYPES, Agency, Channel, Delivery
from gongkai.cases.services import pending
from gongkai.cases.services.intake import Upload

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
# What attachments may be, told by their first bytes rather than by their names.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
    ),
)


class NamedErrors:
    """Errors that each start with the field's label (a mixin for any Django form)."""

    errors: Any
    fields: Any

    def named_errors(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, errors in self.errors.items():
            label = str(self.fields[name].label) if name in self.fields else ""
            msgs = []
            for e in errors:
                text = str(e)
                msgs.append(text if not label or text.startswith(label) else f"{label}：{text}")
            out[name] = "；".join(msgs)
        return out


class NamedErrorsForm(NamedErrors, forms.Form):
    def add_named(self, field: str, problem: str) -> None:
        self.add_error(field, f"{self.fields[field].label}：{problem}")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


def upload_of(f: UploadedFile) -> Upload | str:
    """The upload, or what is wrong with it."""
    name = f.name or "附件"
    if (f.size or 0) > MAX_FILE_BYTES:
        return f"“{name}”超过10MB"
    data = f.read()
    for magic, ctype, _ in _MAGIC:
        if data.startswith(magic):
            if (
                magic == b"PK\x03\x04"
                and b"word/" not in data[:4000]
                and not name.endswith(".docx")
            ):
                break
            return Upload(name, ctype, data)
    return f"“{name}”的类型不支持（只接受PDF、JPG、PNG、DOCX）"


class AgencyField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An agency chosen by its code.

    Choosing among all agencies (the public form, the API: every submission) is one plain
    statement reading the agency's row: through the queryset, the ORM building the query
    was a sixth of an API submission's time. A narrowed choice (the staff form offers an
    officer's own agencies) is looked up through its queryset, as Django does."""

    def to_python(self, value: Any) -> Any:
        narrowed = self.queryset is None or self.queryset.query.has_filters()
        if not isinstance(value, str) or narrowed:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        found = _agency(value)
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found

    def shown(self) -> tuple[tuple[str, str], ...]:
        """What the choices show — each agency's code and name (``str(agency)``), in the
        model's order — for the key of a kept widget. Read by one plain statement among
        all agencies: through the queryset the ORM building it and making an object per
        agency cost a fifth of the form page."""
        if self.queryset is None or self.queryset.query.has_filters():
            rows = cast("Iterable[tuple[object, object]]", self.choices)
            return tuple((str(v), str(label)) for v, label in rows)
        qn = connection.ops.quote_name
        # The model's order, by path (tests/web/test_forms.py compares this with the choices).
        table = qn(Agency._meta.db_table)
        sql = f"SELECT {qn('code')}, {qn('name')} FROM {table} ORDER BY {qn('path')}"
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return tuple((str(code), str(name)) for code, name in cursor.fetchall())


def _agency(code: str) -> Agency | None:
    fields = Agency._meta.concrete_fields
    qn = connection.ops.quote_name
    sql = (
        f"SELECT {', '.join(qn(f.column) for f in fields)} FROM {qn(Agency._meta.db_table)} "
        f"WHERE {qn('code')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [code])
        row = cursor.fetchone()
    return (
        None if row is None else Agency.from_db(connection.alias, [f.attname for f in fields], row)
    )


_KEPT_MAX = 256
_kept: dict[tuple[object, ...], str] = {}


class KeptBoundField(BoundField):
    """A field of an unbound application form keeps its rendered widget.

    The form page is read before every submission through the portal, and Django renders
    each widget through templates: two thirds of the page's 9.5 ms of CPU. What an
    unbound field's widget shows is fixed by the field (shared by every form, see
    ``_SharedFields``), its value and its choices — for the agency, the agencies as read
    now, so one added or renamed shows at once — and those are the key. A bound form
    (errors, what was typed) is rendered anew. A fresh value each time (the submission
    key, a hidden input) is kept as the widget rendered once with the value's place
    marked, and each new value, escaped, put in that place."""

    def as_widget(self, widget: Any = None, attrs: Any = None, only_initial: bool = False) -> Any:
        if self.form.is_bound or widget or attrs or only_initial:
            return super().as_widget(widget, attrs, only_initial)
        if callable(self.field.initial):
            return self._fresh()
        choices: object = ()
        if isinstance(self.field, AgencyField):
            choices = self.field.shown()
        elif isinstance(self.field, forms.ModelChoiceField):
            rows = cast("Iterable[tuple[object, object]]", self.field.choices)
            choices = tuple((str(v), str(label)) for v, label in rows)
        key = (id(self.field), self.html_name, self.auto_id, repr(self.value()), choices)
        html = _kept.get(key)
        if html is None:
            html = super().as_widget()
            _keep(key, html)
        return html

    def _fresh(self) -> Any:
        value = self.value()
        if not isinstance(value, str) or not isinstance(self.field.widget, forms.HiddenInput):
            return super().as_widget()
        shown = conditional_escape(value)
        key = (id(self.field), self.html_name, self.auto_id, _PLACE)
        html = _kept.get(key)
        if html is None:
            html = super().as_widget()
            if shown and html.count(shown) == 1 and _PLACE not in html:
                _keep(key, html.replace(shown, _PLACE))
            return html
        return mark_safe(html.replace(_PLACE, shown))


# Where a fresh value goes in a kept widget: a character no rendered widget holds.
_PLACE = "\x00"


def _keep(key: tuple[object, ...], html: str) -> None:
    if len(_kept) >= _KEPT_MAX:
        _kept.clear()
    _kept[key] = html


class ApplicationForm(NamedErrorsForm):
    """A disclosure request: who applies, what they seek, how they want it (Art. 29)."""

    bound_field_class: type[BoundField] = KeptBoundField

    agency = AgencyField(
        queryset=Agency.objects.all(), to_field_name="code", label="受理机关", empty_label="请选择"
    )
    applicant_type = forms.ChoiceField(label="申请人类型", choices=APPLICANT_TYPES)
    name = forms.CharField(label="姓名/名称", max_length=100)
    id_type = forms.ChoiceField(label="证件类型", choices=ID_TYPES, required=False)
    id_number = forms.CharField(label="证件号码", max_length=32, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    legal_representative = forms.CharField(label="法定代表人", max_length=50, required=False)
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=40)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    title = forms.CharField(label="所需信息名称", max_length=200, required=False)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    description = forms.CharField(
        label="所需信息的内容描述", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    delivery = forms.ChoiceField(label="获取方式", choices=Delivery.choices)
    attachments = MultipleFileField(label="附件", required=False)
    pending = forms.CharField(required=False, widget=forms.HiddenInput)
    # A fresh key each time the form is shown, kept when it is shown again with errors:
    # submitting the same page twice (after an error page, a double click) registers once.
    submission_key = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.HiddenInput,
        initial=lambda: secrets.token_urlsafe(24),
    )

    FIELDS = (
        "agency",
        "applicant_type",
        "name",
        "id_type",
        "id_number",
        "credit_code",
        "legal_representative",
        "contact_person",
        "phone",
        "email",
        "address",
        "postcode",
        "title",
        "document_number",
        "description",
        "delivery",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        person = data.get("applicant_type") == "natural_person"
        if person:
            id_type = data.get("id_type") or "resident_id"
            data["id_type"] = id_type
            problem = id_number_problem(id_type, data.get("id_number", ""))
            if problem:
                self.add_named("id_number", problem)
            else:
                data["id_number"] = data.get("id_number", "").strip().upper()
            data["credit_code"] = data["legal_representative"] = ""
        elif data.get("applicant_type"):
            problem = credit_code_problem(data.get("credit_code", ""))
            if problem:
                self.add_named("credit_code", problem)
            else:
                data["credit_code"] = data.get("credit_code", "").strip().upper()
            for f in ("legal_representative", "contact_person"):
                if not data.get(f, "").strip() and f not in self.errors:
                    self.add_named(f, "法人或其他组织申请时必须填写")
            data["id_type"] = data["id_number"] = ""
        if "phone" in data:
            problem = phone_problem(data["phone"])
            if problem:
                self.add_named("phone", problem)
        delivery = data.get("delivery")
        if delivery == Delivery.ELECTRONIC and not data.get("email") and "email" not in self.errors:
            self.add_named("email", "选择电子数据方式获取时必须填写")
        if delivery == Delivery.PAPER:
            if not data.get("address", "").strip():
                self.add_named("address", "选择邮寄方式获取时必须填写")
            if not re.fullmatch(r"\d{6}", data.get("postcode", "")):
                self.add_named("postcode", "应为6位数字")
        elif data.get("postcode") and not re.fullmatch(r"\d{6}", data["postcode"]):
            self.add_named("postcode", "应为6位数字")
        desc = data.get("description", "")
        if desc and len(desc.strip()) < 10:
            self.add_named("description", "请至少用10个字说明所需信息（名称、文号或其他特征描述）")
        files = data.get("attachments") or []
        kept = pending.peek((data.get("pending") or "").split(","))
        if len(files) + len(kept) > MAX_FILES:
            self.add_named("attachments", f"最多上传{MAX_FILES}个文件")
        new: list[Upload] = []
        for f in files[:MAX_FILES]:
            u = upload_of(f)
            if isinstance(u, str):
                self.add_named("attachments", u)
            else:
                new.append(u)
        self.kept = kept
        self.new_uploads = new
        data["uploads"] = [u for _, u in kept] + new
        return data

    def keep_uploads(self) -> Self:
        """After a failed submission: its valid new attachments stored and carried by
        token in the re-shown form, so the applicant need not choose them again."""
        tokens = [t for t, _ in getattr(self, "kept", [])]
        tokens += pending.keep(getattr(self, "new_uploads", []))
        assert isinstance(self.data, QueryDict)  # a posted form
        data = self.data.copy()
        data["pending"] = ",".join(tokens)
        self.data = data
        self.kept = pending.peek(tokens)
        return self

    def claim_uploads(self) -> None:
        """Drop the kept uploads this application now carries (none: no query — on
        SQLite even an empty delete would take the write lock)."""
        tokens = [t for t, _ in getattr(self, "kept", [])]
        if tokens:
            pending.claim(tokens)

    def record_fields(self) -> dict[str, Any]:
        """The cleaned values the request record stores."""
        d = self.cleaned_data
        return {k: (d.get(k) or "") for k in self.FIELDS if k != "agency"}

    def kept_names(self) -> list[str]:
        return [u.name for _, u in getattr(self, "kept", [])]


class _SharedFields(dict[str, forms.Field]):
    """Fields every form of a class shares instead of Django's deep copies."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


# Django deep-copies every field of every form it makes — widgets, choices, the agencies'
# queryset — a tenth of a submission's time; shallow copies of the 19 fields were still
# 4 %. The application form changes none of its fields (validating and rendering only read
# them; what a form holds — its data, errors, bound fields — is its own), so every form,
# in every thread, uses the class's fields themselves. A subclass that changes a field
# gets Django's deep copies again (StaffIntakeForm narrows the agencies): its fields are
# collected into a plain dict by Django's metaclass.
ApplicationForm.base_fields = _SharedFields(ApplicationForm.base_fields)


class StaffIntakeForm(ApplicationForm):
    """A request that came by letter, fax or in person, with its Art. 31 date of receipt."""

    bound_field_class = BoundField  # its agencies narrowed per officer: rendered anew

    channel = forms.ChoiceField(
        label="申请方式", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(
        label="收到申请日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=(
            "按条例第三十一条：当面提交的为提交之日；邮寄需签收的为签收之日；平常信函为与申请人"
            "确认之日；传真为双方确认之日。"
        ),
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            field = self.fields["agency"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = agencies

    def clean_received_on(self) -> Any:
        from gongkai.cases.clock import today

        d = self.cleaned_data["received_on"]
        if d > today():
            raise forms.ValidationError("不能晚于今天")
        return d


class TrackForm(NamedErrorsForm):
    tracking_number = forms.CharField(label="申请编号", max_length=40)
    code = forms.CharField(label="查询码", max_length=16)
