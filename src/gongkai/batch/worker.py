"""The work done for one file, and for one pair of years: bytes in, rows out.

Pure functions of their arguments, with plain picklable results, so that a local process
pool and a Dask cluster run exactly the same code and give exactly the same rows. No
file system, no database: the driver reads the files and writes the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gongkai.batch.figures import FIGURE_ADDRESSES
from gongkai.batch.limit import FileTimeout, within
from gongkai.core.cellrows import CellRow, cell_from_row, cells_json, show_value
from gongkai.core.checks import Finding, check
from gongkai.core.errors import ReportError
from gongkai.core.labels import key_text
from gongkai.core.readers import read_bytes
from gongkai.core.readers.decode import sniff
from gongkai.core.report import Report

# The rules that need last year's report; a pair of years is checked for these only.
YEAR_RULES = ("year.carry_chain", "year.in_force_chain", "narrative.repeats_last_year")

# One finding: its place in the checker's order, rule, severity, message, what should
# hold, the diagnosis of a reading error, the cells (JSON), and the line and page of the
# place it points at.
FindingRow = tuple[int, str, str, str, str, str | None, str, int | None, int | None]


@dataclass
class FileResult:
    sha: str
    kind: str
    ok: bool
    reason: str | None = None
    format: str | None = None
    agency: str | None = None
    agency_key: str | None = None
    year: int | None = None
    narrative: str = "{}"
    # JSON of the CellRows, sorted by address, as UTF-8: the driver passes it on to the
    # store as it came (a str would be encoded to pickle it, decoded, and encoded again
    # for SQLite: a third of the driver's time per file)
    cells: bytes = b"[]"
    cell_count: int = 0
    figures: str = "{}"  # JSON: the main figures' cells (FIGURE_ADDRESSES) and values
    findings: list[FindingRow] = field(default_factory=list)
    timed_out: float | None = None  # the time limit (seconds) the file ran out of


Job = tuple[str, str, bytes]  # content hash, file name, bytes


def finding_row(seq: int, f: Finding) -> FindingRow:
    loc = f.location()
    cells: list[dict[str, Any]] = [c.to_json() for c in f.cells]
    return (
        seq,
        f.rule,
        f.severity,
        f.message,
        f.holds,
        f.diagnosis,
        json.dumps(cells, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        loc.line if loc is not None else None,
        loc.page if loc is not None else None,
    )


def _compact(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def timeout_reason(seconds: float) -> str:
    return (
        f"读取超时（read.timeout）：{seconds:g} 秒内未能读完并核对此文件，已跳过"
        "（时限可用 --file-timeout 放宽）"
    )


def process(sha: str, name: str, data: bytes, seconds: float | None = None) -> FileResult:
    """Read and check one file. A file that is not a readable report is a failure with the
    reader's one-sentence reason; a file not done within ``seconds`` (None: no limit) is a
    failure saying so; anything else going wrong is a failure too, named as an internal
    error with its type, so that one file never stops a batch."""
    kind = "?"

    def read_and_check() -> tuple[Report, list[Finding]]:
        nonlocal kind
        kind = sniff(data)
        report = read_bytes(data, name)
        return report, check(report)

    try:
        report, findings = within(seconds, read_and_check)
    except FileTimeout:
        assert seconds is not None  # only a limit raises it
        return FileResult(sha, kind, False, timeout_reason(seconds), timed_out=seconds)
    except ReportError as e:
        return FileResult(sha, kind, False, e.message)
    except Exception as e:  # a bug of ours or of a library: record it, go on
        return FileResult(sha, kind, False, f"内部错误：{type(e).__name__}: {e}")
    return FileResult(
        sha,
        kind,
        True,
        format=report.format,
        agency=report.agency,
        agency_key=key_text(report.agency) if report.agency else None,
        year=report.year,
        narrative=json.dumps(report.narrative, ensure_ascii=False, sort_keys=True),
        cells=cells_json(report).encode(),
        cell_count=len(report.cells),
        figures=_compact({a: show_value(report.value(a)) for a in FIGURE_ADDRESSES}),
        findings=[finding_row(i, f) for i, f in enumerate(findings)],
    )


def process_batch(jobs: list[Job], seconds: float | None = None) -> list[FileResult]:
    """The files of a batch one after the other, each within ``seconds``."""
    return [process(sha, name, data, seconds) for sha, name, data in jobs]


# -- pairs of years --------------------------------------------------------------------


@dataclass
class Stored:
    """A report as the store keeps it: enough to run the cross-year rules again."""

    sha: str
    format: str
    agency: str | None
    year: int | None
    narrative: str
    cells: bytes  # as in FileResult

    def report(self) -> Report:
        rows: list[CellRow] = [tuple(r) for r in json.loads(self.cells)]
        return Report(
            format=self.format,
            agency=self.agency,
            year=self.year,
            cells=dict(cell_from_row(r) for r in rows),
            narrative=json.loads(self.narrative),
        )


@dataclass
class PairResult:
    sha: str
    previous_sha: str
    findings: list[FindingRow]


def check_pair(current: Stored, previous: Stored) -> PairResult:
    """The cross-year findings of ``current`` given the same agency's previous report."""
    try:
        found = check(current.report(), previous.report())
    except Exception as e:  # as in process(): one bad pair never stops the batch
        rows: list[FindingRow] = [
            (
                0,
                "batch.internal_error",
                "error",
                f"内部错误：{type(e).__name__}: {e}",
                "",
                None,
                "[]",
                None,
                None,
            )
        ]
        return PairResult(current.sha, previous.sha, rows)
    year = [f for f in found if f.rule in YEAR_RULES]
    return PairResult(current.sha, previous.sha, [finding_row(i, f) for i, f in enumerate(year)])


def check_pairs(pairs: list[tuple[Stored, Stored]]) -> list[PairResult]:
    return [check_pair(c, p) for c, p in pairs]
