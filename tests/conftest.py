"""Shared fixtures: the real seeds and corpus live in ../shared beside the checkout."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer

# The real browser for the page tests (tests/browser_support.py).
pytest_plugins = ("tests.browser_support",)

# The live server (Django's development server, what pytest-django's ``live_server`` runs)
# listens with a backlog of 10. test_concurrent_intake connects 50 clients at once: the
# kernel's accept queue overflows (counted in /proc/net/netstat, ListenOverflows), and with
# SYN cookies a dropped connection now and then comes back reset, failing the test for a
# reason that is not ours (CI, PostgreSQL run). gunicorn, what the project deploys, listens
# with a backlog of 2048; the live server gets as much.
WSGIServer.request_queue_size = 2048

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GONGKAI_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
DATA = Path(__file__).parent / "data"
SEED_000 = SEEDS / "000_49c6c62204b3e30b.txt"
SEED_002 = SEEDS / "002_210154b36da6de1f.txt"


def expected_cells(path: Path) -> dict[str, str]:
    """``address<TAB>value`` lines of a verified-values file."""
    out = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            address, value = line.split("\t", 1)
            out[address] = value
    return out


def same(value: object, printed: str) -> bool:
    if printed in ("", "null"):
        return value is None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)) == Decimal(printed)
    return str(value) == printed


def flatten(doc: dict, prefix: str = "") -> dict[str, object]:  # type: ignore[type-arg]
    out: dict[str, object] = {}
    for k, v in doc.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared folder not found at {SHARED}; set GONGKAI_SHARED")
    return SHARED
