"""Counting proactive disclosure for (agency, year): table 二, the channel figures of the
narrative and the pre-2019 统计指标 rows — pure functions over plain facts.

The database layer (:mod:`gongkai.proactive.services.figures`) turns records into the facts
below; the annual report compiler (issue 6) calls :func:`table2` and gets every cell of the
format's table 二 at its DESIGN.md address (``proactive.<item>.<column>``). The cells are
walked from the template data, so a format with a new column needs a rule here only if
the column means something new; a column without a rule stays blank (``None``), never 0.

What the columns mean (for year Y, "end" = 31 December of Y):

- 2021 第（一）项: ``issued`` = documents issued in Y; ``repealed`` = repealed in Y;
  ``in_force`` = issued by the end and not repealed by it. Hence
  in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y), year after year.
- 2019 第（一）项: ``new_made`` = issued in Y; ``new_published`` = made public in Y;
  ``total_published`` = made public by the end and still in force at it (对外公开总数量 as
  the 2019 guidance reads it: the published documents currently in force).
- ``previous_year_items`` / ``change`` (2019 (五)(六)(八)): the size of the agency's list of
  matters of that kind at the end of Y−1, and its size at the end of Y minus that.
- ``decisions`` and ``projects``: the monthly tallies of Y added up.
- ``amount``: the monthly amounts of Y (元) added up, in 万元.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gongkai.core.numbers import to_wan_yuan
from gongkai.core.template import LEGACY_KEY, template
from gongkai.proactive.vocab import Category, Channel, ResponseKind

__all__ = [
    "DocumentFact",
    "ItemCounts",
    "ItemFact",
    "MatterFact",
    "Registers",
    "ResponseFact",
    "TallyFact",
    "catalogue_figures",
    "counted_catalogue",
    "format_for",
    "legacy_cells",
    "narrative_sentence",
    "table2",
]

Number = int | Decimal


@dataclass(frozen=True, slots=True)
class DocumentFact:
    kind: str  # rules | normative_documents
    issued_on: date
    published_on: date | None = None
    repealed_on: date | None = None


@dataclass(frozen=True, slots=True)
class MatterFact:
    kind: str  # licensing | other_services | penalty | enforcement | fees
    listed_on: date
    delisted_on: date | None = None


@dataclass(frozen=True, slots=True)
class TallyFact:
    """A month's tally, or (``month`` None) a year's tallies of one kind already added up:
    the columns only ever add tallies up, so the two count the same."""

    kind: str
    year: int
    month: int | None
    count: int = 0
    amount: Decimal = Decimal(0)  # 元


@dataclass(frozen=True, slots=True)
class Registers:
    documents: tuple[DocumentFact, ...] = ()
    matters: tuple[MatterFact, ...] = ()
    tallies: tuple[TallyFact, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemFact:
    published_on: date | None
    due_on: date
    channels: frozenset[str] = field(default_factory=frozenset)
    category: str = ""


@dataclass(frozen=True, slots=True)
class ResponseFact:
    kind: str
    held_on: date
    principal: bool = False
    concern: str = ""


def format_for(year: int) -> str:
    """The table 二 format a year's report uses: 2021 from the 2021 reports on."""
    return "2021" if year >= 2021 else "2019"


def _end(year: int) -> date:
    return date(year, 12, 31)


def _in_year(d: date | None, year: int) -> bool:
    return d is not None and d.year == year


def _doc_in_force(d: DocumentFact, end: date) -> bool:
    return d.issued_on <= end and (d.repealed_on is None or d.repealed_on > end)


def _matters_on(reg: Registers, kind: str, end: date) -> int:
    return sum(
        1
        for m in reg.matters
        if m.kind == kind and m.listed_on <= end and (m.delisted_on is None or m.delisted_on > end)
    )


def _docs(reg: Registers, kind: str) -> Iterable[DocumentFact]:
    return (d for d in reg.documents if d.kind == kind)


def _issued(kind: str, year: int, reg: Registers) -> Number:
    return sum(1 for d in _docs(reg, kind) if _in_year(d.issued_on, year))


def _repealed(kind: str, year: int, reg: Registers) -> Number:
    return sum(1 for d in _docs(reg, kind) if _in_year(d.repealed_on, year))


def _in_force(kind: str, year: int, reg: Registers) -> Number:
    return sum(1 for d in _docs(reg, kind) if _doc_in_force(d, _end(year)))


def _new_published(kind: str, year: int, reg: Registers) -> Number:
    return sum(1 for d in _docs(reg, kind) if _in_year(d.published_on, year))


def _total_published(kind: str, year: int, reg: Registers) -> Number:
    end = _end(year)
    return sum(
        1
        for d in _docs(reg, kind)
        if d.published_on is not None and d.published_on <= end and _doc_in_force(d, end)
    )


def _previous_items(kind: str, year: int, reg: Registers) -> Number:
    return _matters_on(reg, kind, _end(year - 1))


def _change(kind: str, year: int, reg: Registers) -> Number:
    return _matters_on(reg, kind, _end(year)) - _matters_on(reg, kind, _end(year - 1))


def _count(kind: str, year: int, reg: Registers) -> Number:
    return sum(t.count for t in reg.tallies if t.kind == kind and t.year == year)


def _amount(kind: str, year: int, reg: Registers) -> Number:
    total = sum((t.amount for t in reg.tallies if t.kind == kind and t.year == year), Decimal(0))
    return Decimal(to_wan_yuan(total, "元"))


COLUMN_RULES: dict[str, Callable[[str, int, Registers], Number]] = {
    "issued": _issued,
    "repealed": _repealed,
    "in_force": _in_force,
    "new_made": _issued,
    "new_published": _new_published,
    "total_published": _total_published,
    "previous_year_items": _previous_items,
    "change": _change,
    "decisions": _count,
    "projects": _count,
    "amount": _amount,
}


def table2(year: int, reg: Registers, fmt: str | None = None) -> dict[str, Number | None]:
    """Every cell of table 二 of ``fmt`` (default: the format of ``year``) by address."""
    out: dict[str, Number | None] = {}
    for row in template(fmt or format_for(year)).proactive.rows:
        for col in row.columns:
            rule = COLUMN_RULES.get(col.key)
            out[f"proactive.{row.key}.{col.key}"] = rule(row.key, year, reg) if rule else None
    return out


@dataclass(frozen=True)
class CatalogueFigures:
    """What the narrative says about a year's catalogue: items published (each once),
    per channel and per category, and how many were published after their deadline."""

    year: int
    total: int
    channels: dict[str, int]
    categories: dict[str, int]
    late: int
    without_channel: int


@dataclass(frozen=True, slots=True)
class ItemCounts:
    """Items of one category published in a year, counted: all of them, those published
    after their deadline, those on no channel. What a grouped query over many agencies
    returns, so the database need not send every item."""

    category: str
    items: int
    late: int = 0
    without_channel: int = 0


def catalogue_figures(year: int, items: Iterable[ItemFact]) -> CatalogueFigures:
    """Items published in ``year``: each counts once in ``total`` and once on each of its
    channels, so the channel figures may add up to more than the total."""
    groups: dict[str, list[int]] = {}
    channels: dict[str, int] = {}
    for it in items:
        if not _in_year(it.published_on, year):
            continue
        assert it.published_on is not None
        g = groups.setdefault(it.category, [0, 0, 0])
        g[0] += 1
        g[1] += it.published_on > it.due_on
        g[2] += not it.channels
        for c in it.channels:
            channels[c] = channels.get(c, 0) + 1
    return counted_catalogue(
        year, [ItemCounts(cat, n, late, bare) for cat, (n, late, bare) in groups.items()], channels
    )


def counted_catalogue(
    year: int, groups: Iterable[ItemCounts], channels: Mapping[str, int]
) -> CatalogueFigures:
    """The figures from items already counted by category and by channel (an item on
    several channels in each of them). Channels and categories come in the vocabulary's
    order, whatever order the counts came in."""
    per_channel = dict.fromkeys(_CHANNELS, 0)
    for c in sorted(channels, key=_channel_order):
        per_channel[c] = per_channel.get(c, 0) + channels[c]
    per_category: dict[str, int] = {}
    total = late = bare = 0
    for g in sorted(groups, key=lambda g: _category_order(g.category)):
        total += g.items
        late += g.late
        bare += g.without_channel
        if g.category and g.items:
            per_category[g.category] = per_category.get(g.category, 0) + g.items
    return CatalogueFigures(year, total, per_channel, per_category, late, bare)


def _vocabulary_order(keys: list[str]) -> Callable[[str], tuple[int, str]]:
    place = {k: i for i, k in enumerate(keys)}
    return lambda k: (place.get(k, len(place)), k)


# Django builds an enumeration's ``values`` anew each time it is read
_CHANNELS = tuple(Channel.values)
_channel_order = _vocabulary_order(Channel.values)
_category_order = _vocabulary_order(Category.values)


# Legacy 统计指标 rows fed by the catalogue's channels; 客户端/短视频 has no row of its own.
_LEGACY_CHANNELS = {
    "published_gazette": ("gazette",),
    "published_website": ("website",),
    "published_weibo": ("weibo",),
    "published_wechat": ("wechat",),
    "published_other": ("app_video", "other"),
}
_LEGACY_RESPONSES = {
    "press_conferences": ResponseKind.PRESS_CONFERENCE.value,
    "online_interviews": ResponseKind.ONLINE_INTERVIEW.value,
    "interpretations": ResponseKind.INTERPRETATION.value,
    "social_media_responses": ResponseKind.SOCIAL_MEDIA.value,
    "other_responses": ResponseKind.OTHER.value,
}


def legacy_cells(
    year: int,
    items: Iterable[ItemFact],
    reg: Registers,
    responses: Iterable[ResponseFact],
) -> dict[str, int]:
    """The proactive-disclosure and 回应解读 rows of the pre-2019 统计指标 table
    (``legacy_stats.<row>.value``), as some agencies still append it."""
    items = list(items)
    out: dict[str, int] = {}

    def put(row: str, value: int) -> None:
        out[f"{LEGACY_KEY}.{row}.value"] = value

    put("proactive_published", sum(1 for i in items if _in_year(i.published_on, year)))
    put("proactive_normative_documents", int(_new_published("normative_documents", year, reg)))
    put("normative_documents_issued", int(_issued("normative_documents", year, reg)))
    for row, keys in _LEGACY_CHANNELS.items():
        put(
            row,
            sum(
                1
                for i in items
                if _in_year(i.published_on, year) and any(k in i.channels for k in keys)
            ),
        )
    these = [r for r in responses if r.held_on.year == year]
    concerns = {r.concern.strip() for r in these if r.concern.strip()}
    put("responses", len(concerns))
    for row, kind in _LEGACY_RESPONSES.items():
        put(row, sum(1 for r in these if r.kind == kind))
    put(
        "press_conferences_principal",
        sum(1 for r in these if r.kind == ResponseKind.PRESS_CONFERENCE and r.principal),
    )
    put(
        "online_interviews_principal",
        sum(1 for r in these if r.kind == ResponseKind.ONLINE_INTERVIEW and r.principal),
    )
    return out


def narrative_sentence(agency: str, figures: CatalogueFigures) -> str:
    """The sentence section 二 of the seeds opens with, from the figures:
    ``2019年，某镇人民政府主动公开政府信息414条（不同渠道和方式公开相同信息计1条）。其中，
    政府网站公开332条，政务微博公开12条，政务微信公开134条。``"""
    head = (
        f"{figures.year}年，{agency}主动公开政府信息{figures.total}条"
        "（不同渠道和方式公开相同信息计1条）。"
    )
    parts = [
        f"{Channel(k).label.replace('/', '、')}公开{n}条" for k, n in figures.channels.items() if n
    ]
    return head + (f"其中，{'，'.join(parts)}。" if parts else "")
