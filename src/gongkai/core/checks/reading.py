"""Reading findings: the reader's notes (fuzzy labels, rows taken by position, rows
missing) as findings, so a person sees how the printed table was understood."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.core.checks.findings import Finding
from gongkai.core.checks.registry import finding
from gongkai.core.report import Report

KINDS = {
    "fuzzy_match": "read.fuzzy_match",
    "row_position": "read.row_position",
    "unknown_label": "read.unknown_label",
    "extra_values": "read.extra_values",
    "values_missing": "read.values_missing",
    "row_missing": "read.row_missing",
    "table_missing": "read.table_missing",
}


def reading_findings(report: Report) -> Iterator[Finding]:
    for note in report.notes:
        rule_id = KINDS.get(note.kind)
        if rule_id is not None:
            yield finding(rule_id, note.message, source=note.source)
