"""The Article 20 registers behind table 二, and the 回应解读 register.

Table 二 is never typed in: its cells are counted from these records
(:mod:`gongkai.proactive.counting`). Documents and matters carry their start and end dates,
so a year's figures and the chain from one year to the next follow from the dates alone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from gongkai.cases.models import Agency
from gongkai.proactive.models.catalogue import Item
from gongkai.proactive.vocab import DocumentKind, MatterKind, ResponseKind, TallyKind


class RegulatoryDocument(models.Model):
    """A 规章 or 行政规范性文件 (Art. 20 (一)): issued on one day, perhaps repealed on another.

    Issued in a year, repealed in a year and in force at its end are counted from the two
    dates, so in force at the end of one year plus those issued minus those repealed the
    next is in force at the end of the next (``year.in_force_chain``) by construction.
    """

    agency = models.ForeignKey(
        Agency, verbose_name="制发机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=20, choices=DocumentKind.choices)
    title = models.CharField("名称", max_length=300)
    document_number = models.CharField("文号", max_length=100)
    issued_on = models.DateField("制发日期")
    published_on = models.DateField("公开日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repeal_basis = models.CharField("废止依据", max_length=200, blank=True)
    item = models.ForeignKey(
        Item,
        verbose_name="公开目录条目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "规章和行政规范性文件"
        verbose_name_plural = "规章和行政规范性文件"
        ordering = ("-issued_on", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "kind", "document_number"], name="document_number_once"
            ),
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True) | Q(repealed_on__gte=F("issued_on")),
                name="repealed_after_issued",
            ),
        )
        indexes = (models.Index(fields=["agency", "kind", "issued_on"], name="doc_agency_kind"),)

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"


class Matter(models.Model):
    """One matter on the agency's list of licensing, service, penalty, enforcement or fee
    items (事项清单); the 2019 table 二 reports the list's size a year ago and its change."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=20, choices=MatterKind.choices)
    name = models.CharField("事项名称", max_length=200)
    code = models.CharField("事项编码", max_length=60, blank=True)
    listed_on = models.DateField("列入日期")
    delisted_on = models.DateField("取消日期", null=True, blank=True)

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项清单"
        ordering = ("kind", "name")
        constraints = (
            models.CheckConstraint(
                condition=Q(delisted_on__isnull=True) | Q(delisted_on__gte=F("listed_on")),
                name="delisted_after_listed",
            ),
        )

    def __str__(self) -> str:
        return self.name


class Tally(models.Model):
    """A month's figure of one kind: decisions made (件), fees collected or procurement
    spent (元). Entered by hand or imported from the monthly statistics; importing the
    same month again replaces it, never adds to it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=20, choices=TallyKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField(
        "月份", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    count = models.PositiveIntegerField("数量（件）", default=0)
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2, default=0)
    source = models.CharField("来源", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "月度统计"
        verbose_name_plural = "月度统计"
        ordering = ("-year", "-month", "kind")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "month"], name="one_tally_per_month"
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="month_1_12"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="amount_not_negative"),
        )

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月{TallyKind(self.kind).label}"


class Response(models.Model):
    """A policy interpretation, press conference, online interview or response to a public
    concern (回应解读). ``concern`` names the hot topic it answers: responses to the same
    concern by several means count once (the 统计指标 table's own rule)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("形式", max_length=20, choices=ResponseKind.choices)
    title = models.CharField("标题", max_length=300)
    held_on = models.DateField("日期")
    principal = models.BooleanField("主要负责同志参加", default=False)
    concern = models.CharField("回应的热点或舆情", max_length=200, blank=True)
    url = models.URLField("链接", blank=True)
    item = models.ForeignKey(
        Item,
        verbose_name="解读的文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "回应解读"
        verbose_name_plural = "回应解读"
        ordering = ("-held_on", "-id")
        indexes = (models.Index(fields=["agency", "held_on"], name="response_agency_day"),)

    def __str__(self) -> str:
        return self.title
