"""The text every match of a pattern must contain or start with, read from the pattern.

Scanning every narrative section with every figure's pattern cost more than all the
arithmetic together, and most sections state no figure. So a pattern runs only over a
section holding the text its matches contain, and, when every match starts with one of
a few texts, is tried only where one of them is: ``str`` searches are many times faster
than a regex scan over CJK text, and what they skip could never have matched, so the
matches found are the same as ``Pattern.finditer``'s.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

with warnings.catch_warnings():
    # the parser behind ``re``: deprecated as a public name since 3.11 but still shipped
    # and typed; it is only read here, so a pattern is understood exactly as ``re`` does
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as sc
    import sre_parse


Clause = frozenset[str]


def required_texts(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """What every match of ``pattern`` contains, as clauses: each match contains at least
    one text of every clause (most clauses hold one text). () when the pattern ignores
    case. A part it does not understand counts as requiring nothing, so the answer errs
    only towards running the pattern."""
    if pattern.flags & re.IGNORECASE:
        return ()
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    return tuple(dict.fromkeys(_clauses(parsed.data)))


def _clauses(items: list[tuple[Any, Any]]) -> list[Clause]:
    """Clauses of one sequence; adjacent literals join into one text."""
    out: list[Clause] = []
    run = ""
    for op, av in items:
        if op is sc.LITERAL:
            run += chr(av)
            continue
        if run:
            out.append(frozenset((run,)))
            run = ""
        if op is sc.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & sc.SRE_FLAG_IGNORECASE:
                out.extend(_clauses(sub.data))
        elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT) and av[0] >= 1:
            out.extend(_clauses(av[2].data))
        elif op is sc.IN and all(o is sc.LITERAL for o, _ in av):
            out.append(frozenset(chr(c) for _, c in av))
        elif op is sc.BRANCH:
            alternatives = [_clauses(alt.data) for alt in av[1]]
            common = set(alternatives[0]).intersection(*alternatives[1:])
            out.extend(c for c in alternatives[0] if c in common)
            if all(alternatives):  # a match takes one alternative, so meets one of its clauses
                out.append(frozenset().union(*(max(a, key=_telling) for a in alternatives)))
    if run:
        out.append(frozenset((run,)))
    return out


def _telling(clause: Clause) -> tuple[int, int]:
    """Longer texts and fewer of them rule out more sections."""
    return min(map(len, clause)), -len(clause)


def start_anchors(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Texts one of which every match of ``pattern`` starts with, or None when the
    pattern can start otherwise (with a digit class, say) or ignores case."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _starts(list(sre_parse.parse(pattern.pattern, pattern.flags).data))
    return None if found is None else tuple(sorted(found))


def _starts(items: list[tuple[Any, Any]]) -> set[str] | None:
    if not items:
        return None  # the rest may match the empty string: no anchor
    op, av = items[0]
    if op is sc.LITERAL:
        run = ""
        for op2, av2 in items:
            if op2 is not sc.LITERAL:
                break
            run += chr(av2)
        return {run}
    if op is sc.IN:
        if all(o is sc.LITERAL for o, _ in av):
            return {chr(c) for _, c in av}
        return None
    if op is sc.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & sc.SRE_FLAG_IGNORECASE:
            return None
        return _starts([*sub.data, *items[1:]])
    if op is sc.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            got = _starts([*alt.data, *items[1:]])
            if got is None:
                return None
            out |= got
        return out
    if op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
        low, _high, body = av
        first = _starts(list(body.data))
        if low >= 1 or first is None:
            return first
        rest = _starts(items[1:])  # the body may be skipped
        return None if rest is None else first | rest
    return None


def find_anchored(
    pattern: re.Pattern[str], anchors: tuple[str, ...], text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying a match only where one of ``anchors`` (every
    match starts with one) occurs. Matches cannot be empty, as anchors are not."""
    starts: set[int] = set()
    for anchor in anchors:
        i = text.find(anchor)
        while i >= 0:
            starts.add(i)
            i = text.find(anchor, i + 1)
    end = 0
    for pos in sorted(starts):
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            yield m
            end = m.end()
