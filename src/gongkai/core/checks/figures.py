"""Figures the narrative states (收到申请 N 件, 结转下年度 N 件 …), found with the patterns
of ``templates/narrative_figures.toml``.

Each section is first asked, with plain ``str`` searches, which of the texts the patterns
need it holds (see literals.py); a pattern runs only over a section that has what every
match of it contains, and only where a match can start. The figures found are the ones
``Pattern.finditer`` over every section would find.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate, compress

from gongkai.core.checks.literals import Clause, find_anchored, required_texts, start_anchors
from gongkai.core.report import Report, Source


@dataclass(frozen=True)
class Figure:
    name: str
    pattern: re.Pattern[str]
    cells: tuple[str, ...]
    also: tuple[tuple[str, ...], ...]
    needs: frozenset[str]  # texts every match contains
    needs_one: tuple[Clause, ...]  # at least one text of each, in every match
    anchors: tuple[str, ...] | None  # texts one of which every match starts with


@cache
def figures() -> tuple[Figure, ...]:
    text = (
        resources.files("gongkai.core")
        .joinpath("templates", "narrative_figures.toml")
        .read_text("utf-8")
    )
    out: list[Figure] = []
    for f in tomllib.loads(text)["figures"]:
        pattern = re.compile(f["pattern"])
        clauses = required_texts(pattern)
        out.append(
            Figure(
                f["name"],
                pattern,
                tuple(f["cells"]),
                tuple(tuple(a) for a in f.get("also", ())),
                frozenset(t for c in clauses if len(c) == 1 for t in c),
                tuple(c for c in clauses if len(c) > 1),
                start_anchors(pattern),
            )
        )
    return tuple(out)


@cache
def texts() -> tuple[tuple[str, frozenset[str]], ...]:
    """Every text some figure needs or starts with, with its characters."""
    found: dict[str, None] = {}
    for f in figures():
        for clause in (*({t} for t in f.needs), *f.needs_one, f.anchors or ()):
            found.update((t, None) for t in sorted(clause))
    return tuple((t, frozenset(t)) for t in found)


@cache
def gate() -> tuple[str, ...] | None:
    """Texts of which a section must hold one to state any figure (None when some figure
    needs nothing): for each figure, the clause quickest to look for, preferring texts
    other figures need too. Most sections hold none, and are passed over at once."""
    singles = Counter(t for f in figures() for t in f.needs)
    out: dict[str, None] = {}
    for f in figures():
        clauses = [frozenset((t,)) for t in f.needs] + list(f.needs_one)
        if not clauses:
            return None
        best = min(
            clauses,
            key=lambda c: (max(map(len, c)), len(c), -sum(singles[t] for t in c), sorted(c)),
        )
        out.update((t, None) for t in sorted(best))
    return tuple(out)


@cache
def _lookups() -> tuple[
    tuple[str, ...], frozenset[str], tuple[str, ...], tuple[frozenset[str], ...]
]:
    """For :func:`held_texts`: every character, the one-character texts, and the longer
    texts with their characters."""
    chars = tuple(sorted({c for _, cs in texts() for c in cs}))
    longer = [(t, cs) for t, cs in texts() if len(t) > 1]
    single = frozenset(t for t, _ in texts() if len(t) == 1)
    return chars, single, tuple(t for t, _ in longer), tuple(cs for _, cs in longer)


def held_texts(section: str) -> set[str]:
    """The texts of :func:`texts` that ``section`` holds. Single characters are looked up
    first: ``in`` with one character is many times faster than with several, and a text
    with a character the section lacks cannot be in it. (``filter``, ``compress`` and
    ``map`` keep the loops in C.)"""
    chars, single, longer, longer_chars = _lookups()
    present = set(filter(section.__contains__, chars))
    held = present & single
    possible = compress(longer, map(present.issuperset, longer_chars))
    held.update(filter(section.__contains__, possible))
    return held


@dataclass(frozen=True)
class Stated:
    figure: Figure
    number: int
    printed: str
    source: Source


def stated_figures(report: Report) -> Iterator[Stated]:
    """Every figure the narrative states, with the line it is on. Lines are joined before
    matching because PDF text wraps in the middle of a phrase."""
    for key, text in report.narrative.items():
        sources = report.narrative_sources.get(key)
        joined = "".join([s.text for s in sources]) if sources else text.replace("\n", "")
        passes = gate()
        if passes is not None and not any(map(joined.__contains__, passes)):
            continue
        held = held_texts(joined)
        # a figure may be stated if the section holds what every match of it contains
        wanted = [
            f for f in figures() if f.needs <= held and not any(map(held.isdisjoint, f.needs_one))
        ]
        if not wanted:
            continue
        starts: list[int] = []  # where each line begins in ``joined``, once a figure is found
        lines = sources or []
        for fig in wanted:
            if fig.anchors is None:
                found = fig.pattern.finditer(joined)
            else:
                anchors = tuple(a for a in fig.anchors if a in held)
                found = find_anchored(fig.pattern, anchors, joined)
            for m in found:
                if not starts:
                    lines = sources or [Source(line) for line in text.split("\n")]
                    starts = list(accumulate((len(s.text) for s in lines[:-1]), initial=0))
                line = lines[bisect_right(starts, m.start(1)) - 1]
                yield Stated(
                    fig,
                    int(m.group(1).replace(",", "")),
                    m.group(0),
                    Source(m.group(0), line=line.line, page=line.page),
                )
