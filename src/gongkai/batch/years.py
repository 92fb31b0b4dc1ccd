"""Year over year: each report paired with the same agency's report of the year before,
when the batch holds one, for the rules that need last year (year.carry_chain,
year.in_force_chain, narrative.repeats_last_year).

Agencies are matched on the comparable core of their names (``key_text``: no spaces or
punctuation, NFKC-folded). When several files hold one agency's year (the same report as
HTML and as PDF), the first by path stands for it, so every run pairs the same files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from gongkai.batch.runners import Runner
from gongkai.batch.store import Store
from gongkai.batch.worker import PairResult, Stored, check_pairs

PAIRS_PER_BATCH = 16


def choose_pairs(
    readable: Iterable[tuple[str, str, str | None, int | None]],
) -> list[tuple[str, str, str]]:
    """(sha, previous sha, previous path) for every report whose agency's previous year is
    present; ``readable`` is (path, sha, agency key, year) sorted by path."""
    first: dict[tuple[str, int], tuple[str, str]] = {}
    shas: dict[str, tuple[str, int]] = {}
    for path, sha, key, year in readable:
        if not key or year is None:
            continue
        first.setdefault((key, year), (sha, path))
        shas.setdefault(sha, (key, year))
    out: list[tuple[str, str, str]] = []
    for sha, (key, year) in sorted(shas.items()):
        prev = first.get((key, year - 1))
        if prev is not None:
            out.append((sha, prev[0], prev[1]))
    return out


def _batches(store: Store, todo: list[tuple[str, str]]) -> Iterator[list[tuple[Stored, Stored]]]:
    for i in range(0, len(todo), PAIRS_PER_BATCH):
        yield [(store.stored(c), store.stored(p)) for c, p in todo[i : i + PAIRS_PER_BATCH]]


def check_years(
    store: Store, runner: Runner, advance: Callable[[int], object] | None = None
) -> int:
    """Pair this run's reports and check the pairs not checked before; return how many
    pairs there are in all."""
    pairs = choose_pairs(store.readable())
    store.set_pairing(pairs)
    todo = store.pairs_to_check()
    results: Iterator[list[PairResult]] = runner.imap(check_pairs, _batches(store, todo))
    for batch in results:
        store.add_pairs(batch)
        if advance is not None:
            advance(len(batch))
    return len(pairs)
