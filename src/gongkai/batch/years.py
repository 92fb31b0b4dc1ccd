"""Year over year: each report paired with the same agency's report of the year before,
when the batch holds one, for the rules that need last year (year.carry_chain,
year.in_force_chain, narrative.repeats_last_year).

Agencies are matched on the comparable core of their names (``key_text``: no spaces or
punctuation, NFKC-folded), or — one body is often named two ways in two years — as the
same name with and without its place (淮安市洪泽区人民政府, 洪泽区人民政府). When several files hold one agency's year (the same report as
HTML and as PDF), the first by path stands for it, so every run pairs the same files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gongkai.batch.progress import Progress
from gongkai.batch.runners import Runner
from gongkai.batch.store import Store
from gongkai.batch.worker import PairResult, Stored, check_pairs

PAIRS_PER_BATCH = 16


def same_body(a: str, b: str) -> bool:
    """Whether two name keys are one body named with and without its place: the longer
    is the shorter with a place prefixed (淮安市 + 洪泽区人民政府), not a part of it
    (上海市人民政府 is not 上海市人民政府办公厅)."""
    long, short = (a, b) if len(a) >= len(b) else (b, a)
    if len(short) < 4 or len(long) == len(short) or not long.endswith(short):
        return False
    return long[-len(short) - 1] in PLACE_ENDINGS


PLACE_ENDINGS = "省市区县州盟旗"


def choose_pairs(
    readable: Iterable[tuple[str, str, str | None, int | None]],
) -> list[tuple[str, str, str]]:
    """(sha, previous sha, previous path) for every report whose agency's previous year is
    present; ``readable`` is (path, sha, agency key, year) sorted by path. The same name
    key is looked for first; failing that, the one report of last year whose name is the
    same body with or without its place."""
    first: dict[tuple[str, int], tuple[str, str]] = {}
    keys_by_year: dict[int, list[str]] = {}
    shas: dict[str, tuple[str, int]] = {}
    for path, sha, key, year in readable:
        if not key or year is None:
            continue
        if (key, year) not in first:
            first[(key, year)] = (sha, path)
            keys_by_year.setdefault(year, []).append(key)
        shas.setdefault(sha, (key, year))
    out: list[tuple[str, str, str]] = []
    for sha, (key, year) in sorted(shas.items()):
        prev = first.get((key, year - 1))
        if prev is None:
            near = [k for k in keys_by_year.get(year - 1, ()) if same_body(key, k)]
            if len(near) == 1:
                prev = first[(near[0], year - 1)]
        if prev is not None:
            out.append((sha, prev[0], prev[1]))
    return out


def _batches(store: Store, todo: list[tuple[str, str]]) -> Iterator[list[tuple[Stored, Stored]]]:
    for i in range(0, len(todo), PAIRS_PER_BATCH):
        yield [(store.stored(c), store.stored(p)) for c, p in todo[i : i + PAIRS_PER_BATCH]]


def check_years(store: Store, runner: Runner, progress: bool = False) -> int:
    """Pair this run's reports and check the pairs not checked before; return how many
    pairs there are in all."""
    pairs = choose_pairs(store.readable())
    store.set_pairing(pairs)
    todo = store.pairs_to_check()
    bar = Progress(progress, len(todo), "跨年核对")
    results: Iterator[list[PairResult]] = runner.imap(check_pairs, _batches(store, todo))
    try:
        for batch in results:
            store.add_pairs(batch)
            bar.advance(len(batch))
    finally:
        bar.close()
    return len(pairs)
