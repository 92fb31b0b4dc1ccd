"""Proactive-disclosure fixtures: the web tests' agency tree and staff, real database."""

from __future__ import annotations

import os

import pytest

from gongkai.cases.models import Agency
from tests.web import factories

# Playwright's sync API runs an event loop in the test thread; ORM calls between browser
# steps are plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def agencies(db: None) -> dict[str, Agency]:
    return factories.tree()
