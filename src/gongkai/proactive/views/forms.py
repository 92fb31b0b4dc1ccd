"""The staff forms: a catalogue item with its channels and files, and one form per register.

Every error names its field (``发布日期：…``), as the request forms do, and the agency
field offers only the agencies where the user is 经办人.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet

from gongkai.cases import clock
from gongkai.cases.models import Agency
from gongkai.proactive.models import Guide, Item, Matter, RegulatoryDocument, Response, Tally
from gongkai.proactive.vocab import TALLY_AMOUNTS, TALLY_COUNTS, Channel, TallyKind
from gongkai.web.forms import MAX_FILES, MultipleFileField, upload_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NamedErrors:
    """Mixin: errors keyed by field, each starting with the field's label."""

    errors: Any
    fields: dict[str, forms.Field]

    def named_errors(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, errors in self.errors.items():
            label = str(self.fields[name].label) if name in self.fields else ""
            msgs = [
                str(e) if not label or str(e).startswith(label) else f"{label}：{e}" for e in errors
            ]
            out[name] = "；".join(msgs)
        return out


class AgencyScoped(NamedErrors, forms.ModelForm):  # type: ignore[type-arg]
    """A register form whose ``agency`` choices are the user's own agencies."""

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        field.empty_label = None
        field.label = "机构"
        for f in self.fields.values():
            if isinstance(f.widget, forms.DateInput):
                f.widget = DATE


def _not_future(d: date | None, what: str) -> None:
    if d is not None and d > clock.today():
        raise forms.ValidationError(f"{what}不能晚于今天")


class ItemForm(AgencyScoped):
    channels = forms.MultipleChoiceField(
        label="发布渠道",
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="同一信息在多个渠道发布，总数只计1条，各渠道各计1条",
    )
    attachments = MultipleFileField(
        label="附件", required=False, help_text="PDF、JPG、PNG、DOCX，每个不超过10MB"
    )

    class Meta:
        model = Item
        fields = (
            "agency",
            "title",
            "publisher",
            "document_number",
            "category",
            "validity",
            "formed_on",
            "changed_on",
            "published_on",
            "body",
        )
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "formed_on": DATE,
            "changed_on": DATE,
            "published_on": DATE,
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts: ClassVar[dict[str, str]] = {
            "publisher": "留空则为公开主体名称",
            "changed_on": "信息变更的，自变更之日起20个工作日内公开（条例第二十六条）",
            "published_on": "留空为草稿，不在门户网站显示",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publisher"].required = False
        if self.instance.pk:
            self.fields["agency"].disabled = True  # the 索引号 carries the agency code
            self.initial.setdefault(
                "channels", list(self.instance.channels.values_list("channel", flat=True))
            )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        formed, changed, published = (
            data.get("formed_on"),
            data.get("changed_on"),
            data.get("published_on"),
        )
        for name, d, what in (
            ("formed_on", formed, "成文日期"),
            ("changed_on", changed, "变更日期"),
            ("published_on", published, "发布日期"),
        ):
            try:
                _not_future(d, what)
            except forms.ValidationError as e:
                self.add_error(name, e)
        if formed and changed and changed < formed:
            self.add_error("changed_on", "变更日期不能早于成文日期")
        if formed and published and published < formed:
            self.add_error("published_on", "发布日期不能早于成文日期")
        if published and not data.get("channels"):
            self.add_error("channels", "已发布的信息请选择至少一个发布渠道")
        files = data.get("attachments") or []
        if len(files) > MAX_FILES:
            self.add_error("attachments", f"最多上传{MAX_FILES}个文件")
        uploads = []
        for f in files:
            u = upload_of(f)
            if isinstance(u, str):
                self.add_error("attachments", u)
            else:
                uploads.append(u)
        data["uploads"] = uploads
        return data


class DocumentForm(AgencyScoped):
    class Meta:
        model = RegulatoryDocument
        fields = (
            "agency",
            "kind",
            "title",
            "document_number",
            "issued_on",
            "published_on",
            "repealed_on",
            "repeal_basis",
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        issued = data.get("issued_on")
        try:
            _not_future(issued, "制发日期")
        except forms.ValidationError as e:
            self.add_error("issued_on", e)
        for name, what in (("published_on", "公开日期"), ("repealed_on", "废止日期")):
            d = data.get(name)
            if issued and d and d < issued:
                self.add_error(name, f"{what}不能早于制发日期")
        return data


class MatterForm(AgencyScoped):
    class Meta:
        model = Matter
        fields = ("agency", "kind", "name", "code", "listed_on", "delisted_on")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        a, b = data.get("listed_on"), data.get("delisted_on")
        if a and b and b < a:
            self.add_error("delisted_on", "取消日期不能早于列入日期")
        return data


class TallyForm(AgencyScoped):
    class Meta:
        model = Tally
        fields = ("agency", "kind", "year", "month", "count", "amount")
        help_texts: ClassVar[dict[str, str]] = {
            "count": "行政许可、处罚、强制的处理决定数量；政府集中采购的项目数量",
            "amount": "行政事业性收费金额、政府集中采购金额，单位元",
        }

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind = data.get("kind")
        if kind:
            label = TallyKind(kind).label
            if kind not in TALLY_COUNTS and data.get("count"):
                self.add_error("count", f"{label}只记金额，不记数量")
            if kind not in TALLY_AMOUNTS and data.get("amount"):
                self.add_error("amount", f"{label}只记数量，不记金额")
        y, m = data.get("year"), data.get("month")
        today = clock.today()
        if y and m and (y, m) > (today.year, today.month):
            self.add_error("month", f"{y}年{m}月尚未到来")
        return data


class ResponseForm(AgencyScoped):
    url = forms.URLField(label="链接", required=False, assume_scheme="https")

    class Meta:
        model = Response
        fields = ("agency", "kind", "title", "held_on", "principal", "concern", "url")
        help_texts: ClassVar[dict[str, str]] = {
            "concern": "以不同方式回应同一热点或舆情的，填写相同名称，只计1次"
        }


class GuideForm(NamedErrors, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Guide
        fields = ("office", "office_hours", "reading_room", "text")
        widgets: ClassVar[dict[str, forms.Widget]] = {"text": forms.Textarea(attrs={"rows": 8})}


class ImportForm(NamedErrors, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="机构", empty_label=None)
    kind = forms.ChoiceField(
        label="导入内容",
        choices=(
            ("catalogue", "公开目录"),
            ("documents", "规章和规范性文件"),
            ("tallies", "月度统计"),
        ),
    )
    file = forms.FileField(label="文件", help_text="CSV（UTF-8或GBK编码）或XLSX，第一张工作表")

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
