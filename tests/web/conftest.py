"""Web test fixtures: every test gets a real database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import os

import pytest

from gongkai.cases.models import Agency
from tests.web import factories

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are plain synchronous code, so Django's async guard is relaxed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def agencies(db: None) -> dict[str, Agency]:
    return factories.tree()
