"""Web test fixtures: every test gets a real database (SQLite file or PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.cases.models import Agency
from tests.web import factories


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """PBKDF2 is slow on purpose; tests log in with a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The code-guessing limit lives in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def agencies(db: None) -> dict[str, Agency]:
    return factories.tree()
