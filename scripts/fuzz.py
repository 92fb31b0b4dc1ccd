"""Fuzz every reader for a fixed time: only ReportError may escape ``read_bytes``.

    FUZZ_SECONDS=60 .venv/bin/python scripts/fuzz.py      (or: make fuzz)

Seeds are the format fixtures under tests/data/formats/ and the real reports under
$GONGKAI_SHARED (seeds/ and corpus/). Hypothesis draws a seed and a list of mutations:
byte flips, insertions, deletions, truncation, repeated chunks, bytes spliced from another
seed; for DOCX and XLSX (ZIP containers) also mutations inside one member, re-zipped, so
the XML parsers are reached past the ZIP checks. Each input gets ``FUZZ_INPUT_SECONDS``
(default 10) before it counts as a hang.

Any other exception, or a hang, is a finding: the input is saved under var/fuzz/ with the
traceback beside it, distinct findings are printed at the end and the exit status is 1.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import sys
import time
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GONGKAI_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "var" / "fuzz"
sys.path.insert(0, str(ROOT / "src"))

from gongkai.core.errors import ReportError  # noqa: E402
from gongkai.core.readers import read_bytes  # noqa: E402
from gongkai.core.readers.decode import sniff  # noqa: E402

SKIP = {".py", ".md"}


class Hang(Exception):
    pass


def seeds() -> list[tuple[str, bytes]]:
    paths = [p for p in sorted((ROOT / "tests" / "data" / "formats").iterdir()) if p.is_file()]
    for sub in ("seeds", "corpus"):
        d = SHARED / sub
        if d.is_dir():
            paths += [p for p in sorted(d.iterdir()) if p.is_file()]
    return [(p.name, p.read_bytes()) for p in paths if p.suffix not in SKIP]


@dataclass
class Tally:
    tried: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    read: Counter[str] = field(default_factory=Counter)
    findings: dict[str, tuple[str, Path]] = field(default_factory=dict)


def _zip_member_mutation(data: bytes, member: int, edits: list[tuple[int, int]]) -> bytes:
    """``data`` re-zipped with bytes of one member changed (the XML behind the ZIP)."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        names = src.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return data
    if not names:
        return data
    target = names[member % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for n in names:
            body = bytearray(src.read(n))
            if n == target and body:
                for pos, value in edits:
                    body[pos % len(body)] = value
            dst.writestr(n, bytes(body))
    return out.getvalue()


def mutate(data: bytes, ops: list[tuple[str, int, int]], other: bytes) -> bytes:
    b = bytearray(data)
    for op, a, v in ops:
        n = len(b)
        i = a % (n + 1)
        if op == "flip" and n:
            b[i % n] ^= 1 << (v % 8)
        elif op == "set" and n:
            b[i % n] = v % 256
        elif op == "insert":
            b[i:i] = bytes([v % 256]) * (1 + v % 17)
        elif op == "delete":
            del b[i : i + 1 + v % 64]
        elif op == "truncate":
            del b[i:]
        elif op == "repeat":
            b[i:i] = b[i : i + 1 + v % 256] * (1 + v % 4)
        elif op == "splice" and other:
            j = v % len(other)
            b[i:i] = other[j : j + 1 + v % 512]
    return bytes(b)


OPS = st.tuples(
    st.sampled_from(["flip", "set", "insert", "delete", "truncate", "repeat", "splice"]),
    st.integers(0, 2**31),
    st.integers(0, 2**16),
)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang("no answer in time")


def _where(exc: BaseException) -> str:
    """Where an exception was raised in our code (or the last frame), to tell findings
    apart."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/gongkai/" in f.filename] or frames
    last = ours[-1] if ours else None
    place = f"{Path(last.filename).name}:{last.lineno}" if last else "?"
    return f"{type(exc).__name__} at {place}"


def run(budget: float, per_input: float) -> Tally:
    corpus = seeds()
    tally = Tally()
    OUT.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGALRM, _on_alarm)
    print(f"fuzz: {len(corpus)} seeds, {budget:.0f} s, {per_input:.0f} s per input")
    for name, data in corpus:
        print(f"  seed {name:45} {sniff(data):6} {len(data):>8} bytes")

    def one(data: bytes) -> None:
        kind = sniff(data)
        tally.tried[kind] += 1
        signal.setitimer(signal.ITIMER_REAL, per_input)
        try:
            read_bytes(data, "fuzz")
            tally.read[kind] += 1
        except ReportError as e:
            if not e.message or not any("\u4e00" <= c <= "\u9fff" for c in e.message):
                record(data, kind, AssertionError(f"ReportError without a Chinese message: {e!r}"))
            tally.refused[kind] += 1
        except Exception as e:  # a finding, kept and counted
            record(data, kind, e)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def record(data: bytes, kind: str, e: BaseException) -> None:
        where = _where(e)
        if where in tally.findings:
            return
        digest = hashlib.sha1(data).hexdigest()[:12]
        path = OUT / f"crash-{kind}-{digest}.bin"
        path.write_bytes(data)
        tb = "".join(traceback.format_exception(e))
        path.with_suffix(".txt").write_text(f"{where}\n\n{tb}", "utf-8")
        tally.findings[where] = (f"{e}"[:200], path)
        print(f"  FINDING {where}: {str(e)[:120]} -> {path.relative_to(ROOT)}", flush=True)

    for _, data in corpus:  # the seeds themselves first
        one(data)

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        st.integers(0, len(corpus) - 1),
        st.integers(0, len(corpus) - 1),
        st.lists(OPS, min_size=1, max_size=8),
        st.booleans(),
        st.integers(0, 64),
        st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), min_size=1, max_size=6),
    )
    def case(
        i: int,
        j: int,
        ops: list[tuple[str, int, int]],
        inside: bool,
        member: int,
        edits: list[tuple[int, int]],
    ) -> None:
        data = corpus[i][1]
        if inside and sniff(data) in ("docx", "xlsx"):
            data = _zip_member_mutation(data, member, edits)
            if ops[0][0] in ("flip", "set"):  # sometimes the container too
                data = mutate(data, ops[:1], b"")
        else:
            data = mutate(data, ops, corpus[j][1])
        one(data)

    end = time.monotonic() + budget
    while time.monotonic() < end:
        case()
    return tally


def main() -> int:
    budget = float(os.environ.get("FUZZ_SECONDS", "60"))
    per_input = float(os.environ.get("FUZZ_INPUT_SECONDS", "10"))
    sys.setrecursionlimit(5000)
    t0 = time.monotonic()
    tally = run(budget, per_input)
    took = time.monotonic() - t0
    total = sum(tally.tried.values())
    print(f"\ntried {total} inputs in {took:.0f} s")
    print(f"  {'kind':8} {'tried':>7} {'read':>7} {'refused':>8}")
    for kind, n in tally.tried.most_common():
        print(f"  {kind:8} {n:>7} {tally.read[kind]:>7} {tally.refused[kind]:>8}")
    if not tally.findings:
        print("PASS: only ReportError escaped")
        return 0
    print(f"FAIL: {len(tally.findings)} distinct finding(s), inputs under var/fuzz/:")
    for where, (msg, path) in tally.findings.items():
        print(f"  {where}: {msg} ({path.relative_to(ROOT)})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
