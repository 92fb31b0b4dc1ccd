"""Agencies in their hierarchy, and the roles people hold in them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models


class Agency(models.Model):
    """A government body or department with its code; ``path`` makes subtrees one query.

    ``path`` is ``/code/…/code/`` from the root, so a supervisor's subtree is every agency
    whose path starts with its own — the same on SQLite and PostgreSQL.
    """

    code = models.CharField(
        "机构代码",
        max_length=24,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Z]{2,24}$", "机构代码应为2至24位数字或大写字母")],
    )
    name = models.CharField("机构名称", max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=600, db_index=True, editable=False)
    letter_prefix = models.CharField("发文字号机关代字", max_length=20, blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    reconsideration_body = models.CharField("行政复议机关", max_length=100, blank=True)
    court = models.CharField("管辖人民法院", max_length=100, blank=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ("path",)

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        old = self.path
        self.path = (self.parent.path if self.parent else "/") + self.code + "/"
        super().save(*args, **kwargs)
        if old and old != self.path:
            for child in self.children.all():
                child.save()

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def subtree(self) -> models.QuerySet[Agency]:
        return Agency.objects.filter(path__startswith=self.path)

    @property
    def prefix(self) -> str:
        return self.letter_prefix or self.name


class Role(models.TextChoices):
    OFFICER = "officer", "经办人"
    APPROVER = "approver", "审核人"
    ADMIN = "admin", "机构管理员"
    SUPERVISOR = "supervisor", "上级政务公开办"


class Membership(models.Model):
    """A staff role in one agency. Applicants hold none: they own their requests instead."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = (
            models.UniqueConstraint(fields=["user", "agency", "role"], name="one_role_once"),
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.get_role_display()}"
