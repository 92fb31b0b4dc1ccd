"""The audit log: every change to a case, who made it and when. It cannot be edited.

An event is written once. Saving an existing event, deleting one, and ``update()`` or
``delete()`` on a query set of events all raise, and the admin shows events read-only;
requests cannot be deleted while events point at them (``PROTECT``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.cases.models.agency import Agency
from gongkai.cases.models.request import DisclosureRequest
from gongkai.cases.models.review import ReviewCase


class ImmutableError(Exception):
    pass


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableError("办理记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableError("办理记录不可删除")


class Event(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        DisclosureRequest, null=True, on_delete=models.PROTECT, related_name="events"
    )
    review = models.ForeignKey(
        ReviewCase, null=True, on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=100)
    action = models.CharField("事项", max_length=40)
    summary = models.TextField("内容")
    public = models.BooleanField("申请人可见", default=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = (
            "at",
            "id",
        )

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("办理记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError("办理记录不可删除")


class ApiToken(models.Model):
    """A staff member's API token; only its SHA-256 is stored, the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField("用途", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
