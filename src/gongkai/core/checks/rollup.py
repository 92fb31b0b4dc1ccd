"""``rollup.sum``: a supervisor's roll-up equals the sum of its agencies' reports."""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.core.checks.findings import CellRef, Finding, fmt
from gongkai.core.checks.registry import finding
from gongkai.core.report import Number, Report


def check_rollup(rollup: Report, parts: Mapping[str, Report | None]) -> list[Finding]:
    """Each cell of ``rollup`` against the sum of ``parts`` (agency name → report, or None
    for an agency that has no report, which is listed)."""
    out: list[Finding] = []
    missing = [name for name, r in parts.items() if r is None]
    if missing:
        out.append(
            finding(
                "rollup.sum",
                f"{len(missing)}个单位没有报告，未计入汇总：{'、'.join(missing)}",
                severity="warning",
            )
        )
    present = [r for r in parts.values() if r is not None]
    for address in rollup.all_addresses():
        total: Number = 0
        for r in present:
            total += r.value(address) or 0
        got = rollup.value(address)
        if (got or 0) != total:
            out.append(
                finding(
                    "rollup.sum",
                    f"{address}汇总为{fmt(got)}，各单位之和为{fmt(total)}",
                    cells=[CellRef.of(rollup, address)],
                )
            )
    return out
