"""The identity engine: arithmetic rules declared in rules.toml, evaluated over cells.

A blank cell is read as 0 and the finding says so; the rule passes or fails on that
reading (DESIGN.md, ``cells.blank``). When a failing table would add up if two adjacent
single digits were one number (or one number two digits), the findings say the error is
probably in the reading, not in the published report.

Most reports add up, so the instances of a rule are first decided together (see
:class:`Batch`); a finding is built the slow, explicit way only for an instance that
fails or reads a missing or blank cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import add, itemgetter
from typing import Any

from gongkai.core.checks.facts import Facts, Lookup, facts, layout
from gongkai.core.checks.findings import CellRef, Finding, fmt
from gongkai.core.checks.registry import RuleInfo, finding, rules
from gongkai.core.identity import by_identity
from gongkai.core.labels import key_text, strip_numbering
from gongkai.core.report import Number, Report
from gongkai.core.template import FORMATS, Table, template


@dataclass(frozen=True)
class Term:
    address: str
    sign: int
    previous: bool
    name: str


@dataclass(frozen=True)
class Instance:
    rule: RuleInfo
    scope: str
    left: tuple[Term, ...]
    right: tuple[Term, ...]


Getter = Callable[[Any], tuple[Any, ...]]


@dataclass(frozen=True)
class Side:
    """One side of every instance of a rule, read by item getters: one of all their terms
    with the slice each instance adds up (no slices when each has one term), or, when
    each has the same few terms, one getter a term added element-wise, which is cheaper.
    This year's terms are read by position from the values of the rule's table
    (``Facts.table``, shared with other rules); last year's by address."""

    gets: tuple[Getter, ...]
    previous: bool
    spans: tuple[slice, ...] | None

    def totals(self, table: tuple[Any, ...], prev_values: Lookup) -> tuple[Any, ...]:
        source = prev_values if self.previous else table
        first, *rest = self.gets
        got = first(source)
        if rest:
            added: Iterable[Any] = got
            for get in rest:
                added = map(add, added, get(source))
            return tuple(added)
        return got if self.spans is None else tuple(map(sum, map(got.__getitem__, self.spans)))


@dataclass(frozen=True)
class Batch:
    """Every instance of a rule at once, so a rule over a table that adds up costs a few
    C-level calls. Only for rules whose terms are all added and each side read from one
    report; a missing or blank cell sends the instances to :func:`evaluate`."""

    table: str
    left: Side
    right: Side

    def failing(self, known: Facts, prev_values: Lookup) -> list[int] | None:
        """Indexes of the instances that may not hold (a blank cell standing alone on a
        side is among them: :func:`evaluate` decides); None when the cells cannot be
        added up (missing, or blank among others)."""
        table = known.table(self.table)
        if table is None:
            return None
        try:
            left = self.left.totals(table, prev_values)
            right = self.right.totals(table, prev_values)
        except (KeyError, TypeError, ArithmeticError):
            return None
        if left == right:
            return []
        return [i for i, (a, b) in enumerate(zip(left, right, strict=True)) if a != b]


@dataclass(frozen=True)
class Program:
    instances: tuple[Instance, ...]
    batch: Batch | None


_ELEMENTWISE = 8  # beyond so many terms an instance, slicing and sum() are cheaper


def _side(terms: Sequence[Sequence[Term]], position: dict[str, int]) -> Side | None:
    flat = [t for ts in terms for t in ts]
    if len(flat) < 2 or any(t.sign != 1 for t in flat):
        return None  # (a getter of one item returns it bare, not in a tuple)
    if len({t.previous for t in flat}) != 1:
        return None
    previous = flat[0].previous
    if not previous and any(t.address not in position for t in flat):
        return None
    spans: list[slice] = []
    for ts in terms:
        start = spans[-1].stop if spans else 0
        spans.append(slice(start, start + len(ts)))
    keys = [t.address if previous else position[t.address] for t in flat]
    arity = {len(ts) for ts in terms}
    if len(arity) == 1 and 1 < min(arity) <= _ELEMENTWISE and len(terms) > 1:
        gets = tuple(itemgetter(*(keys[s.start + j] for s in spans)) for j in range(min(arity)))
        return Side(gets, previous, None)
    unit = arity == {1}
    return Side((itemgetter(*keys),), previous, None if unit else tuple(spans))


def _batch(instances: Sequence[Instance], table: str, cells: tuple[str, ...]) -> Batch | None:
    position = {a: i for i, a in enumerate(cells)}
    left = _side([i.left for i in instances], position)
    right = _side([i.right for i in instances], position)
    return Batch(table, left, right) if left and right else None


def _table(report: Report, key: str) -> Table:
    return template(report.format).table(key)


def _short(label: str) -> str:
    s = strip_numbering(label)
    return s if len(s) <= 12 else s[:11] + "…"


def _terms(
    spec: Sequence[str], table: Table, present: tuple[str, ...], fill: dict[str, str], by: str
) -> list[Term]:
    out: list[Term] = []
    for raw in spec:
        sign = -1 if raw.startswith("-") else 1
        raw = raw.lstrip("-")
        prev = raw.startswith("prev:")
        raw = raw.removeprefix("prev:").format(**fill)
        row_key, col_key = raw.split(".")
        rows = (
            [k for k in present if row_key[1:] in table.row(k).tags]
            if row_key.startswith("@")
            else [row_key]
        )
        for rk in rows:
            row = table.row(rk)
            label = (
                row.label if by == "row" else next(c.label for c in row.columns if c.key == col_key)
            )
            name = ("上年" if prev else "") + _short(label)
            out.append(Term(f"{table.key}.{rk}.{col_key}", sign, prev, name))
    return out


_NONE = Program((), None)


def instances(info: RuleInfo, report: Report, previous: Report | None) -> tuple[Instance, ...]:
    return program(info, report, previous, facts(report)).instances


def program(info: RuleInfo, report: Report, previous: Report | None, known: Facts) -> Program:
    spec = info.identity
    if spec is None or report.format not in FORMATS:
        return _NONE
    if spec.get("previous"):
        if previous is None or previous.format not in FORMATS:
            return _NONE
        if not _consecutive(report, previous):
            return _NONE
    formats = spec.get("formats")
    if formats and (report.format not in formats or (previous and previous.format not in formats)):
        return _NONE
    return _program(info.id, report.format, known.rows(spec["table"]))


@lru_cache(maxsize=256)
def _program(rule_id: str, fmt: str, present: tuple[str, ...]) -> Program:
    """The instances of a rule depend only on the format and the rows printed: built once."""
    info = rules()[rule_id]
    spec = info.identity
    assert spec is not None
    table = template(fmt).table(spec["table"])
    over = spec["over"]
    if over == "columns":
        fills = [({"col": c.key}, f"“{c.label}”列") for c in table.columns]
    elif over == "rows":
        fills = [({"row": rk}, f"“{_row_name(table, rk)}”行") for rk in present]
    else:
        fills = [({"row": rk}, f"“{table.row(rk).label}”") for rk in spec["rows"]]
    by = "row" if over == "columns" else "col"
    insts = tuple(
        Instance(
            info,
            scope,
            tuple(_terms(spec["left"], table, present, fill, by)),
            tuple(_terms(spec["right"], table, present, fill, by)),
        )
        for fill, scope in fills
    )
    return Program(insts, _batch(insts, table.key, layout(fmt, table.key, present)))


def _row_name(table: Table, row_key: str) -> str:
    row = table.row(row_key)
    return "·".join((*row.under[-1:], row.label)) if table.layout == "block" else _short(row.label)


def _consecutive(report: Report, previous: Report) -> bool:
    return report.year is None or previous.year is None or report.year == previous.year + 1


def same_agency(report: Report, previous: Report) -> bool:
    """One body is often named two ways in two years (洪泽区人民政府, 淮安市洪泽区人民政府)."""
    a, b = key_text(report.agency or ""), key_text(previous.agency or "")
    return not a or not b or a in b or b in a


def cross_year_notes(report: Report, previous: Report | None) -> list[Finding]:
    if previous is None:
        return []
    if not _consecutive(report, previous):
        return [
            finding(
                "year.carry_chain",
                f"上年报告是{previous.year}年的，本报告是{report.year}年的，不是相邻年度，未作跨年核对",
                severity="note",
            )
        ]
    if not same_agency(report, previous):
        return [
            finding(
                "year.carry_chain",
                f"上年报告的机关“{previous.agency}”与本报告“{report.agency}”不同，仍按同一机关作跨年核对",
                severity="note",
            )
        ]
    return []


def _sum(terms: Iterable[Term], values: Lookup, prev_values: Lookup) -> tuple[Number, bool]:
    total: Number = 0
    blank = False
    for t in terms:
        v = (prev_values if t.previous else values).get(t.address)
        if v is None:
            blank = True
            continue
        total += t.sign * v
    return total, blank


def holds(inst: Instance, values: Lookup, prev_values: Lookup) -> bool:
    left, _ = _sum(inst.left, values, prev_values)
    right, _ = _sum(inst.right, values, prev_values)
    return left == right


def evaluate(
    inst: Instance, report: Report, previous: Report | None, values: Lookup, prev_values: Lookup
) -> Finding | None:
    left, lb = _sum(inst.left, values, prev_values)
    right, rb = _sum(inst.right, values, prev_values)
    if left == right:
        return None
    terms = (*inst.left, *inst.right)

    def side(ts: Sequence[Term], total: Number) -> str:
        if len(ts) > 4:
            return f"{len(ts)}项之和{fmt(total)}"
        parts = [
            f"{'−' if t.sign < 0 else ''}{t.name}{fmt((prev_values if t.previous else values).get(t.address))}"
            for t in ts
        ]
        return " + ".join(parts).replace("+ −", "− ") + (f" = {fmt(total)}" if len(ts) > 1 else "")

    blank_note = "（空白单元格按0计）" if lb or rb else ""
    message = (
        f"{inst.scope}：{side(inst.left, left)}，而{side(inst.right, right)}，"
        f"相差{fmt(left - right)}{blank_note}"
    )
    cells = [
        CellRef.of(
            previous if t.previous and previous else report, t.address, "上年" if t.previous else ""
        )
        for t in terms
    ]
    return finding(inst.rule.id, message, cells=cells)


@cache
def _identity_rules() -> tuple[RuleInfo, ...]:
    return tuple(info for info in rules().values() if info.identity is not None)


def check_identities(report: Report, previous: Report | None) -> list[Finding]:
    out: list[Finding] = []
    known = facts(report)
    prev_values = facts(previous).values if previous else {}
    for info in _identity_rules():
        prog = program(info, report, previous, known)
        insts = prog.instances
        failing = prog.batch.failing(known, prev_values) if prog.batch else None
        for inst in insts if failing is None else (insts[i] for i in failing):
            f = evaluate(inst, report, previous, known.values, prev_values)
            if f is not None:
                out.append(f)
    _diagnose_splits(report, out)
    return cross_year_notes(report, previous) + out


# -- reading errors: a number split in two, or two numbers run together ------------------


def _diagnose_splits(report: Report, found: list[Finding]) -> None:
    tables = {f.cells[0].address.split(".")[0] for f in found if f.cells and _same_year(f)}
    if not tables & {"requests", "reviews"}:
        return
    trial: dict[str, Number | None] = {a: c.value for a, c in report.cells.items()}
    for key in tables & {"requests", "reviews"}:
        table = _table(report, key)
        insts = [
            i
            for info in rules().values()
            if info.identity and not info.identity.get("previous") and info.identity["table"] == key
            for i in instances(info, report, None)
        ]
        # whether each identity holds as printed, once a table: every row asks
        failing: list[Instance] = []
        holding: list[Instance] = []
        for inst in insts:
            (holding if holds(inst, trial, {}) else failing).append(inst)
        if not failing:
            continue
        for seq in _sequences(report, table):
            hit = _try_hypotheses(report, seq, failing, holding, trial)
            if hit:
                for f in found:
                    if f.cells and f.cells[0].address.startswith(key + ".") and _same_year(f):
                        f.diagnosis = hit
                break


def _same_year(f: Finding) -> bool:
    return not any(c.year for c in f.cells)


def _sequences(report: Report, table: Table) -> list[list[str]]:
    """Cells in the order they were printed: table 四 is one run, table 三 a run a row."""
    if table.layout == "block":
        return [report.addresses(table)]
    return [
        [f"{table.key}.{rk}.{c.key}" for c in table.row(rk).columns]
        for rk in report.rows_present(table.key)
    ]


def _try_hypotheses(
    report: Report,
    seq: list[str],
    failing: list[Instance],
    holding: list[Instance],
    trial: dict[str, Number | None],
) -> str | None:
    """Whether shifting the printed values of ``seq`` by one place (two numbers read as
    one, or one as two) makes every identity on them hold. ``trial`` is the report's
    values, changed in ``seq`` while a shift is tried and put back after: the search
    tries a dozen shifts a row, and a copy of every value per shift was most of it."""
    vals = [trial.get(a) for a in seq]
    touched = set(seq)
    # The identities a shift can change. It explains the findings only if one that fails
    # as printed holds after it: shifting a run of zeros changes nothing and would
    # "explain" any error. The failing ones are tried first, as most shifts leave them
    # failing. A merge pushes the last printed value off the end, so the identities
    # needing the last cell cannot be judged for a merge.
    fails = [i for i in failing if not touched.isdisjoint(_addresses(i))]
    if not fails:
        return None
    on_seq = fails + [i for i in holding if not touched.isdisjoint(_addresses(i))]
    for_merge = [i for i in on_seq if seq[-1] not in _addresses(i)]
    merge_explains = any(seq[-1] not in _addresses(i) for i in fails)
    try:
        for i in range(len(seq) - 1 if merge_explains else 0):
            a, b = vals[i], vals[i + 1]
            # nobody prints a number with a leading zero: "0" then "7" is not "07"
            if _digit(a) and _digit(b) and a != 0:
                merged = [*vals[:i], int(f"{a}{b}"), *vals[i + 2 :], None]
                if _all_hold(trial, seq, merged, for_merge):
                    return (
                        f"可能是读取错误而非原表错误：{_cell_name(report, seq[i])}“{a}”与"
                        f"{_cell_name(report, seq[i + 1])}“{b}”若为同一个数“{a}{b}”，各项合计均成立"
                    )
        for i, v in enumerate(vals):
            if isinstance(v, int) and 10 <= v <= 99:
                split = [*vals[:i], v // 10, v % 10, *vals[i + 1 :]][: len(seq)]
                if _all_hold(trial, seq, split, on_seq):
                    return (
                        f"可能是读取错误而非原表错误：{_cell_name(report, seq[i])}“{v}”若为相邻两格"
                        f"“{v // 10}”和“{v % 10}”，各项合计均成立"
                    )
        return None
    finally:
        trial.update(zip(seq, vals, strict=True))


def _digit(v: Number | None) -> bool:
    return isinstance(v, int) and 0 <= v <= 9


def _all_hold(
    trial: dict[str, Number | None],
    seq: list[str],
    vals: list[Number | None],
    relevant: list[Instance],
) -> bool:
    """Whether every identity touching the shifted cells holds with ``vals`` in place."""
    trial.update(zip(seq, vals, strict=True))
    return bool(relevant) and all(holds(i, trial, {}) for i in relevant)


@by_identity
def _addresses(inst: Instance) -> frozenset[str]:
    """The cells an identity instance adds up: the search for a misread asks it of every
    instance for every shift it tries."""
    return frozenset(t.address for t in (*inst.left, *inst.right))


def _cell_name(report: Report, address: str) -> str:
    cell = report.cells.get(address)
    where = cell.source.where() if cell and cell.source else ""
    return f"{address}（{where}）" if where else address
