"""An uploaded file waiting to be imported, kept so the officer confirms what they saw."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.cases.models import Agency


class ImportBatch(models.Model):
    """One upload: checked on arrival (dry run), applied when the officer confirms."""

    KINDS = (("catalogue", "公开目录"), ("documents", "规章和规范性文件"), ("tallies", "月度统计"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("导入内容", max_length=12, choices=KINDS)
    filename = models.CharField("文件名", max_length=200)
    data = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)
    accepted = models.PositiveIntegerField("导入条数", default=0)
    rejected = models.PositiveIntegerField("拒绝条数", default=0)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.filename
