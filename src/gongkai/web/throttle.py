"""A limit on guessing verification codes: after too many wrong codes from one address
the tracking form and API refuse for a while. Kept in Django's cache (per process with
the default local-memory cache; a shared cache makes it site-wide)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

LIMIT = 10
WINDOW = 15 * 60  # seconds
MESSAGE = "查询码错误次数过多，请15分钟后再试"


def _key(request: HttpRequest) -> str:
    return f"gongkai:wrong-code:{request.META.get('REMOTE_ADDR', '')}"


def blocked(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= LIMIT


def failed(request: HttpRequest) -> None:
    key = _key(request)
    if not cache.add(key, 1, WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, WINDOW)
