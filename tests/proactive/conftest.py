"""Proactive-disclosure fixtures: the web tests' agency tree and staff, real database."""

from __future__ import annotations

import pytest

from gongkai.cases.models import Agency
from tests.web import factories


@pytest.fixture
def agencies(db: None) -> dict[str, Agency]:
    return factories.tree()
