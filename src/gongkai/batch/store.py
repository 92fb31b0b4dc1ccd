"""The batch's SQLite file: results committed as they arrive, the output tables as views.

Results are keyed by content hash, one transaction per batch of files, in WAL mode: a run
killed at any moment leaves every committed file in place and no half-written one, and
the next run skips what is there. ``scan`` is this run's listing (path → hash), so the
views ``cells``, ``findings``, ``failures`` and ``reports`` — the same tables as the CSV,
Parquet and XLSX files — show exactly the files now under the folder, sorted by file.

Results made by another version of gongkai are dropped on opening: a newer reader or
checker may read the same bytes differently.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from gongkai import __version__
from gongkai.batch.worker import FileResult, PairResult, Stored

SCHEMA_VERSION = "7"

_FINDING_COLUMNS = (
    "seq INTEGER NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, "
    "holds TEXT NOT NULL, diagnosis TEXT, cells TEXT NOT NULL, line INTEGER, page INTEGER"
)

# Kept between runs (by content hash). A report's cells and narrative (tens of kB) are
# kept apart from the short columns every query reads, so those stay on few pages; the
# cells as the worker encoded them, UTF-8 JSON in a BLOB (read as text by the view).
_RESULT_TABLES = f"""
CREATE TABLE IF NOT EXISTS r_results (
    sha TEXT PRIMARY KEY, kind TEXT NOT NULL, ok INTEGER NOT NULL, reason TEXT,
    format TEXT, agency TEXT, agency_key TEXT, year INTEGER, cell_count INTEGER NOT NULL,
    figures TEXT NOT NULL, timed_out REAL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS r_cells (
    sha TEXT PRIMARY KEY, narrative TEXT NOT NULL, cells BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS r_findings (
    sha TEXT NOT NULL, {_FINDING_COLUMNS}, PRIMARY KEY (sha, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS y_checked (
    sha TEXT NOT NULL, previous_sha TEXT NOT NULL, PRIMARY KEY (sha, previous_sha)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS y_findings (
    sha TEXT NOT NULL, previous_sha TEXT NOT NULL, {_FINDING_COLUMNS},
    PRIMARY KEY (sha, previous_sha, seq)
) WITHOUT ROWID;
"""

# Rebuilt by every run from the folder as it is now.
_RUN_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scan (path TEXT PRIMARY KEY, sha TEXT, reason TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS scan_sha ON scan (sha);
CREATE TABLE IF NOT EXISTS pairing (
    sha TEXT PRIMARY KEY, previous_sha TEXT NOT NULL, previous_path TEXT NOT NULL
) WITHOUT ROWID;
"""

# The output tables. Column names are the CSV headers; the order is the files' order.
OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "cells": (
        "file",
        "address",
        "value",
        "printed",
        "line",
        "line_col",
        "page",
        "box",
        "table_no",
        "table_row",
        "table_col",
        "label",
        "matched",
    ),
    "findings": (
        "file",
        "rule",
        "severity",
        "message",
        "cells",
        "holds",
        "diagnosis",
        "line",
        "page",
        "previous_file",
    ),
    "failures": ("file", "reason"),
    "reports": (
        "file",
        "sha256",
        "kind",
        "format",
        "agency",
        "year",
        "cell_count",
        "errors",
        "warnings",
        "notes",
        "previous_file",
    ),
}
INTEGER_COLUMNS = frozenset(
    {
        "line",
        "line_col",
        "page",
        "table_no",
        "table_row",
        "table_col",
        "year",
        "cell_count",
        "errors",
        "warnings",
        "notes",
    }
)


def _cell_fields() -> str:
    """The cells view: one row per element of a report's JSON array of cells."""
    names = OUTPUT_COLUMNS["cells"][1:]
    return ", ".join(f"json_extract(j.value, '$[{i}]') AS {n}" for i, n in enumerate(names))


_FINDINGS_ALL = """
    SELECT s.path AS file, 0 AS part, f.seq, f.rule, f.severity, f.message, f.cells, f.holds,
           f.diagnosis, f.line, f.page, NULL AS previous_file, s.sha
    FROM scan s JOIN r_findings f ON f.sha = s.sha
    UNION ALL
    SELECT s.path, 1, y.seq, y.rule, y.severity, y.message, y.cells, y.holds, y.diagnosis,
           y.line, y.page, p.previous_path, s.sha
    FROM scan s JOIN pairing p ON p.sha = s.sha
         JOIN y_findings y ON y.sha = p.sha AND y.previous_sha = p.previous_sha
"""

OUTPUT_QUERIES: dict[str, str] = {
    "cells": f"""
        SELECT s.path AS file, {_cell_fields()}
        FROM scan s JOIN r_cells r ON r.sha = s.sha, json_each(CAST(r.cells AS TEXT)) j
        ORDER BY s.path, j.key""",
    "findings": f"""
        SELECT file, rule, severity, message, cells, holds, diagnosis, line, page, previous_file
        FROM ({_FINDINGS_ALL}) ORDER BY file, part, seq""",
    "failures": """
        SELECT s.path AS file, COALESCE(s.reason, r.reason) AS reason
        FROM scan s LEFT JOIN r_results r ON r.sha = s.sha
        WHERE s.reason IS NOT NULL OR r.ok = 0
        ORDER BY s.path""",
    "reports": """
        WITH counts AS (
            SELECT sha, SUM(severity = 'error') AS errors, SUM(severity = 'warning') AS warnings,
                   SUM(severity = 'note') AS notes
            FROM (SELECT sha, severity FROM r_findings
                  UNION ALL
                  SELECT y.sha, y.severity FROM pairing p
                  JOIN y_findings y ON y.sha = p.sha AND y.previous_sha = p.previous_sha)
            GROUP BY sha
        )
        SELECT s.path AS file, s.sha AS sha256, r.kind, r.format, r.agency, r.year,
               r.cell_count,
               COALESCE(k.errors, 0) AS errors, COALESCE(k.warnings, 0) AS warnings,
               COALESCE(k.notes, 0) AS notes, p.previous_path AS previous_file
        FROM scan s JOIN r_results r ON r.sha = s.sha
             LEFT JOIN counts k ON k.sha = s.sha
             LEFT JOIN pairing p ON p.sha = s.sha
        WHERE r.ok = 1
        ORDER BY s.path""",
}


CHUNK_ROWS = {"cells": 20_000, "findings": 2_000, "failures": 5_000, "reports": 5_000}


class Store:
    def __init__(self, path: Path, reader: bool = False) -> None:
        """Open (and create or upgrade) the store; a ``reader`` only reads, beside the
        process that writes it."""
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        if reader:
            self.db.execute("PRAGMA query_only=1")
            return
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._open()

    def _open(self) -> None:
        self.db.executescript(_RUN_TABLES)
        made_by = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        if made_by != {"schema": SCHEMA_VERSION, "gongkai": __version__}:
            with self.transaction():
                for table in ("r_results", "r_cells", "r_findings", "y_checked", "y_findings"):
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")
                self.db.execute("DELETE FROM meta")
                self.db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("schema", SCHEMA_VERSION), ("gongkai", __version__)],
                )
        self.db.executescript(_RESULT_TABLES)
        with self.transaction():
            for name, query in OUTPUT_QUERIES.items():
                self.db.execute(f"DROP VIEW IF EXISTS {name}")
                self.db.execute(f"CREATE VIEW {name} AS {query}")

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # -- per-file results ------------------------------------------------------------

    def done(self) -> set[str]:
        return {sha for (sha,) in self.db.execute("SELECT sha FROM r_results")}

    def add(self, results: Sequence[FileResult]) -> None:
        """Commit a batch of results at once: all of them or, if killed, none."""
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO r_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.sha,
                        r.kind,
                        int(r.ok),
                        r.reason,
                        r.format,
                        r.agency,
                        r.agency_key,
                        r.year,
                        r.cell_count,
                        r.figures,
                        r.timed_out,
                    )
                    for r in results
                ],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO r_cells VALUES (?, ?, ?)",
                [(r.sha, r.narrative, r.cells) for r in results if r.ok],
            )
            for r in results:
                self.db.execute("DELETE FROM r_findings WHERE sha = ?", (r.sha,))
            self.db.executemany(
                "INSERT INTO r_findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.sha, *f) for r in results for f in r.findings],
            )

    def set_scan(self, rows: Iterable[tuple[str, str | None, str | None]]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM scan")
            self.db.executemany("INSERT INTO scan VALUES (?, ?, ?)", rows)

    def add_scan(self, rows: Iterable[tuple[str, str | None, str | None]]) -> None:
        """More of this run's listing (the run starts with ``set_scan([])``)."""
        with self.transaction():
            self.db.executemany("INSERT INTO scan VALUES (?, ?, ?)", rows)

    def forget_timeouts(self, seconds: float | None) -> None:
        """Let a file that ran out of time be read again when this run allows it more
        (``seconds`` larger, or None: no limit). Under the same limit or a smaller one it
        is skipped like any file done: it would only run out of time again."""
        with self.transaction():
            self.db.execute(
                "DELETE FROM r_results WHERE timed_out IS NOT NULL AND (? IS NULL OR timed_out < ?)",
                (seconds, seconds),
            )

    def known(self, sha: str) -> bool:
        """Whether a content is done, or already listed in this run (so on its way)."""
        row = self.db.execute(
            """SELECT EXISTS (SELECT 1 FROM r_results WHERE sha = ?)
                   OR EXISTS (SELECT 1 FROM scan WHERE sha = ?)""",
            (sha, sha),
        ).fetchone()
        return bool(row[0])

    # -- pairs of years ---------------------------------------------------------------

    def readable(self) -> Iterator[tuple[str, str, str | None, int | None]]:
        """(path, sha, agency key, year) of every readable report now listed, by path."""
        yield from self.db.execute(
            """SELECT s.path, s.sha, r.agency_key, r.year
               FROM scan s JOIN r_results r ON r.sha = s.sha
               WHERE r.ok = 1 ORDER BY s.path"""
        )

    def set_pairing(self, rows: Iterable[tuple[str, str, str]]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM pairing")
            self.db.executemany("INSERT INTO pairing VALUES (?, ?, ?)", rows)

    def pairs_to_check(self) -> list[tuple[str, str]]:
        return self.db.execute(
            """SELECT p.sha, p.previous_sha FROM pairing p
               WHERE NOT EXISTS (SELECT 1 FROM y_checked y
                                 WHERE y.sha = p.sha AND y.previous_sha = p.previous_sha)
               ORDER BY p.sha"""
        ).fetchall()

    def stored(self, sha: str) -> Stored:
        fmt, agency, year, narrative, cells = self.db.execute(
            """SELECT r.format, r.agency, r.year, c.narrative, c.cells
               FROM r_results r JOIN r_cells c ON c.sha = r.sha WHERE r.sha = ?""",
            (sha,),
        ).fetchone()
        return Stored(sha, fmt, agency, year, narrative, cells)

    def add_pairs(self, results: Sequence[PairResult]) -> None:
        with self.transaction():
            for r in results:
                self.db.execute(
                    "DELETE FROM y_findings WHERE sha = ? AND previous_sha = ?",
                    (r.sha, r.previous_sha),
                )
            self.db.executemany(
                "INSERT OR REPLACE INTO y_checked VALUES (?, ?)",
                [(r.sha, r.previous_sha) for r in results],
            )
            self.db.executemany(
                "INSERT INTO y_findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.sha, r.previous_sha, *f) for r in results for f in r.findings],
            )

    # -- reading the output tables ----------------------------------------------------

    def rows(self, table: str, size: int | None = None) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of an output table in order, a chunk at a time (flat memory: a chunk of
        findings, each with its cells and their sources, is a few MB). The cells are
        unpacked here rather than by the view: json_extract per value is slow."""
        size = size or CHUNK_ROWS[table]
        if table == "cells":
            yield from self._cell_rows(size)
            return
        if table == "findings":
            yield from _chunks(self._finding_rows(), size)
            return
        cur = self.db.execute(OUTPUT_QUERIES[table])
        while chunk := cur.fetchmany(size):
            yield chunk

    def _finding_rows(self) -> Iterator[tuple[Any, ...]]:
        """The findings view's rows, as the merge of two streams SQLite gives in path order
        without sorting (the view's ORDER BY over the union would sort them all in memory)."""
        columns = "f.rule, f.severity, f.message, f.cells, f.holds, f.diagnosis, f.line, f.page"
        own = self.db.execute(
            f"""SELECT s.path, 0, f.seq, {columns}, NULL
                FROM scan s JOIN r_findings f ON f.sha = s.sha ORDER BY s.path, f.seq"""
        )
        year = self.db.cursor().execute(
            f"""SELECT s.path, 1, f.seq, {columns}, p.previous_path
                FROM scan s JOIN pairing p ON p.sha = s.sha
                JOIN y_findings f ON f.sha = p.sha AND f.previous_sha = p.previous_sha
                ORDER BY s.path, f.seq"""
        )
        for row in heapq.merge(own, year, key=lambda r: (r[0], r[1], r[2])):
            yield (row[0], *row[3:])

    def _cell_rows(self, size: int) -> Iterator[list[tuple[Any, ...]]]:
        cur = self.db.execute(
            "SELECT s.path, c.cells FROM scan s JOIN r_cells c ON c.sha = s.sha ORDER BY s.path"
        )
        chunk: list[tuple[Any, ...]] = []
        for path, cells in cur:
            chunk.extend((path, *c) for c in json.loads(cells))
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params).fetchall()


def _chunks(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any exception."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
