"""Matching a token stream to a template table, tolerantly and in template order.

Labels are matched by their words, not their numbering, at the *end* of the text that
precedes a row's values: what comes before is group labels, header fragments and page
noise. Rows are expected in template order; a row the report did not print is skipped
and reported, a row whose label was lost is taken by position and reported, and a
label matched only approximately is reported as fuzzy. Nothing is guessed silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz

from gongkai.core.labels import key_text
from gongkai.core.numbers import normalise_decimal, to_wan_yuan
from gongkai.core.readers.tokens import EMPTY, TEXT, VALUE, Token
from gongkai.core.report import Cell, ReadNote, Source
from gongkai.core.template import Column, Row, Table

FUZZY_THRESHOLD = 80.0
FUZZY_WINDOW = 6
SHORT_LABEL = 5
SHORT_WINDOW = 2


@dataclass
class Segment:
    labels: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)

    def label_text(self) -> str:
        return " ".join(t.text for t in self.labels)

    def label_for(self, key: str) -> str | None:
        """The printed label of the row itself: the shortest run of trailing label tokens
        that holds the matched words (not the headers and group labels before it)."""
        parts: list[str] = []
        for tok in reversed(self.labels):
            parts.insert(0, tok.text)
            got = key_text("".join(parts))
            if key in got or len(got) >= len(key):
                break
        return " ".join(parts) or None

    def label_source(self) -> Source | None:
        return self.labels[-1].source if self.labels else None


def segments(tokens: Sequence[Token]) -> list[Segment]:
    """Split tokens into (label, values) pairs: a label is all text since the last value."""
    out: list[Segment] = []
    cur = Segment()
    for tok in tokens:
        if tok.kind == TEXT:
            if any(v.kind == VALUE for v in cur.values):
                out.append(cur)
                cur = Segment()
            elif cur.values:
                cur.values = []  # empty cells between labels are layout, not data
            cur.labels.append(tok)
        else:
            cur.values.append(tok)
    if cur.labels or cur.values:
        out.append(cur)
    return out


@dataclass
class Match:
    index: int
    how: str  # exact | variant | fuzzy


class RowIndex:
    """The row keys of a table by their text, so that the rows whose key ends a label are
    found by looking up the label's suffixes rather than by searching every key in it.

    Entries are ``(row index, how, reach)``: reach 0 for keys usable at any distance,
    1 for short keys usable only near the expected row, 2 for the numbered form of a
    short key, usable only far from it (see :func:`match_row`).
    """

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows
        self.by_key: dict[str, list[tuple[int, str, int]]] = {}
        for i, r in enumerate(rows):
            for how, keys in (("exact", r.keys), ("variant", r.variant_keys)):
                for k in keys:
                    if not k:
                        continue
                    if len(k) >= SHORT_LABEL:
                        self._add(k, i, how, 0)
                        continue
                    self._add(k, i, how, 1)
                    nk = r.numbered_key
                    if len(nk) >= SHORT_LABEL - 2 and nk != r.keys[0]:
                        self._add(nk, i, how, 2)
        self.longest = max(map(len, self.by_key), default=0)

    def _add(self, k: str, i: int, how: str, reach: int) -> None:
        self.by_key.setdefault(k, []).append((i, how, reach))

    def ending(self, label_key: str, start: int, max_gap: int = 3) -> tuple[int, str] | None:
        """The row whose key ends ``label_key`` or ends within ``max_gap`` characters of
        its end (a unit such as 条 or 次 printed after the label): the nearest end, then
        the longest key, then the first row — the order :func:`match_row` ranks them."""
        size = len(label_key)
        for gap in range(min(max_gap, size - 1) + 1):
            end = size - gap
            for n in range(min(end, self.longest), 0, -1):
                found = self.by_key.get(label_key[end - n : end])
                if not found:
                    continue
                best = self._first(found, start)
                if best is not None:
                    return best
        return None

    @staticmethod
    def _first(found: list[tuple[int, str, int]], start: int) -> tuple[int, str] | None:
        best: tuple[int, str] | None = None
        for i, how, reach in found:
            if i < start or (reach == 1 and i - start > SHORT_WINDOW):
                continue
            if reach == 2 and i - start <= SHORT_WINDOW:
                continue
            if best is None or (i, how) < best:
                best = (i, how)
        return best


_INDEXES: dict[tuple[int, ...], RowIndex] = {}


def _row_index(rows: Sequence[Row]) -> RowIndex:
    """Row indexes are kept per row list: the template's rows live as long as the process,
    and a table is read with one of a handful of row lists (before and after pruning)."""
    ids = tuple(map(id, rows))  # the index holds the rows, so their ids stay theirs
    index = _INDEXES.get(ids)
    if index is None:
        if len(_INDEXES) > 256:
            _INDEXES.clear()
        index = _INDEXES[ids] = RowIndex(list(rows))
    return index


_DROPS: dict[int, tuple[Table, dict[str, frozenset[str]]]] = {}


def _drops(table: Table) -> dict[str, frozenset[str]]:
    """For each row of an interchangeable set, the rows of the other sets (kept per table
    object: hashing a frozen Table would hash every row of it on each call)."""
    hit = _DROPS.get(id(table))
    if hit is None or hit[0] is not table:
        hit = _DROPS[id(table)] = (table, _drops_of(table))
    return hit[1]


def _drops_of(table: Table) -> dict[str, frozenset[str]]:
    sets = table.interchangeable()
    return {
        k: frozenset(k2 for other, ks in sets.items() if other != name for k2 in ks)
        for name, keys in sets.items()
        for k in keys
    }


def match_row(
    label_key: str, rows: Sequence[Row], start: int, index: RowIndex | None = None
) -> Match | None:
    """The row (at or after ``start``) whose label ends ``label_key`` best."""
    if start < len(rows):
        r = rows[start]
        for k in r.keys:
            if k and label_key.endswith(k):
                return Match(start, "exact")
    if index is not None:
        # a key at (or just before) the label's end: the nearest end wins in the search
        # below, so no key found further inside the label could beat it
        hit = index.ending(label_key, start)
        if hit is not None:
            return Match(hit[0], hit[1])
    best: tuple[int, int, int, str] | None = None  # (gap, -len, index, how)
    for i in range(start, len(rows)):
        r = rows[i]
        far = i - start > SHORT_WINDOW
        for how, keys in (("exact", r.keys), ("variant", r.variant_keys)):
            for k in keys:
                if not k:
                    continue
                if len(k) < SHORT_LABEL and far:
                    # 其他, 规章, 总计 also occur in headers: far off, only with their 序号
                    k = r.numbered_key
                    if len(k) < SHORT_LABEL - 2 or k == r.keys[0]:
                        continue
                pos = label_key.rfind(k)
                if pos < 0:
                    continue
                cand = (len(label_key) - pos - len(k), -len(k), i, how)
                if best is None or cand < best:
                    best = cand
    if best is not None:
        _, _, i, how = best
        return Match(i, how)
    return _fuzzy(label_key, rows, start)


def _fuzzy(label_key: str, rows: Sequence[Row], start: int) -> Match | None:
    best_score, best_i = 0.0, -1
    for i in range(start, min(len(rows), start + FUZZY_WINDOW)):
        for k in (*rows[i].keys, *rows[i].variant_keys):
            if len(k) < 3:
                continue
            tail = label_key[-(len(k) + 2) :]
            score = max(fuzz.ratio(k, label_key[-len(k) :]), fuzz.partial_ratio(k, tail))
            if score > best_score:
                best_score, best_i = score, i
    if best_score >= FUZZY_THRESHOLD:
        return Match(best_i, "fuzzy")
    return None


class TableReader:
    """Fills the cells of one table from its token stream."""

    def __init__(self, table: Table, rows: Sequence[Row], *, amount_unit: str | None = None):
        self.table = table
        self.rows = list(rows)
        self._index = _row_index(self.rows)
        self._drops = _drops(table)
        self.cells: dict[str, Cell] = {}
        self.notes: list[ReadNote] = []
        self.matched: list[str] = []
        self.amount_unit = amount_unit
        self._centres: dict[int, list[tuple[int, list[float]]]] = {}

    # -- rows layout -------------------------------------------------------------------

    def read_rows(self, tokens: Sequence[Token]) -> None:
        self._learn_columns(tokens)
        ptr = 0
        for seg in segments(tokens):
            vals = seg.values
            if not any(v.kind == VALUE for v in vals) and not seg.labels:
                continue
            label_key = key_text("".join(t.text for t in seg.labels))
            if label_key:
                m = match_row(label_key, self.rows, ptr, self._index) or self._match_back(
                    label_key, ptr
                )
                if m is not None:
                    back = m.index < ptr
                    resume = ptr
                    ptr = m.index
                    row = self.rows[ptr]
                    if row.is_heading:
                        self.matched.append(row.key)
                        ptr += 1
                        continue
                    if not any(v.kind == VALUE for v in vals):
                        continue  # a label with no values yet: the values follow later
                    vals = self._assign(row, vals, m.how, seg)
                    ptr = resume if back else self._after(row, ptr)
                elif _has_number(vals):
                    self.notes.append(
                        ReadNote(
                            "unknown_label",
                            f"未能识别的行标签“{seg.label_text()[:40]}”，其后的数值按位置读取",
                            None,
                            seg.label_source(),
                        )
                    )
            while ptr < len(self.rows) and sum(v.kind == VALUE for v in vals) > 0:
                row = self.rows[ptr]
                if row.is_heading:
                    ptr += 1
                    continue
                if sum(v.kind == VALUE for v in vals) < len(row.columns):
                    break
                vals = self._assign(row, vals, "position", seg)
                ptr = self._after(row, ptr)
            leftover = [v for v in vals if v.kind == VALUE]
            if _has_number(leftover):
                self.notes.append(
                    ReadNote(
                        "extra_values",
                        f"多出的数值“{' '.join(v.text for v in leftover)}”无法对应到表格行，已忽略",
                        None,
                        leftover[0].source,
                    )
                )

    def _assign(self, row: Row, vals: list[Token], how: str, seg: Segment) -> list[Token]:
        n = len(row.columns)
        chosen, rest = take(vals, n)
        if chosen is None:
            chosen = self._by_column(vals, n)
            rest = []
        label = seg.label_for(row.keys[0] if how == "exact" else row.numbered_key)
        self.matched.append(row.key)
        self._prune_alternatives(row.key)
        if how in ("fuzzy", "position"):
            printed = f"“{label[:40]}”" if label else "（无标签）"
            self.notes.append(
                ReadNote(
                    "fuzzy_match" if how == "fuzzy" else "row_position",
                    f"{printed}按{'近似' if how == 'fuzzy' else '位置'}匹配为“{row.label}”",
                    f"{self.table.key}.{row.key}",
                    seg.label_source() or (vals[0].source if vals else None),
                )
            )
        missing = 0
        for col, tok in zip(row.columns, chosen, strict=True):
            address = f"{self.table.key}.{row.key}.{col.key}"
            if tok is None:
                missing += 1
                continue
            self.cells[address] = self._cell(col, tok, label, how)
        if missing:
            self.notes.append(
                ReadNote(
                    "values_missing",
                    f"“{row.label}”行应有{n}个数值，只读到{n - missing}个，缺少的按空白处理",
                    f"{self.table.key}.{row.key}",
                    seg.label_source() or (vals[0].source if vals else None),
                )
            )
        return rest

    def _match_back(self, label_key: str, ptr: int) -> Match | None:
        """A row printed out of template order (extractors reorder tables): only an exact
        label at the very end, and only for a row not yet filled."""
        for i in range(ptr - 1, -1, -1):
            r = self.rows[i]
            if r.key in self.matched:
                continue
            if any(k and len(k) >= 2 and label_key.endswith(k) for k in (*r.keys, *r.variant_keys)):
                return Match(i, "exact")
        return None

    def _after(self, row: Row, at: int) -> int:
        """The position after ``row``, which was at ``at`` unless rows were pruned since."""
        if at < len(self.rows) and self.rows[at] is row:
            return at + 1
        # by identity: rows are dataclasses whose generated __eq__ is slow and needless here
        for i, r in enumerate(self.rows):
            if r is row:
                return i + 1
        raise ValueError(row.key)

    def _prune_alternatives(self, key: str) -> None:
        """Once a report prints one of interchangeable row sets (（六）其他处理 as one row
        or as three), the other set's rows are no longer expected."""
        drop = self._drops.get(key)
        if drop and any(r.key in drop for r in self.rows):
            self.rows = [r for r in self.rows if r.key not in drop]
            self._index = _row_index(self.rows)

    def _cell(self, col: Column, tok: Token, label: str | None, how: str) -> Cell:
        src = tok.cell_source(label, how)
        v = tok.value
        number = None if v is None else v.number
        if number is not None and col.kind == "amount":
            unit = v.unit if v is not None and v.unit else self.amount_unit
            number = normalise_decimal(to_wan_yuan(number, unit))
        elif isinstance(number, Decimal):
            number = normalise_decimal(number)
        return Cell(number, src)

    # -- aligned columns (pdftotext -layout) -------------------------------------------

    def _learn_columns(self, tokens: Sequence[Token]) -> None:
        by_line: dict[int, list[float]] = {}
        for t in tokens:
            if t.kind == VALUE and t.pos >= 0:
                by_line.setdefault(t.line, []).append(t.pos)
        for line, centres in by_line.items():
            self._centres.setdefault(len(centres), []).append((line, centres))

    def _by_column(self, vals: list[Token], n: int) -> list[Token | None]:
        got = [v for v in vals if v.kind == VALUE]
        lines = {v.line for v in got}
        known = self._centres.get(n)
        if len(lines) == 1 and known and all(v.pos >= 0 for v in got):
            line = got[0].line
            _, centres = min(known, key=lambda lc: abs(lc[0] - line))
            slots: list[Token | None] = [None] * n
            j = 0
            for tok in got:
                best = min(range(j, n), key=lambda k: abs(centres[k] - tok.pos), default=None)
                if best is None or slots[best] is not None:
                    break
                slots[best] = tok
                j = best + 1
            else:
                return slots
        padded: list[Token | None] = [*got[:n]]
        return padded + [None] * (n - len(padded))

    # -- block layout (table 四) --------------------------------------------------------

    def read_block(self, tokens: Sequence[Token]) -> None:
        vals = [t for t in tokens if t.kind != TEXT]
        n = sum(len(r.columns) for r in self.rows)
        chosen, rest = take(vals, n)
        if chosen is None:
            got = [v for v in vals if v.kind == VALUE]
            chosen = [*got] + [None] * (n - len(got))
            if got:
                self.notes.append(
                    ReadNote(
                        "values_missing",
                        f"表四应有{n}个数值，只读到{len(got)}个，缺少的按空白处理",
                        self.table.key,
                        got[0].source,
                    )
                )
        extra = [v for v in rest if v.kind == VALUE]
        if extra:
            self.notes.append(
                ReadNote(
                    "extra_values",
                    f"表四多出的数值“{' '.join(v.text for v in extra)}”已忽略",
                    self.table.key,
                    extra[0].source,
                )
            )
        i = 0
        for row in self.rows:
            if any(chosen[i + k] is not None for k in range(len(row.columns))):
                self.matched.append(row.key)
            for col in row.columns:
                tok = chosen[i]
                i += 1
                if tok is not None:
                    self.cells[f"{self.table.key}.{row.key}.{col.key}"] = self._cell(
                        col, tok, row.label, "exact"
                    )


def _has_number(vals: Sequence[Token]) -> bool:
    """Runs of blank markers only (``- -`` under a header) are placeholders, not data."""
    return any(v.kind == VALUE and v.value is not None and v.value.number is not None for v in vals)


def take(vals: list[Token], n: int) -> tuple[list[Token | None] | None, list[Token]]:
    """Choose ``n`` cells from a run of VALUE and EMPTY tokens.

    Empty lines and cells are usually layout; they count as blank cells only when the
    printed values alone are too few and the empties sit where the missing cells would.
    Returns None (and all tokens) when even that does not give ``n`` cells.
    """
    count = 0
    for i, v in enumerate(vals):
        if v.kind == VALUE:
            count += 1
            if count == n:
                return [t for t in vals[: i + 1] if t.kind == VALUE], vals[i + 1 :]
    seq = list(vals)
    while len(seq) > n and seq[-1].kind == EMPTY:
        seq.pop()
    while len(seq) > n and seq[0].kind == EMPTY:
        seq.pop(0)
    if len(seq) == n and count > 0:
        return list(seq), []
    return None, vals
