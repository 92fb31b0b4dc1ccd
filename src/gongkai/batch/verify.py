"""A batch's outputs checked against the manifest of a generated corpus: every cell back
with its value, exactly the planted rule ids per file (errors and warnings), and the
files that are no reports listed as failures. For corpora too large for the test suite
(10,000 reports in mixed formats).

Run: ``python -m gongkai.batch.verify OUT MANIFEST`` — prints the counts and the first
differences; exit 0 when there are none.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gongkai.batch.synth import ManifestLine, read_manifest


@dataclass
class Verdict:
    reports: int = 0
    cells: int = 0
    planted: int = 0
    failures: int = 0
    wrong: list[str] = field(default_factory=list)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _same(printed: str, value: str | None) -> bool:
    if value is None:
        return printed == ""
    return printed != "" and Decimal(printed) == Decimal(value)


def _by_file(path: Path) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A table's rows grouped by file (the tables are sorted by file)."""
    current: str | None = None
    group: list[dict[str, str]] = []
    for row in _rows(path):
        if row["file"] != current:
            if current is not None:
                yield current, group
            current, group = row["file"], []
        group.append(row)
    if current is not None:
        yield current, group


def verify(out: Path, manifest: Path) -> Verdict:
    lines: dict[str, ManifestLine] = {m.file: m for m in read_manifest(manifest)}
    v = Verdict()
    seen: set[str] = set()
    for file, rows in _by_file(out / "cells.csv"):
        m = lines.get(file)
        if m is None or m.failure:
            v.wrong.append(f"{file}: cells of a file that is not a report of the manifest")
            continue
        seen.add(file)
        got = {r["address"]: r["value"] for r in rows}
        if set(got) != set(m.cells):
            v.wrong.append(f"{file}: addresses differ {sorted(set(got) ^ set(m.cells))[:5]}")
        for address, value in m.cells.items():
            if address in got and not _same(got[address], value):
                v.wrong.append(f"{file} {address}: wrote {value!r}, got {got[address]!r}")
        v.cells += len(got)
    found: dict[str, set[str]] = defaultdict(set)
    for row in _rows(out / "findings.csv"):
        if row["severity"] in ("error", "warning"):
            found[row["file"]].add(row["rule"])
    for m in lines.values():
        if m.failure:
            continue
        v.reports += 1
        v.planted += bool(m.planted)
        if m.file not in seen:
            v.wrong.append(f"{m.file}: no cells")
        if found[m.file] != set(m.expected):
            v.wrong.append(
                f"{m.file}: planted {list(m.planted)}, expected {sorted(m.expected)}, "
                f"found {sorted(found[m.file])}"
            )
    failed = {r["file"] for r in _rows(out / "failures.csv")}
    expected_failures = {m.file for m in lines.values() if m.failure}
    v.failures = len(failed)
    if failed != expected_failures:
        v.wrong.append(f"failures differ: {sorted(failed ^ expected_failures)[:10]}")
    return v


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="核对批量结果与生成语料的清单是否一致")
    p.add_argument("out", type=Path, help="gongkai batch 的输出文件夹")
    p.add_argument("manifest", type=Path, help="生成语料的 manifest.jsonl")
    args = p.parse_args(argv)
    v = verify(args.out, args.manifest)
    print(
        f"{v.reports} 份报告，{v.cells} 个单元格，{v.planted} 份有预置错误，"
        f"{v.failures} 个无法读取；不一致 {len(v.wrong)} 处"
    )
    for line in v.wrong[:30]:
        print("  " + line)
    return 0 if not v.wrong else 1


if __name__ == "__main__":
    raise SystemExit(main())
