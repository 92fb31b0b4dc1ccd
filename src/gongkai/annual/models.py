"""An agency's report for a year, and the frozen versions it was published in.

A published version never changes: its interchange JSON and rendered files are stored as
they were published. A correction is a new version of the same report; both stay visible.
An imported report (published before gongkai) is one published version holding the file.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from gongkai.cases.models import Agency


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    CHECKED = "checked", "已核对"
    APPROVED = "approved", "已审核"
    PUBLISHED = "published", "已发布"


class Origin(models.TextChoices):
    COMPILED = "compiled", "由办理记录生成"
    IMPORTED = "imported", "导入已发布报告"


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="机构", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    origin = models.CharField("来源", max_length=12, choices=Origin.choices)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    # The officer's text per narrative section; a section not here is drafted from figures.
    narrative = models.JSONField("正文（经办人修改）", default=dict, blank=True)
    findings = models.JSONField("最近一次核对结果", default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ("agency__path", "-year")
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="one_report_per_year"),
        )

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度报告"

    def latest(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()


class ReportVersion(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    document = models.TextField("交换格式 JSON")  # as written: amounts keep their decimals
    html = models.TextField()
    docx = models.BinaryField()
    pdf = models.BinaryField()
    xlsx = models.BinaryField()
    original = models.BinaryField(blank=True, default=b"")
    original_name = models.CharField("导入文件名", max_length=200, blank=True)
    reason = models.CharField("更正说明", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "发布版本"
        verbose_name_plural = "发布版本"
        ordering = ("report", "-number")
        constraints = (models.UniqueConstraint(fields=["report", "number"], name="version_once"),)

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("已发布的年度报告不可修改，更正请发布新版本")
        super().save(*args, **kwargs)
