"""Property tests: random *consistent* reports of both formats survive every writer.

Each example is a Report built cell by cell from the templates (never from a file) by the
generator of the batch's generated corpus (``gongkai.batch.synth``): the arithmetic of tables 三 and 四 holds, table 二 has random counts, signed changes (2019
本年增/减) and amounts with up to two decimals, some cells are blank, and the narrative is
realistic prose. Written as text, Markdown and interchange JSON and read back, the report
must come back with the same format, agency, year, cells (blanks as None, never 0) and
narrative. The checker must find no error in such a report, and must flag
``requests.outcomes_sum`` as soon as one outcome cell is changed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from gongkai.batch import synth
from gongkai.core.checks import check
from gongkai.core.readers.interchange import read_interchange
from gongkai.core.readers.text import read_text
from gongkai.core.report import Cell, Number, Report
from gongkai.core.template import Row, Table, legacy_short_last, legacy_table, template
from gongkai.core.writers import write_json, write_markdown, write_text

# -- strategies ---------------------------------------------------------------------------
#
# The reports come from the generated corpus's own generator (gongkai.batch.synth), driven
# by a Random whose every draw Hypothesis makes, so that a failing example shrinks to a
# small report as if each cell had been drawn here.


# Sections of the narrative the reports carry: all six, as the generator writes them (二, 三
# and 四 stating the table's figures, 六 with its 信息处理费 sentence).
SECTIONS = ("overview", "proactive", "requests", "reviews", "problems", "other")


def randoms() -> st.SearchStrategy[random.Random]:
    return st.randoms(use_true_random=False)


@st.composite
def consistent_reports(draw: st.DrawFn, fmt: str | None = None, blanks: bool = True) -> Report:
    """A report of its own (no previous year) on which every rule holds: table 二 random
    counts, signed changes and amounts; tables 三 and 四 adding up per row, column and
    group, now and then with the other format's （六）其他处理 rows (a mixed report); some
    cells blank where the arithmetic still holds; the narrative sections of SECTIONS,
    section 六 reporting 信息处理费."""
    fmt = fmt or draw(st.sampled_from(("2019", "2021")))
    year = draw(st.integers(2019, 2020) if fmt == "2019" else st.integers(2021, 2026))
    mixed = draw(st.integers(0, 4)) == 0
    rng = draw(randoms())
    values = synth.consistent_values(
        rng, fmt, mixed=mixed, carried_over=None, in_force_before=None, fees=True
    )
    if blanks and draw(st.booleans()):
        synth.add_blanks(rng, values, fmt)
    written = synth.narrative(rng, year, values, synth.charges_fees(values))
    narrative = {k: v for k, v in written.items() if k in SECTIONS}
    return Report(
        format=fmt,
        agency=synth.agency_name(rng),
        year=year,
        cells={a: Cell(v) for a, v in values.items()},
        narrative=narrative,
    )


def legacy_rows(full: bool) -> list[Row]:
    rows = list(legacy_table().rows)
    if not full:
        last = [r.key for r in rows].index(legacy_short_last())
        rows = rows[: last + 1]
    return [r for r in rows if not r.is_heading]


@st.composite
def reports_with_legacy(draw: st.DrawFn) -> Report:
    """A 2019 report carrying the pre-2019 统计指标 table in section 六 (as seed 002 does)."""
    report = draw(consistent_reports(fmt="2019"))
    rng = draw(randoms())
    for row in legacy_rows(full=draw(st.booleans())):
        kind = row.columns[0].kind
        value: Number | None = None
        if rng.randrange(2):
            value = synth.amount(rng) if kind == "amount" else synth.big(rng)
        report.cells[f"legacy_stats.{row.key}.value"] = Cell(value)
    return report


# -- round trips ----------------------------------------------------------------------------


def _text(r: Report) -> Report:
    return read_text(write_text(r))


def _markdown(r: Report) -> Report:
    return read_text(write_markdown(r))


def _json(r: Report) -> Report:
    return read_interchange(write_json(r))


ROUND_TRIPS: dict[str, tuple[Callable[[Report], str], Callable[[Report], Report]]] = {
    "txt": (write_text, _text),
    "md": (write_markdown, _markdown),
    "json": (write_json, _json),
}


def _kind(v: object) -> str:
    return "blank" if v is None else type(v).__name__


def assert_same_report(orig: Report, back: Report, how: str) -> None:
    assert_same_cells(orig, back, how)
    got = {k: v for k, v in back.narrative.items() if v}
    assert got == orig.narrative, how


def assert_same_cells(orig: Report, back: Report, how: str) -> None:
    """Format, agency, year, the rows printed and every cell's value and kind (a blank
    stays blank, an int an int) are what was written."""
    assert back.format == orig.format, how
    assert back.agency == orig.agency, how
    assert back.year == orig.year, how
    assert back.all_addresses() == orig.all_addresses(), f"{how}: rows printed differ"
    diffs = [
        f"{a}: wrote {orig.value(a)!r}, read {back.value(a)!r}"
        for a in orig.all_addresses()
        if a not in back.cells
        or back.value(a) != orig.value(a)
        or _kind(back.value(a)) != _kind(orig.value(a))
    ]
    assert not diffs, f"{how}: " + "; ".join(diffs[:10])


def _round_trip_all(report: Report) -> None:
    blanks = [a for a in report.all_addresses() if report.value(a) is None]
    for name, (write, trip) in ROUND_TRIPS.items():
        written = write(report)
        if name != "json":
            assert "None" not in written
            # A blank is printed as —, never as 0 or an empty line the reader could skip.
            assert not blanks or "—" in written
        try:
            back = trip(report)
        except Exception:
            note(f"{name} output:\n{written}")
            raise
        assert_same_report(report, back, name)


@pytest.mark.parametrize("fmt", ["2019", "2021"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_writers_round_trip(fmt: str, data: st.DataObject) -> None:
    report = data.draw(consistent_reports(fmt=fmt))
    _round_trip_all(report)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports_with_legacy())
def test_legacy_table_round_trip(report: Report) -> None:
    legacy = [a for a in report.cells if a.startswith("legacy_stats.")]
    for name, (write, trip) in ROUND_TRIPS.items():
        back = trip(report)
        diffs = [
            f"{a}: wrote {report.value(a)!r}, read {back.value(a)!r}"
            for a in legacy
            if back.value(a) != report.value(a) or _kind(back.value(a)) != _kind(report.value(a))
        ]
        if diffs:
            note(f"{name} output:\n{write(report)}")
        assert not diffs, f"{name}: " + "; ".join(diffs[:10])
        # Nothing the report does not hold comes back as a number.
        for row in legacy_table().rows:
            a = f"legacy_stats.{row.key}.value"
            if a not in report.cells:
                assert back.value(a) is None, f"{name}: {a} read as {back.value(a)!r}"
        assert_same_report(report, back, name)


# -- the checker ------------------------------------------------------------------------------


def _errors(report: Report) -> list[str]:
    return [f.format("report") for f in check(report) if f.severity == "error"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_reports())
def test_consistent_reports_have_no_errors(report: Report) -> None:
    assert _errors(report) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_reports(), data=st.data())
def test_changed_outcome_breaks_outcomes_sum(report: Report, data: st.DataObject) -> None:
    table: Table = template(report.format).requests
    outcomes = [rk for rk in report.rows_present("requests") if "outcome" in table.row(rk).tags]
    rk = data.draw(st.sampled_from(outcomes), label="row")
    col = data.draw(st.sampled_from([c.key for c in table.columns]), label="column")
    address = f"requests.{rk}.{col}"
    old = report.value(address) or 0
    new = (
        0
        if old > 0 and data.draw(st.booleans(), label="zero it")
        else old + data.draw(st.integers(1, 50), label="add")
    )
    report.cells[address] = Cell(new)
    found = [
        f
        for f in check(report)
        if f.rule == "requests.outcomes_sum" and address in [c.address for c in f.cells]
    ]
    assert found, f"{address}: {old} -> {new} not flagged"
    assert all(f.severity == "error" for f in found)
