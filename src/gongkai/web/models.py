"""Attempts counted for rate limits (failed logins, accepted submissions). Kept in the
database, not the per-process cache, so every server process sees the same counts."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Attempt(models.Model):
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "访问尝试"
        verbose_name_plural = "访问尝试"
        indexes = (models.Index(fields=["kind", "key", "at"]),)

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.at:%Y-%m-%d %H:%M}"
