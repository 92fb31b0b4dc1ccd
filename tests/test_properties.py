"""Property tests: random *consistent* reports of both formats survive every writer.

Each example is a Report built cell by cell from the templates (never from a file): the
arithmetic of tables 三 and 四 holds, table 二 has random counts, signed changes (2019
本年增/减) and amounts with up to two decimals, some cells are blank, and the narrative is
realistic prose. Written as text, Markdown and interchange JSON and read back, the report
must come back with the same format, agency, year, cells (blanks as None, never 0) and
narrative. The checker must find no error in such a report, and must flag
``requests.outcomes_sum`` as soon as one outcome cell is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from gongkai.core.checks import check
from gongkai.core.readers.interchange import read_interchange
from gongkai.core.readers.text import read_text
from gongkai.core.report import Cell, Report
from gongkai.core.template import Row, Table, legacy_short_last, legacy_table, template
from gongkai.core.writers import write_json, write_markdown, write_text

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_service",
    "other_org",
)
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
OTHER_2019 = ("other_processing",)
OTHER_2021 = ("other_overdue_correction", "other_unpaid_fee", "other_other")

AGENCY_PLACES = ("某某", "鄞江", "洪泽", "镇海", "淮安", "沭阳", "海曙", "金湖", "宁波", "上海")
AGENCY_BODIES = (
    "县人民政府",
    "区人民政府",
    "镇人民政府",
    "市人民政府办公室",
    "街道办事处",
    "市教育局",
    "区卫生健康委员会",
    "市自然资源和规划局",
    "县交通运输局",
    "区新闻中心",
    "市市场监督管理局",
)
# Common place-name characters: no digits, no 年/度/报告, nothing a title parser keys on.
CJK_POOL = "东南西北江河湖山城乡新安平和兴华龙泉金石青松清水高阳长宁永丰嘉禾桃李"

OVERVIEW = (
    "本机关坚持以公开为常态、不公开为例外，不断完善政府信息公开制度。",
    "严格落实政府信息公开保密审查机制，确保公开内容准确规范。",
    "持续加强政府网站和政务新媒体建设，进一步拓宽公开渠道。",
    "进一步规范依申请公开办理流程，依法按时答复申请人。",
    "围绕重点领域信息公开，及时发布群众关注的政策文件和解读材料。",
    "加强政府信息管理，定期对已公开的政府信息进行清理和更新。",
)
PROBLEMS = (
    "政务公开工作仍存在一些不足，公开内容的深度和广度有待拓展。",
    "政策解读形式较为单一，解读质量和互动效果有待提升。",
    "下一步将加强业务培训，提高工作人员的业务水平和责任意识。",
    "针对上述问题，将进一步完善工作机制，强化日常监督检查。",
    "部分单位对政务公开工作重视不够，信息报送不够及时。",
)
OTHER = (
    "本年度未发生政府信息公开责任追究情况。",
    "政务公开考核工作由办公室组织实施，考核结果纳入年度综合考核。",
    "本机关积极开展政务公开社会评议，广泛听取群众意见建议。",
)
# Section 六 must report 信息处理费 whenever fees were charged (narrative.fees_disclosed);
# every generated report does, so that a consistent report has no error at all.
FEES = (
    "本机关依据《政府信息公开信息处理费管理办法》收取信息处理费。",
    "本年度未收取政府信息公开信息处理费。",
)


# -- strategies ---------------------------------------------------------------------------

small_counts = st.one_of(
    st.just(0), st.just(0), st.integers(0, 9), st.integers(0, 60), st.integers(0, 5000)
)
big_counts = st.one_of(st.just(0), st.integers(0, 9), st.integers(0, 999), st.integers(0, 99999))
signed_counts = st.one_of(st.just(0), st.integers(-9, 9), st.integers(-800, 800))


def _as_amount(d: Decimal) -> int | Decimal:
    """An amount as the Report holds it: an integral amount is an int."""
    return int(d) if d == d.to_integral_value() else d


amounts = st.one_of(
    st.just(0),
    st.integers(0, 100_000),
    st.decimals(min_value=0, max_value=1_000_000, places=2).map(_as_amount),
    st.decimals(min_value=0, max_value=10_000, places=1).map(_as_amount),
)


@st.composite
def agencies(draw: st.DrawFn) -> str:
    place = draw(
        st.one_of(
            st.sampled_from(AGENCY_PLACES),
            st.text(alphabet=CJK_POOL, min_size=2, max_size=4),
        )
    )
    return place + draw(st.sampled_from(AGENCY_BODIES))


@st.composite
def paragraphs(draw: st.DrawFn, pool: tuple[str, ...], extra: tuple[str, ...] = ()) -> str:
    """One to three lines, each one or two sentences ending in 。."""
    lines = draw(
        st.lists(
            st.lists(st.sampled_from(pool), min_size=1, max_size=2).map("".join),
            min_size=1,
            max_size=3,
        )
    )
    if extra:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(extra)))
    return "\n".join(lines)


def _value_strategy(table_key: str, kind: str) -> st.SearchStrategy[int | Decimal]:
    if kind == "amount":
        return amounts
    if kind == "signed":
        return signed_counts
    return big_counts if table_key == "proactive" else small_counts


def requests_rows(fmt: str, mixed: bool) -> list[Row]:
    """Rows of table 三 a report prints: the format's own (六)其他处理 rows, or — a mixed
    report (DESIGN.md) — the other format's."""
    tpl = template(fmt)
    keys = set(tpl.default_rows)
    if mixed:
        own, other = (OTHER_2019, OTHER_2021) if fmt == "2019" else (OTHER_2021, OTHER_2019)
        keys = (keys - set(own)) | set(other)
    return [r for r in tpl.requests.rows if r.key in keys]


@st.composite
def consistent_reports(draw: st.DrawFn, fmt: str | None = None, blanks: bool = True) -> Report:
    fmt = fmt or draw(st.sampled_from(("2019", "2021")))
    year = draw(st.integers(2019, 2020) if fmt == "2019" else st.integers(2021, 2026))
    tpl = template(fmt)
    values: dict[str, int | Decimal | None] = {}

    # 表二: independent cells.
    for row in tpl.proactive.rows:
        for col in row.columns:
            values[f"proactive.{row.key}.{col.key}"] = draw(_value_strategy("proactive", col.kind))

    # 表三: per applicant column, outcomes first; totals, balance and row totals follow.
    mixed = draw(st.integers(0, 4)) == 0
    rows = requests_rows(fmt, mixed)
    outcomes = [r.key for r in rows if "outcome" in r.tags]
    for c in APPLICANTS:
        processed = 0
        for rk in outcomes:
            v = draw(small_counts)
            values[f"requests.{rk}.{c}"] = v
            processed += v
        forward = draw(small_counts)
        over = min(draw(small_counts), processed + forward)
        values[f"requests.total_processed.{c}"] = processed
        values[f"requests.carried_forward.{c}"] = forward
        values[f"requests.carried_over.{c}"] = over
        values[f"requests.new_received.{c}"] = processed + forward - over
    for r in rows:
        values[f"requests.{r.key}.total"] = sum(
            values[f"requests.{r.key}.{c}"] or 0 for c in APPLICANTS
        )

    # 表四: total = the four results, per group.
    for r in tpl.reviews.rows:
        parts = [draw(small_counts) for _ in REVIEW_PARTS]
        for k, v in zip(REVIEW_PARTS, parts, strict=True):
            values[f"reviews.{r.key}.{k}"] = v
        values[f"reviews.{r.key}.total"] = sum(parts)

    # Blanks: anywhere in 表二; in 表三/四 only where the cell is 0, so the arithmetic (which
    # reads a blank as 0) still holds.
    if blanks:
        candidates = sorted(a for a, v in values.items() if a.startswith("proactive.") or v == 0)
        for a in draw(st.lists(st.sampled_from(candidates), max_size=10, unique=True)):
            values[a] = None

    narrative = {
        "overview": draw(paragraphs(OVERVIEW)),
        "problems": draw(paragraphs(PROBLEMS)),
        "other": draw(paragraphs(OTHER, extra=FEES)),
    }
    return Report(
        format=fmt,
        agency=draw(agencies()),
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
    for row in legacy_rows(full=draw(st.booleans())):
        kind = row.columns[0].kind
        value = draw(st.one_of(st.none(), amounts if kind == "amount" else big_counts))
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
    got = {k: v for k, v in back.narrative.items() if v}
    assert got == orig.narrative, how


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
