"""`make eval`: how many cells the readers get right on the corpus with known values.

For every ``corpus/expected/<stem>.tsv`` (lines ``address<TAB>value``, with ``format``,
``year`` and ``agency`` metadata lines), every corpus file named ``<stem>.*`` (except
``*.expected.json``) is read with ``read_bytes`` and its interchange JSON compared cell by
cell with the known values. Known cells of corpus files that ``corpus/expected/`` does not
cover are kept in the repository, ``tests/data/formats/expected/`` (verified there: the
Shanghai 2019 HTML page, the Huaian 2024 PDF); ``corpus/expected/`` wins for a stem in
both. So every kind the readers take — text extracts, HTML pages, PDFs — is evaluated,
and the overall figure is printed per kind as well. Numbers compare by value (``"7730.28"`` = ``Decimal("7730.28")``,
``"7545"`` = ``7545``); an expected ``null`` or empty value means a blank (``None``).

A file whose kind has no reader yet (``ReportError``) is printed as ``skipped: …`` and left
out of the overall figure. Exit status 0, or 1 when a reader raised anything else.

Run:  cd /work/main && PYTHONPATH=src .venv/bin/python scripts/eval.py
      (GONGKAI_SHARED=/path/to/shared overrides where corpus/ is found)
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from gongkai.core.errors import ReportError  # noqa: E402
from gongkai.core.readers import read_bytes  # noqa: E402

MAX_WRONG_SHOWN = 10
_NUMERIC = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_ABSENT = object()  # the report has no such address at all


VERIFIED = ROOT / "tests" / "data" / "formats" / "expected"


def shared_dir() -> Path:
    env = os.environ.get("GONGKAI_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared"


def load_expected(path: Path) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        address, sep, value = line.partition("\t")
        if not sep:
            print(f"  {path.name}:{n}: no TAB, line ignored: {line!r}")
            continue
        value = value.strip()
        out[address.strip()] = None if value in ("", "null", "None") else value
    return out


def flatten(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in doc.items():
        address = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, address + "."))
        else:
            out[address] = value
    return out


def _as_number(v: Any) -> Decimal | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | Decimal):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, str) and _NUMERIC.match(v.strip().replace(",", "")):
        try:
            return Decimal(v.strip().replace(",", ""))
        except InvalidOperation:
            return None
    return None


def same(expected: str | None, got: Any) -> bool:
    if got is _ABSENT:
        return False
    if expected is None:
        return got is None
    if got is None:
        return False
    e, g = _as_number(expected), _as_number(got)
    if e is not None and g is not None:
        return e == g
    return str(got).strip() == expected


def show(v: Any) -> str:
    if v is _ABSENT:
        return "(absent)"
    if v is None:
        return "null"
    return str(v)


def evaluate_file(path: Path, expected: dict[str, str | None]) -> tuple[int, int] | None:
    """(correct, total) for one corpus file, or None when it was skipped."""
    try:
        report = read_bytes(path.read_bytes(), path.name)
    except ReportError as e:
        print(f"  {path.name}: skipped: {e.message}")
        return None
    got = flatten(report.to_interchange())
    wrong: list[tuple[str, str | None, Any]] = []
    for address, want in expected.items():
        value = got.get(address, _ABSENT)
        if not same(want, value):
            wrong.append((address, want, value))
    total = len(expected)
    correct = total - len(wrong)
    pct = 100.0 * correct / total if total else 100.0
    print(f"  {path.name}: {correct}/{total} cells correct ({pct:.1f}%)")
    if wrong:
        width = max(len(a) for a, _, _ in wrong[:MAX_WRONG_SHOWN])
        for address, want, value in wrong[:MAX_WRONG_SHOWN]:
            print(f"      {address:<{width}}  expected {show(want)}, got {show(value)}")
        if len(wrong) > MAX_WRONG_SHOWN:
            print(f"      … and {len(wrong) - MAX_WRONG_SHOWN} more wrong cells")
    return correct, total


def expected_files(corpus: Path) -> list[Path]:
    """The known-cells files, one per stem, corpus/expected/ first."""
    by_stem: dict[str, Path] = {}
    for folder in (corpus / "expected", VERIFIED):
        for tsv in sorted(folder.glob("*.tsv")):
            by_stem.setdefault(tsv.stem, tsv)
    return [by_stem[s] for s in sorted(by_stem)]


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in ("pdf", "html", "docx", "xlsx", "json") else "text"


def main() -> int:
    corpus = shared_dir() / "corpus"
    tsvs = expected_files(corpus)
    if not tsvs:
        print(f"no expected values found under {corpus / 'expected'} or {VERIFIED}")
        return 0
    correct = total = files_read = skipped = 0
    per_kind: dict[str, list[int]] = {}
    failed = False
    for tsv in tsvs:
        expected = load_expected(tsv)
        targets = sorted(
            p
            for p in corpus.iterdir()
            if p.is_file()
            and p.name.startswith(tsv.stem + ".")
            and not p.name.endswith(".expected.json")
        )
        where = (
            "" if tsv.parent == corpus / "expected" else f", from {tsv.parent.relative_to(ROOT)}"
        )
        print(f"{tsv.name} ({len(expected)} known values{where})")
        if not targets:
            print("  no corpus file with this stem")
            continue
        for path in targets:
            try:
                result = evaluate_file(path, expected)
            except Exception:
                failed = True
                print(f"  {path.name}: ERROR (unexpected exception)")
                traceback.print_exc()
                continue
            if result is None:
                skipped += 1
                continue
            files_read += 1
            correct += result[0]
            total += result[1]
            tally = per_kind.setdefault(kind_of(path), [0, 0, 0])
            tally[0] += result[0]
            tally[1] += result[1]
            tally[2] += 1
    for kind, (k_correct, k_total, k_files) in sorted(per_kind.items()):
        k_pct = 100.0 * k_correct / k_total if k_total else 0.0
        print(f"{kind}: {k_correct}/{k_total} cells correct ({k_pct:.1f}%) over {k_files} files")
    pct = 100.0 * correct / total if total else 0.0
    print(
        f"overall: {correct}/{total} cells correct ({pct:.1f}%) over {files_read} files read"
        f"; {skipped} skipped" + ("; some files raised unexpected exceptions" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(1)
