"""Administrative reconsideration and litigation over a disclosure decision (table 四)."""

from __future__ import annotations

from django.db import models

from gongkai.cases.models.agency import Agency
from gongkai.cases.models.request import DisclosureRequest


class ReviewKind(models.TextChoices):
    """The groups of table 四, keys as in DESIGN.md."""

    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER = "litigation_after_reconsideration", "行政诉讼（复议后起诉）"


class ReviewResult(models.TextChoices):
    """Table 四's result columns; a case without a result is 尚未审结 (pending)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"


class ReviewCase(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="被申请人/被告机关", on_delete=models.PROTECT, related_name="reviews"
    )
    request = models.ForeignKey(
        DisclosureRequest,
        verbose_name="涉及的申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    kind = models.CharField("类型", max_length=40, choices=ReviewKind.choices)
    prior = models.ForeignKey(
        "self",
        verbose_name="此前的行政复议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case_number = models.CharField("案号", max_length=100)
    body = models.CharField("复议机关/人民法院", max_length=100)
    filed_on = models.DateField("立案日期")
    result = models.CharField(
        "结果", max_length=12, choices=ReviewResult.choices, blank=True, default=""
    )
    closed_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "行政复议/诉讼案件"
        verbose_name_plural = "行政复议/诉讼案件"
        ordering = (
            "-filed_on",
            "-id",
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"

    @property
    def column(self) -> str:
        """The table 四 column this case counts in today."""
        return self.result or "pending"
