"""Full-text search of the published catalogue over an indexed token table.

Indexing: each published item's title, 文号 and body are segmented
(:func:`gongkai.proactive.segment.words`); a word in the title or 文号 weighs
``TITLE_WEIGHT`` per occurrence, in the body 1 (at most ``BODY_CAP``). Drafts have no rows.

Searching: every query word must occur (AND). A query word the index does not hold at all
is looked up as its character pairs instead (all of them must occur). Items rank by the
summed weight of the words asked for, then by publication date, newest first. When the
words find nothing (a query that is not a word, such as two characters across a word
boundary), titles are searched for the query as written, through their character pairs.

Two indexes make this cheap: (token, weight, date, item, agency) reads one word's items
already in rank order; (item, token, weight) tells whether an item holds a word. Nothing
here needs a database extension, so SQLite and PostgreSQL behave alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from gongkai.proactive.models import Item, SearchToken
from gongkai.proactive.segment import fallback_pairs, grams, normalise, query_words, words

__all__ = ["Hits", "index_items", "reindex", "search"]

TITLE_WEIGHT = 10
BODY_CAP = 50
MAX_WORDS = 8  # a pasted paragraph is cut to its first words
RARITY_CAP = 20000
# Read a word's whole index range, rather than look it up per item, while it holds at most
# this many times the items left. A lookup costs PostgreSQL some 20–30 times what reading one
# more index entry does, SQLite about 8 times (measured with bench/bench_portal.py).
FETCH_RATIO_POSTGRESQL = 16
FETCH_RATIO_SQLITE = 8
PROBE_CHUNK = 500


def weights(head: Mapping[str, int], body: Mapping[str, int], title: str = "") -> dict[str, int]:
    """An item's search rows: each word's weight from its counts in the title and 文号
    (``head``) and in the body, and the title's character pairs (weight 1; they only
    find, never rank)."""
    out = {
        w: max(1, min(TITLE_WEIGHT * head.get(w, 0) + min(body.get(w, 0), BODY_CAP), 32000))
        for w in head.keys() | body.keys()
    }
    out.update((g, 1) for g in grams(title))
    return out


def head_text(item: Item) -> str:
    return f"{item.title} {item.document_number}"


def _tokens(item: Item) -> list[SearchToken]:
    if item.published_on is None:
        return []
    body = words(item.body) if item.body else {}
    return [
        SearchToken(
            token=w,
            item_id=item.pk,
            agency_id=item.agency_id,
            published_on=item.published_on,
            weight=n,
        )
        for w, n in weights(words(head_text(item)), body, item.title).items()
    ]


def reindex(item: Item) -> None:
    """Replace the item's rows (none for a draft). Call in the transaction that saves it."""
    SearchToken.objects.filter(item_id=item.pk).delete()
    SearchToken.objects.bulk_create(_tokens(item), batch_size=1000)


def index_items(items: Iterable[Item], *, replace: bool = True) -> int:
    """Index many items at once (import, rebuild); rows written."""
    batch: list[SearchToken] = []
    ids: list[int] = []
    n = 0
    for it in items:
        ids.append(it.pk)
        batch.extend(_tokens(it))
        if len(batch) >= 5000:
            n += _flush(ids, batch, replace)
            ids, batch = [], []
    return n + _flush(ids, batch, replace)


def _flush(ids: list[int], batch: list[SearchToken], replace: bool) -> int:
    if replace and ids:
        SearchToken.objects.filter(item_id__in=ids).delete()
    SearchToken.objects.bulk_create(batch, batch_size=2000)
    return len(batch)


@dataclass(frozen=True)
class Hits:
    """One page of results: items in rank order, the total, and how they were found."""

    items: list[Item]
    total: int
    words: list[str]
    substring: bool  # found by the title substring fallback, not by words


def _known(tokens: Sequence[str]) -> set[str]:
    """The tokens the index holds: one index probe each (a DISTINCT over a common word
    would read all its rows)."""
    return {t for t in dict.fromkeys(tokens) if SearchToken.objects.filter(token=t).exists()}


def _plan(q: str) -> tuple[list[str], list[list[str]]]:
    """The query words, and for each the tokens that must all occur for it to match."""
    asked = query_words(q)[:MAX_WORDS]
    pairs = {w: fallback_pairs(w) for w in asked}
    known = _known([*asked, *(p for ps in pairs.values() for p in ps)])
    groups: list[list[str]] = []
    for w in asked:
        if w in known:
            groups.append([w])
        elif pairs[w] and all(p in known for p in pairs[w]):
            groups.append(pairs[w])
        else:
            return asked, []  # a word nothing holds: no item can match every word
    return asked, groups


def search(
    q: str,
    *,
    agency_id: int | None = None,
    category: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> Hits:
    """Published items matching ``q``, best first; ``offset``/``limit`` select a page."""
    asked, groups = _plan(q)
    if groups:
        tokens = sorted({t for g in groups for t in g})
        if len(tokens) == 1:
            ranked, total = _one_word(tokens[0], agency_id, category, offset, limit)
        else:
            ranked, total = _all_words(tokens, agency_id, category, offset, limit)
        if total:
            by_id = Item.objects.select_related("agency").in_bulk(ranked)
            return Hits([by_id[i] for i in ranked if i in by_id], total, asked, False)
    return _substring(q, agency_id, category, offset, limit, asked)


def _one_word(
    token: str, agency_id: int | None, category: str | None, offset: int, limit: int
) -> tuple[list[int], int]:
    """One word: its rows are read from the index already in rank order (weight, then
    date, then id, all descending), so a page costs ``offset + limit`` index entries."""
    qs = SearchToken.objects.filter(token=token)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if category:
        qs = qs.filter(item__category=category)
    ranked = list(
        qs.order_by("-weight", "-published_on", "-item_id").values_list("item_id", flat=True)[
            offset : offset + limit
        ]
    )
    total = qs.count() if ranked or offset else 0
    return ranked, total


def _size(counted: int) -> int:
    """A word counted up to the cap is taken as held by five times as many items: the
    words that reach it (工作, 通知, 局) are in most items, not just a few more."""
    return counted if counted < RARITY_CAP else 5 * RARITY_CAP


def _postings(token: str, cap: int = RARITY_CAP) -> int:
    """How many items hold ``token``, counted up to ``cap`` (enough to tell the rare)."""
    # item_id, not id: the (token, …) index holds it, so PostgreSQL reads the index only
    return SearchToken.objects.filter(token=token).values("item_id")[:cap].count()


def _all_words(
    tokens: list[str], agency_id: int | None, category: str | None, offset: int, limit: int
) -> tuple[list[int], int]:
    rows = _candidates(tokens, agency_id, category)
    rows.sort(key=lambda r: (r[1], r[2], r[0]), reverse=True)
    return [r[0] for r in rows[offset : offset + limit]], len(rows)


def _candidates(
    tokens: list[str], agency_id: int | None, category: str | None
) -> list[tuple[int, int, date]]:
    """(item, summed weight, date) of every item holding all ``tokens``.

    The items holding the rarest token are the candidates; the other tokens narrow them,
    rarest first. A token held by not many more items than are left is read as one range
    of the (token, …) index and intersected here (sequential reads). A commoner one is
    looked up per remaining item in the (item, token) index: on SQLite as a join of the
    first query (its nested loop does exactly that), on PostgreSQL for the items left
    after the others narrowed them (its planner would rather sort the common word's
    whole range for a merge join). Either way the cost follows the rarest tokens.
    """
    counts = {t: _postings(t) for t in tokens}
    rarest, *others = sorted(tokens, key=lambda t: counts[t])
    table = connection.ops.quote_name(SearchToken._meta.db_table)
    sqlite = connection.vendor == "sqlite"
    ratio = FETCH_RATIO_SQLITE if sqlite else FETCH_RATIO_POSTGRESQL
    cap = min(RARITY_CAP, ratio * max(1, counts[rarest]))
    joined = [t for t in others if sqlite and counts[t] >= cap]
    rest = [t for t in others if t not in joined]
    joins = "".join(
        f" JOIN {table} t{i} ON t{i}.item_id = t0.item_id AND t{i}.token = %s"
        for i in range(1, len(joined) + 1)
    )
    score = " + ".join(f"t{i}.weight" for i in range(len(joined) + 1))
    where: list[str] = ["t0.token = %s"]
    params: list[str | int] = [*joined, rarest]
    if agency_id is not None:
        where.append("t0.agency_id = %s")
        params.append(agency_id)
    if category:
        item_table = connection.ops.quote_name(Item._meta.db_table)
        joins += f" JOIN {item_table} it ON it.id = t0.item_id"
        where.append("it.category = %s")
        params.append(category)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT t0.item_id, {score}, t0.published_on FROM {table} t0{joins}"
            f" WHERE {' AND '.join(where)}",
            params,
        )
        found = {pk: (w, d) for pk, w, d in cur.fetchall()}
        for t in rest:
            if not found:
                break
            if _size(counts[t]) <= ratio * len(found):
                cur.execute(f"SELECT item_id, weight FROM {table} WHERE token = %s", [t])
                rows = cur.fetchall()
            else:
                rows = _probe(cur, table, t, list(found))
            found = {pk: (found[pk][0] + w, found[pk][1]) for pk, w in rows if pk in found}
    return [(pk, w, _day(d)) for pk, (w, d) in found.items()]


def _probe(cur: Any, table: str, token: str, ids: list[int]) -> list[tuple[int, int]]:
    """(item, weight) of ``token`` for the items ``ids``, looked up item by item in the
    (item, token) index. Each database needs telling: SQLite which index to use,
    PostgreSQL that the ids are a list to loop over (with ``IN`` it reads the word's
    whole range for every chunk)."""
    if connection.vendor == "postgresql":
        cur.execute(
            f"SELECT s.item_id, p.weight FROM unnest(%s::bigint[]) AS s(item_id)"
            f" JOIN {table} p ON p.item_id = s.item_id AND p.token = %s",
            [ids, token],
        )
        return list(cur.fetchall())
    rows: list[tuple[int, int]] = []
    for i in range(0, len(ids), PROBE_CHUNK):
        chunk = ids[i : i + PROBE_CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        cur.execute(
            f"SELECT item_id, weight FROM {table} INDEXED BY token_item"
            f" WHERE token = %s AND item_id IN ({marks})",
            [token, *chunk],
        )
        rows.extend(cur.fetchall())
    return rows


def _day(d: date | str) -> date:
    """SQLite hands a raw query's dates back as text."""
    return date.fromisoformat(d) if isinstance(d, str) else d


def _substring(
    q: str,
    agency_id: int | None,
    category: str | None,
    offset: int,
    limit: int,
    asked: list[str],
) -> Hits:
    """Titles holding the query as written: the items holding all its character pairs
    (found like several words, from the rarest), then checked for the whole string;
    newest first. A single character is looked for with LIKE."""
    text = "".join(normalise(q).split())
    if not text:
        return Hits([], 0, asked, True)
    if len(text) == 1:
        return _like(text, agency_id, category, offset, limit, asked)
    pairs = grams(text)
    if len(_known(pairs)) < len(pairs):
        return Hits([], 0, asked, True)
    rows = _candidates(pairs, agency_id, category)
    if len(pairs) > 1:  # the pairs occur; check they occur in this order
        found: set[int] = set()
        ids = [r[0] for r in rows]
        for i in range(0, len(ids), 2000):
            for pk, title in Item.objects.filter(pk__in=ids[i : i + 2000]).values_list(
                "pk", "title"
            ):
                if text in "".join(normalise(title).split()):
                    found.add(pk)
        rows = [r for r in rows if r[0] in found]
    rows.sort(key=lambda r: (r[2], r[0]), reverse=True)
    page = [r[0] for r in rows[offset : offset + limit]]
    by_id = Item.objects.select_related("agency").in_bulk(page)
    return Hits([by_id[i] for i in page if i in by_id], len(rows), asked, True)


def _like(
    text: str,
    agency_id: int | None,
    category: str | None,
    offset: int,
    limit: int,
    asked: list[str],
) -> Hits:
    qs: QuerySet[Item] = Item.objects.published().filter(title__icontains=text)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if category:
        qs = qs.filter(category=category)
    total = qs.count()
    page = list(
        qs.select_related("agency").order_by("-published_on", "-id")[offset : offset + limit]
    )
    return Hits(page, total, asked, True)
