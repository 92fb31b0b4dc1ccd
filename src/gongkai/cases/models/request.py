"""A disclosure request (依申请公开) and what hangs off it: pauses, fees, letters, files."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.cases.identity import ID_TYPES
from gongkai.cases.models.agency import Agency
from gongkai.cases.outcomes import outcome_choices
from gongkai.core.template import template

# The applicant columns of table 三 (DESIGN.md), labels from the report core's template.
APPLICANT_TYPES: tuple[tuple[str, str], ...] = tuple(
    (c.key, "自然人" if c.key == "natural_person" else f"{c.label}（法人或其他组织）")
    for c in template("2021").requests.columns
    if c.key != "total"
)


class Channel(models.TextChoices):
    """How the request arrived; Art. 31 fixes the date of receipt for each."""

    ONLINE = "online", "网上申请"
    WALK_IN = "walk_in", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄（需签收）"
    ORDINARY_POST = "ordinary_post", "平常信函"
    FAX = "fax", "传真"


class Delivery(models.TextChoices):
    ELECTRONIC = "electronic", "电子数据（电子邮件）"
    PAPER = "paper", "纸质（邮寄）"
    COLLECT = "collect", "当面领取"


class Status(models.TextChoices):
    PROCESSING = "processing", "办理中"
    CORRECTION = "correction", "待补正"
    CONSULTATION = "consultation", "征求意见中"
    FEE = "fee", "待缴费"
    APPROVAL = "approval", "答复待审核"
    APPROVED = "approved", "答复待发送"
    REPLIED = "replied", "已答复"


OPEN_STATUSES = frozenset(s for s in Status.values if s != Status.REPLIED)
PAUSED_STATUSES = frozenset({Status.CORRECTION, Status.CONSULTATION, Status.FEE})


class RequestCounter(models.Model):
    """The last serial given for (agency, year); updated in the request's own transaction,
    so a rolled-back submission gives its number back and serials have no gaps."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="one_counter_per_year"),
        )


class RequestQuerySet(models.QuerySet["DisclosureRequest"]):
    def received_in(self, year: int) -> RequestQuerySet:
        return self.filter(received_on__year=year)

    def open_on(self, day: date) -> RequestQuerySet:
        """Received by ``day`` and not yet answered at its end (carried over / forward)."""
        return self.filter(received_on__lte=day).exclude(replied_on__lte=day)

    def decided_in(self, year: int) -> RequestQuerySet:
        return self.filter(replied_on__year=year)

    def open(self) -> RequestQuerySet:
        return self.exclude(status=Status.REPLIED)


class DisclosureRequest(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="requests"
    )
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("流水号")
    tracking_number = models.CharField("申请编号", max_length=40, unique=True)
    code_salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    # SHA-256 of the key the applicant's form or program sent with the submission: sent
    # again after an error or no answer, it finds this request instead of making a second.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请日期")
    submitted_at = models.DateTimeField("登记时间", default=timezone.now)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_requests",
    )

    applicant_type = models.CharField("申请人类型", max_length=20, choices=APPLICANT_TYPES)
    name = models.CharField("姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=ID_TYPES, blank=True)
    id_number = models.CharField("证件号码", max_length=32, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=40)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    title = models.CharField("所需信息名称", max_length=200, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    description = models.TextField("所需信息的内容描述")
    delivery = models.CharField("获取方式", max_length=20, choices=Delivery.choices)

    status = models.CharField(
        "办理状态", max_length=20, choices=Status.choices, default=Status.PROCESSING
    )
    due_date = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限暂定", default=False)
    extension_state = models.CharField(
        "延期",
        max_length=12,
        choices=[("", "未延期"), ("requested", "延期待审批"), ("approved", "已延期")],
        blank=True,
        default="",
    )
    extension_reason = models.TextField("延期理由", blank=True)

    outcome = models.CharField(
        "办理结果", max_length=40, choices=outcome_choices(), blank=True, default=""
    )
    outcome_reason = models.TextField("答复内容及理由", blank=True)
    referral = models.CharField("告知的掌握该信息的机关", max_length=200, blank=True)
    decided_on = models.DateField("作出答复决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_on = models.DateField("答复日期", null=True, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = (
            "-received_on",
            "-serial",
        )
        constraints = (
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="serial_once"),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="submission_key_once",
            ),
        )
        indexes = (models.Index(fields=["agency", "status", "due_date"]),)

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status in PAUSED_STATUSES

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != "natural_person"

    @property
    def public_status(self) -> str:
        """What the applicant is told: internal approval steps are still 办理中."""
        if self.status in (Status.APPROVAL, Status.APPROVED):
            return Status.PROCESSING.label
        return Status(self.status).label


class Attachment(models.Model):
    """A file the applicant or an officer attached; kept in the database with its request."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.PROTECT, related_name="attachments"
    )
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    stage = models.CharField(
        max_length=20,
        choices=[
            ("application", "申请材料"),
            ("correction", "补正材料"),
            ("staff", "办理材料"),
            ("reply", "公开的政府信息"),
        ],
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)


class Pause(models.Model):
    """A stretch during which the reply clock is stopped or waits for someone.

    ``correction`` (补正, Art. 30) and a fee notice restart the clock when they end;
    ``consultation`` (third party, Art. 32; other agencies, Art. 34) is simply not counted.
    """

    KINDS = (("correction", "补正"), ("consultation", "征求第三方意见"))
    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="pauses")
    kind = models.CharField(max_length=20, choices=KINDS)
    started_on = models.DateField("开始日期")
    respond_by = models.DateField("答复/补正期限", null=True, blank=True)
    ended_on = models.DateField("结束日期", null=True, blank=True)
    party = models.CharField("第三方", max_length=100, blank=True)
    party_address = models.CharField("第三方地址", max_length=200, blank=True)
    note = models.TextField("告知内容", blank=True)
    result = models.TextField("补正内容/第三方意见", blank=True)

    class Meta:
        ordering = (
            "started_on",
            "id",
        )


class FeeNotice(models.Model):
    """A 信息处理费 notice (国办函〔2020〕109号): one method per request, paid or not."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="fees")
    method = models.CharField(
        "计收方式", max_length=12, choices=[("by_count", "按件计收"), ("by_volume", "按量计收")]
    )
    quantity = models.PositiveIntegerField("件数序次/页数")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    issued_on = models.DateField("通知日期")
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    lapsed = models.BooleanField("逾期未缴", default=False)

    class Meta:
        ordering = (
            "issued_on",
            "id",
        )


class Letter(models.Model):
    """A letter sent or to be sent, rendered once and kept as it was (DOCX and PDF)."""

    KINDS = (
        ("correction", "补正通知书"),
        ("extension", "延期答复告知书"),
        ("consultation", "第三方意见征询书"),
        ("fee_notice", "信息处理费收费通知书"),
        ("reply", "答复告知书"),
    )
    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField("文书类型", max_length=20, choices=KINDS)
    number = models.CharField("文号", max_length=60)
    docx = models.BinaryField()
    pdf = models.BinaryField(blank=True)
    context = models.JSONField("生成依据", default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        ordering = (
            "created_at",
            "id",
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class PendingUpload(models.Model):
    """A valid attachment of an application that failed on another field, kept so the
    applicant does not choose the file again; claimed by the application or dropped
    after a day."""

    token = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
