"""A year's holidays and make-up workdays as an administrator entered them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from gongkai.workdays import YearOverrides


class CalendarYear(models.Model):
    """The State Council schedule of one year, for years ``chinese-calendar`` does not know
    (or to correct it). Entering a year makes its deadlines definite."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    holidays = models.JSONField("放假日期", default=list)
    workdays = models.JSONField("调休上班日期", default=list)
    notice = models.CharField("依据（国务院办公厅通知文号）", max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ("year",)

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    def overrides(self) -> YearOverrides:
        return YearOverrides(
            self.year,
            frozenset(date.fromisoformat(d) for d in self.holidays),
            frozenset(date.fromisoformat(d) for d in self.workdays),
        )
