"""What an agency writes for its 政府信息公开 home beyond what its records say."""

from __future__ import annotations

from django.db import models

from gongkai.cases.models import Agency


class Guide(models.Model):
    """The parts of the 政府信息公开指南 that are the agency's own words; the rest (address,
    telephone, remedies, deadlines) is drawn from the agency record and the law."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="guide")
    office = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    reading_room = models.CharField("公开查阅场所", max_length=200, blank=True)
    text = models.TextField("补充说明", blank=True)
    updated_on = models.DateField("更新日期", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    def __str__(self) -> str:
        return f"{self.agency}政府信息公开指南"
