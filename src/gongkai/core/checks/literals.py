"""The text every match of a pattern must contain, read from the pattern itself.

A narrative figure's pattern is run only over a section that holds all of it: scanning
every section with every pattern cost more than all the arithmetic together, and most
sections state no figure. ``str.__contains__`` is many times faster than a regex scan,
and what it skips could never have matched, so the figures found are the same.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

with warnings.catch_warnings():
    # the parser behind ``re``: deprecated as a public name since 3.11 but still shipped
    # and typed; it is only read here, so a pattern is understood exactly as ``re`` does
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as sc
    import sre_parse


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Runs of text that occur in every match of ``pattern``, or () when there is none it
    can vouch for (a case-insensitive pattern, say). Every part it does not understand
    counts as requiring nothing, so the answer errs only towards running the pattern."""
    if pattern.flags & re.IGNORECASE:
        return ()
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    return tuple(dict.fromkeys(_runs(parsed.data)))


def _runs(items: list[tuple[Any, Any]]) -> list[str]:
    """Required runs of one sequence: adjacent literals join into one run."""
    runs: list[str] = []
    run = ""
    for op, av in items:
        if op is sc.LITERAL:
            run += chr(av)
            continue
        if run:
            runs.append(run)
            run = ""
        if op is sc.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & sc.SRE_FLAG_IGNORECASE:
                runs.extend(_runs(sub.data))
        elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT) and av[0] >= 1:
            runs.extend(_runs(av[2].data))
        elif op is sc.BRANCH:
            alternatives = [_runs(alt.data) for alt in av[1]]
            common = set(alternatives[0]).intersection(*alternatives[1:])
            runs.extend(r for r in alternatives[0] if r in common)
    if run:
        runs.append(run)
    return runs
