"""Matching a token stream to a template table, tolerantly and in template order.

Labels are matched by their words, not their numbering, at the *end* of the text that
precedes a row's values: what comes before is group labels, header fragments and page
noise. Rows are expected in template order; a row the report did not print is skipped
and reported, a row whose label was lost is taken by position and reported, and a
label matched only approximately is reported as fuzzy. Nothing is guessed silently.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from gongkai.core.identity import by_identity
from gongkai.core.labels import key_text
from gongkai.core.numbers import Value, normalise_decimal, to_wan_yuan
from gongkai.core.readers.tokens import Stream
from gongkai.core.report import Cell, LabelRef, Number, ReadNote, Source
from gongkai.core.template import HEADING_UNIT, Row, Table

FUZZY_THRESHOLD = 80.0
FUZZY_WINDOW = 6
SHORT_LABEL = 5
SHORT_WINDOW = 2


# A row as printed: label tokens (text, with empty cells between them that are layout),
# then its values (values and empty cells) up to the next label. A label is all text
# since the last value; a run of empty cells before the next label belongs to no row.
_SEGMENT = re.compile(r"(?:[TE]*T)?[VE]*")


_SEGMENTS: dict[str, tuple[tuple[int, int, int], ...]] = {}


def forget_layouts() -> None:
    """Empty what the matcher keeps per layout: row segments, row indexes and their row
    matches (for benchmarks of reports in a layout never seen)."""
    _SEGMENTS.clear()
    _INDEXES.clear()


def segments(kinds: str) -> tuple[tuple[int, int, int], ...]:
    """The rows of a token stream as (label start, values start, end) indices; kept per
    kinds string, which is the same for every report of one layout."""
    got = _SEGMENTS.get(kinds)
    if got is None:
        if len(_SEGMENTS) >= 1024:
            _SEGMENTS.clear()
        got = _SEGMENTS[kinds] = tuple(_segments(kinds))
    return got


def _segments(kinds: str) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for m in _SEGMENT.finditer(kinds):
        a, b = m.span()
        if a == b:
            continue
        t = kinds.rfind("T", a, b)
        out.append((a, a if t < 0 else t + 1, b))
    return out


@dataclass(frozen=True)
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
        self._matches: dict[tuple[str, int], Match | None] = {}
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
        # keys by their last two characters (one for one-character keys), longest first:
        # a label's candidates are then a lookup of its tail, not one per suffix length
        self.by_tail: dict[str, list[str]] = {}
        for k in sorted(self.by_key, key=len, reverse=True):
            self.by_tail.setdefault(k[-2:], []).append(k)

    def match(self, label_key: str, start: int) -> Match | None:
        """:func:`match_row` on these rows, kept per label and start: reports of one
        layout print the same labels, and a label the template does not end (a unit
        after it, a typo) costs a search, or a fuzzy comparison, each time."""
        key = (label_key, start)
        if key in self._matches:
            return self._matches[key]
        if len(self._matches) >= 4096:
            self._matches.clear()
        got = self._matches[key] = match_row(label_key, self.rows, start, self)
        return got

    def _add(self, k: str, i: int, how: str, reach: int) -> None:
        self.by_key.setdefault(k, []).append((i, how, reach))

    def ending(self, label_key: str, start: int, max_gap: int = 3) -> tuple[int, str] | None:
        """The row whose key ends ``label_key`` or ends within ``max_gap`` characters of
        its end (a unit such as 条 or 次 printed after the label): the nearest end, then
        the longest key, then the first row — the order :func:`match_row` ranks them."""
        size = len(label_key)
        by_tail, by_key = self.by_tail, self.by_key
        for gap in range(min(max_gap, size - 1) + 1):
            end = size - gap
            for tail in (label_key[end - 2 : end] if end >= 2 else None, label_key[end - 1]):
                for k in by_tail.get(tail, ()) if tail is not None else ():
                    if label_key.endswith(k, 0, end):
                        best = self._first(by_key[k], start)
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


_INDEXES: dict[tuple[int, frozenset[str]], tuple[Sequence[Row], RowIndex]] = {}


def _row_index(rows: Sequence[Row], dropped: frozenset[str]) -> RowIndex:
    """The index of ``rows`` without those ``dropped``, kept per template row list (held
    here, so that its id stays its own) and set of rows pruned: a table is read with one
    of a handful of such lists."""
    key = (id(rows), dropped)
    got = _INDEXES.get(key)
    if got is None or got[0] is not rows:
        if len(_INDEXES) > 256:
            _INDEXES.clear()
        got = _INDEXES[key] = (rows, RowIndex([r for r in rows if r.key not in dropped]))
    return got[1]


@by_identity
def _drops(table: Table) -> dict[str, frozenset[str]]:
    """For each row of an interchangeable set, the rows of the other sets."""
    return _drops_of(table)


def _drops_of(table: Table) -> dict[str, frozenset[str]]:
    sets = table.interchangeable()
    return {
        k: frozenset(k2 for other, ks in sets.items() if other != name for k2 in ks)
        for name, keys in sets.items()
        for k in keys
    }


_EXACT: dict[int, Match] = {}


def _at(label_key: str, rows: Sequence[Row], start: int) -> Match | None:
    """The expected row, when the label ends with its words: most rows are printed in
    template order (the first test of :func:`match_row`, without building a Match)."""
    if start < len(rows):
        for k in rows[start].keys:
            if k and label_key.endswith(k):
                got = _EXACT.get(start)
                if got is None:
                    got = _EXACT[start] = Match(start, "exact")
                return got
    return None


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
    """Fills the cells of one table from its token stream.

    A row's values are an index range ``[lo, hi)`` of the stream; reading a row moves
    ``lo`` past the values it took.
    """

    def __init__(self, table: Table, rows: Sequence[Row], *, amount_unit: str | None = None):
        self.table = table
        self._all_rows = rows
        self._dropped: frozenset[str] = frozenset()
        self._index = _row_index(rows, self._dropped)
        self.rows = self._index.rows
        self._drops = _drops(table)
        self._addresses = _addresses(table)
        self.cells: dict[str, Cell] = {}
        self.notes: list[ReadNote] = []
        self.matched: list[str] = []
        self.amount_unit = amount_unit
        self._centres: dict[int, list[tuple[int, list[float]]]] = {}
        self._st = Stream()

    # -- rows layout -------------------------------------------------------------------

    def read_rows(self, st: Stream) -> None:
        self._st = st
        kinds = st.kinds
        if st.aligned:
            self._learn_columns(st)
        ptr = 0
        for a, c, hi in segments(kinds):
            lo = c
            if c == a and kinds.find("V", c, hi) < 0:
                continue
            label_key = key_text("".join(st.texts[a:c])) if c > a else ""
            if label_key:
                m = _at(label_key, self.rows, ptr) or (
                    self._index.match(label_key, ptr) or self._match_back(label_key, ptr)
                )
                if m is not None:
                    back = m.index < ptr
                    resume = ptr
                    ptr = m.index
                    row = self.rows[ptr]
                    if row.unit == HEADING_UNIT:
                        self.matched.append(row.key)
                        ptr += 1
                        continue
                    if kinds.find("V", lo, hi) < 0:
                        continue  # a label with no values yet: the values follow later
                    lo = self._assign(row, (a, c), lo, hi, m.how)
                    ptr = resume if back else self._after(row, ptr)
                elif st.has_number(lo, hi):
                    self.notes.append(
                        ReadNote(
                            "unknown_label",
                            f"未能识别的行标签“{self._label_text(a, c)[:40]}”，其后的数值按位置读取",
                            None,
                            st.source(c - 1),
                        )
                    )
            while ptr < len(self.rows) and kinds.find("V", lo, hi) >= 0:
                row = self.rows[ptr]
                if row.unit == HEADING_UNIT:
                    ptr += 1
                    continue
                if kinds.count("V", lo, hi) < len(row.columns):
                    break
                lo = self._assign(row, (a, c), lo, hi, "position")
                ptr = self._after(row, ptr)
            if lo < hi and kinds.find("V", lo, hi) >= 0 and st.has_number(lo, hi):
                leftover = [i for i in range(lo, hi) if kinds[i] == "V"]
                self.notes.append(
                    ReadNote(
                        "extra_values",
                        f"多出的数值“{' '.join(st.texts[i] for i in leftover)}”无法对应到表格行，已忽略",
                        None,
                        st.source(leftover[0]),
                    )
                )

    def _assign(self, row: Row, label: tuple[int, int], lo: int, hi: int, how: str) -> int:
        """Cells of ``row`` from the values at ``lo`` (``label``: the range of the row's
        label tokens); returns where the values it did not take start."""
        st = self._st
        kinds = st.kinds
        n = len(row.columns)
        chosen: Sequence[int | None]
        first = lo
        while first < hi and kinds[first] == "E":  # an empty line between label and values
            first += 1
        if kinds.startswith(_RUNS[n], first):  # the common case: n values in a row
            chosen = range(first, first + n)
            rest = first + n
        else:
            picked, rest = take(st.kinds, lo, hi, n)
            if picked is None:
                chosen = self._by_column(lo, hi, n)
                rest = hi
            else:
                chosen = picked
        key = row.keys[0] if how == "exact" else row.numbered_key
        # one boxed tuple for the row's cells (compiled code would box a native one per cell)
        row_label: LabelRef = (label[0], label[1], key)
        self.matched.append(row.key)
        if row.key in self._drops:
            self._prune_alternatives(row.key)
        if how in ("fuzzy", "position"):
            printed_label = st.label_for(label[0], label[1], key)
            printed = f"“{printed_label[:40]}”" if printed_label else "（无标签）"
            self.notes.append(
                ReadNote(
                    "fuzzy_match" if how == "fuzzy" else "row_position",
                    f"{printed}按{'近似' if how == 'fuzzy' else '位置'}匹配为“{row.label}”",
                    f"{self.table.key}.{row.key}",
                    self._row_source(label, lo, hi),
                )
            )
        missing = 0
        cells, values = self.cells, st.values
        addresses = self._addresses[row.key]
        for j, at in enumerate(chosen):
            if at is None:
                missing += 1
                continue
            address, amount = addresses[j]
            v = values[at]
            number = None if v is None else v.number
            if number is not None and (amount or type(number) is not int):
                number = self._number(number, v, amount)
            cells[address] = Cell(number, None, st, at, row_label, how)
        if missing:
            self.notes.append(
                ReadNote(
                    "values_missing",
                    f"“{row.label}”行应有{n}个数值，只读到{n - missing}个，缺少的按空白处理",
                    f"{self.table.key}.{row.key}",
                    self._row_source(label, lo, hi),
                )
            )
        return rest

    def _row_source(self, label: tuple[int, int], lo: int, hi: int) -> Source | None:
        """Where a row was printed: its label's last token, else its first value."""
        if label[1] > label[0]:
            return self._st.source(label[1] - 1)
        return self._st.source(lo) if lo < hi else None

    def _label_text(self, a: int, b: int) -> str:
        st = self._st
        return " ".join(st.texts[i] for i in range(a, b) if st.kinds[i] == "T")

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
            self._dropped |= drop
            self._index = _row_index(self._all_rows, self._dropped)
            self.rows = self._index.rows

    def _number(self, number: Number, v: Value | None, amount: bool) -> Number:
        if amount:
            unit = v.unit if v is not None and v.unit else self.amount_unit
            return normalise_decimal(to_wan_yuan(number, unit))
        return normalise_decimal(number)

    # -- aligned columns (pdftotext -layout) -------------------------------------------

    def _learn_columns(self, st: Stream) -> None:
        by_line: dict[int, list[float]] = {}
        for at, shape in enumerate(st.shapes):
            if shape[0] == "V" and shape[4] >= 0:
                by_line.setdefault(st.lines[at], []).append(shape[4])
        for line, centres in by_line.items():
            self._centres.setdefault(len(centres), []).append((line, centres))

    def _by_column(self, lo: int, hi: int, n: int) -> list[int | None]:
        st = self._st
        got = [i for i in range(lo, hi) if st.kinds[i] == "V"]
        lines = {st.lines[i] for i in got}
        known = self._centres.get(n)
        if len(lines) == 1 and known and all(st.shapes[i][4] >= 0 for i in got):
            line = st.lines[got[0]]
            _, centres = min(known, key=lambda lc: abs(lc[0] - line))
            slots: list[int | None] = [None] * n
            j = 0
            for at in got:
                pos = st.shapes[at][4]
                best = min(range(j, n), key=lambda k: abs(centres[k] - pos), default=None)
                if best is None or slots[best] is not None:
                    break
                slots[best] = at
                j = best + 1
            else:
                return slots
        padded: list[int | None] = [*got[:n]]
        return padded + [None] * (n - len(padded))

    # -- block layout (table 四) --------------------------------------------------------

    def read_block(self, st: Stream) -> None:
        self._st = st
        kinds = st.kinds
        vals = [i for i, k in enumerate(kinds) if k != "T"]  # the stream's values and empties
        sub = kinds.replace("T", "")
        n = sum(len(r.columns) for r in self.rows)
        picked, rest = take(sub, 0, len(sub), n)
        if picked is None:
            rest = len(sub)  # too few values: none of them is extra
            got = [vals[i] for i, k in enumerate(sub) if k == "V"]
            chosen: list[int | None] = [*got] + [None] * (n - len(got))
            if got:
                self.notes.append(
                    ReadNote(
                        "values_missing",
                        f"表四应有{n}个数值，只读到{len(got)}个，缺少的按空白处理",
                        self.table.key,
                        st.source(got[0]),
                    )
                )
        else:
            chosen = [vals[i] for i in picked]
        extra = [vals[i] for i in range(rest, len(sub)) if sub[i] == "V"]
        if extra:
            self.notes.append(
                ReadNote(
                    "extra_values",
                    f"表四多出的数值“{' '.join(st.texts[i] for i in extra)}”已忽略",
                    self.table.key,
                    st.source(extra[0]),
                )
            )
        i = 0
        for row in self.rows:
            if any(chosen[i + k] is not None for k in range(len(row.columns))):
                self.matched.append(row.key)
            for col in row.columns:
                at = chosen[i]
                i += 1
                if at is not None:
                    v = st.values[at]
                    number = None if v is None else v.number
                    if number is not None:
                        number = self._number(number, v, col.kind == "amount")
                    self.cells[f"{self.table.key}.{row.key}.{col.key}"] = Cell(
                        number, None, st, at, row.label
                    )


_RUNS = ["V" * n for n in range(64)]


@by_identity
def _addresses(table: Table) -> dict[str, tuple[tuple[str, bool], ...]]:
    """Per row key, the row's cell addresses and which of its columns are amounts
    (interned: the checks look every address up in the cells)."""
    return {
        r.key: tuple(
            (sys.intern(f"{table.key}.{r.key}.{c.key}"), c.kind == "amount") for c in r.columns
        )
        for r in table.rows
    }


def take(kinds: str, lo: int, hi: int, n: int) -> tuple[list[int] | None, int]:
    """Choose ``n`` cells from a run of values and empty cells (``kinds[lo:hi]``).

    Empty lines and cells are usually layout; they count as blank cells only when the
    printed values alone are too few and the empties sit where the missing cells would.
    Returns the chosen indices and where the rest starts, or None (and ``lo``: nothing
    taken) when even that does not give ``n`` cells.
    """
    count, at = 0, lo
    while count < n:
        j = kinds.find("V", at, hi)
        if j < 0:
            break
        count += 1
        at = j + 1
    if count == n:
        return [i for i in range(lo, at) if kinds[i] == "V"], at
    s, e = lo, hi
    while e - s > n and kinds[e - 1] == "E":
        e -= 1
    while e - s > n and kinds[s] == "E":
        s += 1
    if e - s == n and count > 0:
        return list(range(s, e)), hi
    return None, lo
