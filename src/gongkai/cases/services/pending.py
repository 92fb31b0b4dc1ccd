"""Attachments kept across a failed submission (nothing typed — or chosen — is lost)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.utils import timezone

from gongkai.cases.models import PendingUpload
from gongkai.cases.services.intake import Upload

__all__ = ["claim", "keep", "peek"]

MAX_AGE = timedelta(days=1)


def keep(uploads: Sequence[Upload]) -> list[str]:
    """Store uploads; their tokens go into the re-shown form."""
    PendingUpload.objects.filter(created_at__lt=timezone.now() - MAX_AGE).delete()
    tokens = []
    for u in uploads:
        token = secrets.token_urlsafe(18)
        PendingUpload.objects.create(
            token=token, name=u.name, content_type=u.content_type, data=u.data
        )
        tokens.append(token)
    return tokens


def peek(tokens: Iterable[str]) -> list[tuple[str, Upload]]:
    """The stored uploads of ``tokens`` still there, in order, with their tokens."""
    wanted = [t for t in tokens if t]
    if not wanted:  # every first submission: not even a query to build
        return []
    found = {p.token: p for p in PendingUpload.objects.filter(token__in=wanted)}
    return [
        (t, Upload(found[t].name, found[t].content_type, bytes(found[t].data)))
        for t in wanted
        if t in found
    ]


def claim(tokens: Iterable[str]) -> None:
    """Drop the stored uploads once the application that carried them is saved."""
    PendingUpload.objects.filter(token__in=[t for t in tokens if t]).delete()
