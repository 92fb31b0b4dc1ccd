"""Consistency checks (勾稽关系) over a Report, with stable rule ids (DESIGN.md)."""

from __future__ import annotations

from gongkai.core.checks import cells, narrative  # noqa: F401  (register the built-in rules)
from gongkai.core.checks.arithmetic import check_identities
from gongkai.core.checks.facts import sharing
from gongkai.core.checks.findings import CellRef, Finding
from gongkai.core.checks.reading import reading_findings
from gongkai.core.checks.registry import registered, rules
from gongkai.core.checks.rollup import check_rollup
from gongkai.core.report import Report

_ORDER = {"error": 0, "warning": 1, "note": 2}


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding about ``report`` (and, with ``previous``, the cross-year rules)."""
    with sharing(report):
        found = check_identities(report, previous)
        for fn in registered().values():
            found.extend(fn(report, previous))
        found.extend(reading_findings(report))
    return sorted(found, key=lambda f: _ORDER[f.severity])


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


__all__ = ["CellRef", "Finding", "check", "check_rollup", "has_errors", "rules"]
