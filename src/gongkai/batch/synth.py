"""A generated corpus: realistic reports written by the project's own writers, with
deliberate errors recorded in a manifest, so that a batch run can be checked against
what was put in — every cell back, exactly the planted rule ids found, no more.

Reports come in series: one agency publishes for consecutive years, and each year's
上年结转 is the previous report's 结转下年度 as published, and (2021 format) each 现行有效
件数 follows from last year's. The narrative states the table's figures (收到申请 N 件,
办结, 结转下年度, 行政复议, 行政诉讼) and varies from year to year, as real reports do,
so that only a planted copy repeats last year. Formats (txt one cell a line, Markdown
tables, HTML, DOCX, XLSX statistics workbooks, interchange JSON, optionally PDF) and
encodings vary by file; a few files are not reports at all and must be listed as
failures. Generation is seeded: the same seed gives the same corpus, byte for byte.

Run: ``python -m gongkai.batch.synth OUT --count N [--seed S] [--formats txt,md,...]``
writes ``OUT/reports/…`` and ``OUT/manifest.jsonl`` (one line per file).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import zipfile
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gongkai.core.labels import key_text
from gongkai.core.report import Cell, Number, Report
from gongkai.core.template import Row, template

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
CHAIN_ROWS = ("rules", "normative_documents")  # year.in_force_chain (2021 format)

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
TOPICS = (
    "财政预决算",
    "重大建设项目",
    "公共资源配置",
    "社会公益事业",
    "乡村振兴",
    "优化营商环境",
    "义务教育",
    "医疗卫生",
    "生态环境保护",
    "安全生产",
    "食品药品监管",
    "征地补偿",
    "保障性住房",
    "就业创业",
)

# Narrative sentences. Every one carries the year or a number, so two years of one
# agency share few sentences word for word — as in real reports, and so that
# narrative.repeats_last_year fires only where a copy was planted. None of them states a
# figure in 件 (that would be a narrative.matches_table figure) except the FIGURES below.
OVERVIEW = (
    "{year}年，本机关坚持以公开为常态、不公开为例外，全面推进{topic}领域信息公开。",
    "全年通过政府门户网站发布{topic}信息{n}条，政务新媒体推送信息{m}条。",
    "{year}年共召开政务公开专题会议{k}次，组织业务培训{k2}场，参训人员{n}人次。",
    "严格落实保密审查机制，全年审查拟公开信息{n}条，确保{year}年公开内容准确规范。",
    "围绕{topic}等重点领域，及时发布政策文件{k}份、解读材料{k2}篇。",
    "对已公开的政府信息开展清理{k}次，更新失效信息{m}条。",
)
PROACTIVE = (
    "{year}年主动公开政府信息{n}条，其中{topic}信息{m}条。",
    "在政府信息公开专栏更新{topic}栏目{k}次。",
)
REQUESTS = ("依申请公开办理流程进一步规范，平均办理时长缩短至{k}个工作日。",)
REVIEWS = ("{year}年未发生因政府信息公开被追究责任的情况，相关案件均依法应诉。",)
PROBLEMS = (
    "{year}年政务公开工作仍存在一些不足，{topic}信息公开的深度和广度有待拓展。",
    "政策解读形式较为单一，{year}年图解、视频解读仅{k}篇，互动效果有待提升。",
    "下一步将加强业务培训，计划{year_next}年组织培训{k2}场，提高工作人员业务水平。",
    "针对上述问题，将完善工作机制，{year_next}年开展日常监督检查{k}次。",
    "部分单位信息报送不够及时，{year}年有{k}家单位未按时报送。",
)
OTHER = (
    "{year}年度未发生政府信息公开责任追究情况。",
    "政务公开考核由办公室组织实施，{year}年考核结果纳入综合考核，权重为{k}%。",
    "本机关积极开展政务公开社会评议，{year}年收集群众意见建议{k2}条。",
)
# Section 六 must report 信息处理费 whenever fees were charged (narrative.fees_disclosed).
FEES = (
    "{year}年度依据《政府信息公开信息处理费管理办法》收取信息处理费{amount}元。",
    "{year}年度未收取政府信息公开信息处理费。",
)
FIGURES_REQUESTS = (
    "本年度共收到政府信息公开申请{new}件，上年结转政府信息公开申请{over}件，"
    "办结{processed}件，结转下年度继续办理{forward}件。"
)
FIGURES_REVIEWS = "本年度发生行政复议{reconsideration}件，行政诉讼{litigation}件。"

NARRATIVE_WRITERS = ("txt", "md", "html", "docx", "json", "pdf")
# DOCX is rare by default: python-docx takes seconds to write one report's tables.
DEFAULT_FORMATS = {"txt": 40, "md": 22, "html": 15, "xlsx": 10, "json": 8, "docx": 5}


# -- values -------------------------------------------------------------------------------


def small(rng: random.Random) -> int:
    """A count of table 三 or 四: mostly zero or small, now and then in the thousands."""
    pick = rng.randrange(10)
    if pick < 4:
        return 0
    if pick < 7:
        return rng.randint(0, 9)
    if pick < 9:
        return rng.randint(0, 60)
    return rng.randint(0, 5000)


def big(rng: random.Random) -> int:
    """A count of table 二 (documents in force, decisions): up to tens of thousands."""
    pick = rng.randrange(4)
    return (0, rng.randint(0, 9), rng.randint(0, 999), rng.randint(0, 99999))[pick]


def signed(rng: random.Random) -> int:
    pick = rng.randrange(3)
    return (0, rng.randint(-9, 9), rng.randint(-800, 800))[pick]


def amount(rng: random.Random) -> Number:
    """An amount in 万元 as the Report holds it: an integral amount is an int."""
    pick = rng.randrange(4)
    if pick == 0:
        return 0
    if pick == 1:
        return rng.randint(0, 100_000)
    d = (
        Decimal(rng.randint(0, 100_000_000)) / 100
        if pick == 2
        else Decimal(rng.randint(0, 100_000)) / 10
    )
    return int(d) if d == d.to_integral_value() else d


def agency_name(rng: random.Random) -> str:
    if rng.randrange(3) == 0:
        place = rng.choice(AGENCY_PLACES)
    else:
        place = "".join(rng.choice(CJK_POOL) for _ in range(rng.randint(2, 4)))
    return place + rng.choice(AGENCY_BODIES)


def requests_rows(fmt: str, mixed: bool) -> list[Row]:
    """Rows of table 三 a report prints: the format's own (六)其他处理 rows, or — a mixed
    report (DESIGN.md) — the other format's."""
    tpl = template(fmt)
    keys = set(tpl.default_rows)
    if mixed:
        own, other = (OTHER_2019, OTHER_2021) if fmt == "2019" else (OTHER_2021, OTHER_2019)
        keys = (keys - set(own)) | set(other)
    return [r for r in tpl.requests.rows if r.key in keys]


# -- one consistent report ----------------------------------------------------------------


@dataclass
class Previous:
    """What next year's report takes from this one, as published."""

    carried_forward: dict[str, int]
    in_force: dict[str, int] | None  # 2021 format only
    narrative: dict[str, str]
    year: int


def consistent_values(
    rng: random.Random,
    fmt: str,
    *,
    mixed: bool,
    carried_over: Mapping[str, int] | None,
    in_force_before: Mapping[str, int] | None,
    fees: bool,
) -> dict[str, Number | None]:
    """Cells of tables 二–四 on which every rule holds: per column new + carried over =
    processed + carried forward and processed = the outcomes; per row the total; per
    group of table 四 the total; 上年结转 = ``carried_over``; 现行有效 = last year's +
    issued − repealed. Without ``fees`` no fee is charged (a report with no narrative
    could not disclose it)."""
    tpl = template(fmt)
    values: dict[str, Number | None] = {}
    for row in tpl.proactive.rows:
        for col in row.columns:
            a = f"proactive.{row.key}.{col.key}"
            if col.kind == "amount":
                values[a] = amount(rng)
            elif col.kind == "signed":
                values[a] = signed(rng)
            else:
                values[a] = big(rng)
    if fmt == "2021":
        for rk in CHAIN_ROWS:
            before = in_force_before[rk] if in_force_before else big(rng)
            issued = values[f"proactive.{rk}.issued"]
            assert isinstance(issued, int)
            repealed = rng.randint(0, before + issued) if rng.randrange(3) == 0 else 0
            values[f"proactive.{rk}.repealed"] = repealed
            values[f"proactive.{rk}.in_force"] = before + issued - repealed
    if not fees:
        for a in [a for a in values if a.startswith("proactive.fees.")]:
            values[a] = 0

    rows = requests_rows(fmt, mixed)
    outcomes = [r.key for r in rows if "outcome" in r.tags]
    for c in APPLICANTS:
        processed = 0
        for rk in outcomes:
            v = 0 if rk == "other_unpaid_fee" and not fees else small(rng)
            values[f"requests.{rk}.{c}"] = v
            processed += v
        forward = small(rng)
        if carried_over is not None:
            over = carried_over[c]
            forward = max(forward, over - processed)
        else:
            over = min(small(rng), processed + forward)
        values[f"requests.total_processed.{c}"] = processed
        values[f"requests.carried_forward.{c}"] = forward
        values[f"requests.carried_over.{c}"] = over
        values[f"requests.new_received.{c}"] = processed + forward - over
    for r in rows:
        values[f"requests.{r.key}.total"] = sum(
            _int(values[f"requests.{r.key}.{c}"]) for c in APPLICANTS
        )
    for r in tpl.reviews.rows:
        parts = [small(rng) for _ in REVIEW_PARTS]
        for k, v in zip(REVIEW_PARTS, parts, strict=True):
            values[f"reviews.{r.key}.{k}"] = v
        values[f"reviews.{r.key}.total"] = sum(parts)
    return values


def add_blanks(
    rng: random.Random, values: dict[str, Number | None], fmt: str, whole_rows: bool = True
) -> None:
    """Blank a few cells, as reports print — or / for nothing: in table 二 any cell but
    those of the 现行有效 chain and the fees, in tables 三 and 四 only a 0 (the
    arithmetic reads a blank as 0, so it still holds). Without ``whole_rows`` no row is
    left with every cell blank: the XLSX reader takes such a row of a statistics
    workbook (empty cells, no —) for a row not printed (read.row_missing)."""
    keep = {"proactive.fees."} | (
        {f"proactive.{rk}." for rk in CHAIN_ROWS} if fmt == "2021" else set()
    )
    candidates = sorted(
        a
        for a, v in values.items()
        if not any(a.startswith(k) for k in keep) and (a.startswith("proactive.") or v == 0)
    )
    picked = rng.sample(candidates, min(len(candidates), rng.randint(1, 8)))
    if not whole_rows:
        rows: dict[str, list[str]] = {}
        for a in values:
            rows.setdefault(a.rsplit(".", 1)[0], []).append(a)
        chosen = set(picked)
        picked = [a for a in picked if not all(b in chosen for b in rows[a.rsplit(".", 1)[0]])]
    for a in picked:
        values[a] = None


def _int(v: Number | None) -> int:
    return 0 if v is None else int(v)


def _fill(rng: random.Random, pattern: str, year: int, **extra: object) -> str:
    return pattern.format(
        year=year,
        year_next=year + 1,
        topic=rng.choice(TOPICS),
        n=rng.randint(100, 99999),
        m=rng.randint(10, 9999),
        k=rng.randint(2, 99),
        k2=rng.randint(2, 99),
        **extra,
    )


def _para(rng: random.Random, pool: tuple[str, ...], year: int, lo: int, hi: int) -> list[str]:
    picked = rng.sample(pool, min(len(pool), rng.randint(lo, hi)))
    return [_fill(rng, p, year) for p in picked]


def figures_text(values: Mapping[str, Number | None]) -> tuple[str, str]:
    """The figures sentences of sections 三 and 四, stating what the table says."""
    requests = FIGURES_REQUESTS.format(
        new=_int(values["requests.new_received.total"]),
        over=_int(values["requests.carried_over.total"]),
        processed=_int(values["requests.total_processed.total"]),
        forward=_int(values["requests.carried_forward.total"]),
    )
    reviews = FIGURES_REVIEWS.format(
        reconsideration=_int(values["reviews.reconsideration.total"]),
        litigation=_int(values["reviews.litigation_direct.total"])
        + _int(values["reviews.litigation_after_reconsideration.total"]),
    )
    return requests, reviews


def narrative(
    rng: random.Random, year: int, values: Mapping[str, Number | None], charged: bool
) -> dict[str, str]:
    requests, reviews = figures_text(values)
    fee = FEES[0] if charged else rng.choice(FEES)
    other = _para(rng, OTHER, year, 1, 2)
    other.insert(rng.randint(0, len(other)), fee.format(year=year, amount=rng.randint(1, 900)))
    out = {
        "overview": "\n".join(_para(rng, OVERVIEW, year, 3, 5)),
        "proactive": "\n".join(_para(rng, PROACTIVE, year, 1, 2)),
        "requests": "\n".join([requests, *_para(rng, REQUESTS, year, 0, 1)]),
        "reviews": reviews,
        "problems": "\n".join(_para(rng, PROBLEMS, year, 2, 4)),
        "other": "\n".join(other),
    }
    return out


def charges_fees(values: Mapping[str, Number | None]) -> bool:
    return any(
        _int(v) > 0
        for a, v in values.items()
        if a.startswith("proactive.fees.") or a == "requests.other_unpaid_fee.total"
    )


# -- planted errors ------------------------------------------------------------------------


@dataclass
class Plan:
    """One report to write and what the batch must find in it."""

    values: dict[str, Number | None]
    narrative: dict[str, str]
    planted: list[str] = field(default_factory=list)
    expected: set[str] = field(default_factory=set)


def _bump(values: dict[str, Number | None], address: str, n: int) -> None:
    values[address] = _int(values[address]) + n


# Rows of table 三 that are not outcomes, and the one outcome that would make the report
# owe a fee disclosure (narrative.fees_disclosed) where it has no text.
NOT_OUTCOMES = (
    "new_received",
    "carried_over",
    "total_processed",
    "carried_forward",
    "other_unpaid_fee",
)


def plant_row_total(rng: random.Random, plan: Plan, fmt: str) -> bool:
    """One outcome row's 总计 off by n: the row no longer adds up, nor the 总计 column."""
    rows = sorted(
        a.split(".")[1]
        for a in plan.values
        if a.startswith("requests.")
        and a.endswith(".total")
        and a.split(".")[1] not in NOT_OUTCOMES
    )
    rk = rng.choice(rows)
    n = rng.randint(1, 9)
    _bump(plan.values, f"requests.{rk}.total", n)
    plan.planted.append(f"requests.{rk}.total 多计 {n}")
    plan.expected |= {"requests.row_total", "requests.outcomes_sum"}
    return True


def plant_balance(rng: random.Random, plan: Plan, fmt: str) -> bool:
    """结转下年度 of one applicant column (and its 总计) off by n: the row still adds up,
    the column's balance does not."""
    c = rng.choice(APPLICANTS)
    n = rng.randint(1, 20)
    _bump(plan.values, f"requests.carried_forward.{c}", n)
    _bump(plan.values, "requests.carried_forward.total", n)
    plan.planted.append(f"requests.carried_forward.{c} 多计 {n}")
    plan.expected.add("requests.balance")
    return True


def plant_negative(rng: random.Random, plan: Plan, fmt: str) -> bool:
    """A negative count in table 二, in a row no other rule reads."""
    tpl = template(fmt)
    cells = [
        f"proactive.{row.key}.{col.key}"
        for row in tpl.proactive.rows
        if row.key not in (*CHAIN_ROWS, "fees")
        for col in row.columns
        if col.kind == "count"
    ]
    a = rng.choice(cells)
    plan.values[a] = -rng.randint(1, 30)
    plan.planted.append(f"{a} 为负数 {plan.values[a]}")
    plan.expected.add("cells.non_negative")
    return True


def plant_group_total(rng: random.Random, plan: Plan, fmt: str) -> bool:
    group = rng.choice(template(fmt).reviews.rows).key
    n = rng.randint(1, 9)
    _bump(plan.values, f"reviews.{group}.total", n)
    plan.planted.append(f"reviews.{group}.total 多计 {n}")
    plan.expected.add("reviews.group_total")
    return True


PLANTS_ON_VALUES: dict[str, Callable[[random.Random, Plan, str], bool]] = {
    "row_total": plant_row_total,
    "balance": plant_balance,
    "negative": plant_negative,
    "group_total": plant_group_total,
}


def plant_narrative(rng: random.Random, plan: Plan) -> None:
    """The text states a figure the table contradicts (new requests, or 行政复议)."""
    v = plan.values
    for a in ("requests.new_received.total", "reviews.reconsideration.total"):
        if v[a] is None:  # a blank figure is not compared: print it as 0
            v[a] = 0
    if rng.randrange(2) == 0:
        table = _int(v["requests.new_received.total"])
        also = table + _int(v["requests.carried_over.total"])
        stated = next(s for s in (table + d for d in (3, 7, 11, 13, 17)) if s not in (table, also))
        old = f"收到政府信息公开申请{table}件"
        new = f"收到政府信息公开申请{stated}件"
        key = "requests"
    else:
        table = _int(v["reviews.reconsideration.total"])
        stated = table + rng.randint(1, 9)
        old = f"行政复议{table}件"
        new = f"行政复议{stated}件"
        key = "reviews"
    assert old in plan.narrative[key]
    plan.narrative[key] = plan.narrative[key].replace(old, new, 1)
    plan.planted.append(f"正文“{new}”与表格{table}不符")
    plan.expected.add("narrative.matches_table")


def plant_fees(rng: random.Random, plan: Plan, fmt: str) -> None:
    """Fees charged in table 二, and section 六 silent about 信息处理费."""
    a = "proactive.fees.amount" if fmt == "2021" else "proactive.fees.previous_year_items"
    plan.values[a] = rng.randint(1, 50)
    lines = [s for s in plan.narrative.get("other", "").split("\n") if "处理费" not in s]
    if plan.narrative:
        plan.narrative["other"] = "\n".join(lines)
    plan.planted.append(f"{a} = {plan.values[a]}，第六部分未报告信息处理费")
    plan.expected.add("narrative.fees_disclosed")


def plant_repeat(plan: Plan, previous: Previous, year: int) -> None:
    """The narrative copied from last year, but for the figures of sections 三 and 四."""
    for key in ("overview", "proactive", "problems", "other"):
        plan.narrative[key] = previous.narrative[key]
    if "处理费" not in plan.narrative["other"]:  # last year's was the planted fee error
        fee = FEES[0] if charges_fees(plan.values) else FEES[1]
        plan.narrative["other"] += "\n" + fee.format(year=year, amount=100)
    plan.planted.append(f"正文照搬{previous.year}年报告")
    plan.expected.add("narrative.repeats_last_year")


def plant_carry(rng: random.Random, plan: Plan, previous: Previous) -> None:
    """上年结转 of one column differs from last year's 结转下年度; the report itself still
    adds up (新收 absorbs the difference)."""
    v = plan.values
    c = rng.choice(APPLICANTS)
    n = rng.randint(1, 15)
    _bump(v, f"requests.carried_over.{c}", n)
    _bump(v, "requests.carried_over.total", n)
    new = _int(v[f"requests.new_received.{c}"]) - n
    if new < 0:  # carry the rest forward instead
        _bump(v, f"requests.carried_forward.{c}", -new)
        _bump(v, "requests.carried_forward.total", -new)
        new = 0
    old_new = _int(v[f"requests.new_received.{c}"])
    v[f"requests.new_received.{c}"] = new
    _bump(v, "requests.new_received.total", new - old_new)
    plan.planted.append(f"requests.carried_over.{c} 比{previous.year}年结转下年度多 {n}")
    plan.expected.add("year.carry_chain")


def plant_in_force(rng: random.Random, plan: Plan) -> None:
    rk = rng.choice(CHAIN_ROWS)
    n = rng.randint(1, 9)
    _bump(plan.values, f"proactive.{rk}.in_force", n)
    plan.planted.append(f"proactive.{rk}.in_force 比上年现行有效 + 制发 − 废止 多 {n}")
    plan.expected.add("year.in_force_chain")


# -- series of reports ---------------------------------------------------------------------


def fmt_of(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


def plan_report(
    rng: random.Random,
    year: int,
    writer: str,
    previous: Previous | None,
    error_rate: float,
) -> tuple[Plan, str, bool]:
    """One year's report of a series: consistent values, then (with probability
    ``error_rate``) one or two planted errors, then the narrative stating the figures as
    printed (unless the narrative is the planted error)."""
    fmt = fmt_of(year)
    has_text = writer != "xlsx"
    mixed = rng.randrange(10) == 0
    chained_in_force = previous.in_force if previous is not None and fmt == "2021" else None
    values = consistent_values(
        rng,
        fmt,
        mixed=mixed,
        carried_over=previous.carried_forward if previous else None,
        in_force_before=chained_in_force,
        fees=has_text,
    )
    if rng.randrange(3) == 0:
        add_blanks(rng, values, fmt, whole_rows=has_text)
    plan = Plan(values, {})

    kinds: list[str] = []
    if rng.random() < error_rate:
        pool = list(PLANTS_ON_VALUES)
        pool.append("fees")
        if has_text:
            pool.append("narrative")
        if previous is not None:
            pool.append("carry")
            if chained_in_force is not None:
                pool.append("in_force")
            if has_text and previous.narrative:
                pool.append("repeat")
        kinds = rng.sample(pool, 2 if rng.randrange(5) == 0 else 1)
        if "repeat" in kinds and "fees" in kinds:
            kinds.remove("fees")
    for kind in kinds:
        if kind in PLANTS_ON_VALUES:
            PLANTS_ON_VALUES[kind](rng, plan, fmt)
        elif kind == "carry":
            assert previous is not None
            plant_carry(rng, plan, previous)
        elif kind == "in_force":
            plant_in_force(rng, plan)

    if has_text:
        plan.narrative = narrative(rng, year, values, charges_fees(values))
        if "repeat" in kinds:
            assert previous is not None
            plant_repeat(plan, previous, year)
        if "narrative" in kinds:
            plant_narrative(rng, plan)
    if "fees" in kinds:
        plant_fees(rng, plan, fmt)

    if any(v is None for v in values.values()):
        plan.expected.add("cells.blank")
    if not has_text:  # a statistics workbook: sections 一, 五 and 六 have no text
        plan.expected.add("narrative.section_missing")
    return plan, fmt, mixed


def to_report(plan: Plan, fmt: str, agency: str, year: int) -> Report:
    return Report(
        format=fmt,
        agency=agency,
        year=year,
        cells={a: Cell(v) for a, v in plan.values.items()},
        narrative={k: v for k, v in plan.narrative.items() if v},
    )


def next_previous(plan: Plan, fmt: str, year: int) -> Previous:
    v = plan.values
    return Previous(
        carried_forward={c: _int(v[f"requests.carried_forward.{c}"]) for c in APPLICANTS},
        in_force=(
            {rk: _int(v[f"proactive.{rk}.in_force"]) for rk in CHAIN_ROWS}
            if fmt == "2021"
            else None
        ),
        narrative=dict(plan.narrative),
        year=year,
    )


# -- files ---------------------------------------------------------------------------------


def variant_of(rng: random.Random, writer: str) -> str:
    """How a text report is stored: UTF-8 mostly, GB18030, with a BOM, or CRLF lines."""
    if writer != "txt":
        return ""
    pick = rng.randrange(20)
    return "gb18030" if pick < 2 else "bom" if pick < 3 else "crlf" if pick < 4 else ""


def encode(out: str | bytes, variant: str) -> bytes:
    """The bytes of a written report, in the encoding and line ends of ``variant``."""
    if isinstance(out, bytes):
        return out
    if variant == "gb18030":
        return out.encode("gb18030")
    if variant == "bom":
        return out.encode("utf-8-sig")
    if variant == "crlf":
        return out.replace("\n", "\r\n").encode("utf-8")
    return out.encode("utf-8")


def render_file(job: tuple[Report, str, str]) -> bytes:
    """One planned report written by the project's writer (pure: runs in any process)."""
    from gongkai.core.writers import render

    report, writer, variant = job
    return encode(render(report, writer), variant)


def not_reports(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """Files a crawl picks up that are no reports: each must be a failure with a reason."""
    yield "empty.txt", b""
    yield "image.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(200)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr(zipfile.ZipInfo("附件/说明.txt", (1980, 1, 1, 0, 0, 0)), "附件")
    yield "attachments.zip", zipped.getvalue()
    yield "binary.dat", bytes(rng.randrange(256) for _ in range(300))


@dataclass(frozen=True)
class ManifestLine:
    file: str
    agency: str | None
    year: int | None
    format: str | None
    writer: str
    variant: str
    mixed: bool
    planted: tuple[str, ...]
    expected: tuple[str, ...]
    cells: dict[str, str | None]
    failure: bool = False

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True)


def _show(v: Number | None) -> str | None:
    return None if v is None else str(v)


def _pick(rng: random.Random, weights: Mapping[str, int]) -> str:
    names = sorted(weights)
    return rng.choices(names, [weights[n] for n in names])[0]


def plan_corpus(
    count: int,
    seed: int = 0,
    formats: Mapping[str, int] | None = None,
    error_rate: float = 0.3,
    bad_files: bool = True,
) -> Iterator[tuple[str, bytes | tuple[Report, str, str], ManifestLine]]:
    """Every random choice of the corpus, in order, a series at a time: (path, the bytes
    of a file that is no report or what to render, manifest line)."""
    rng = random.Random(seed)
    weights = dict(formats or DEFAULT_FORMATS)
    made = 0
    if bad_files and count >= 20:
        for name, data in not_reports(rng):
            path = f"misc/{name}"
            yield path, data, ManifestLine(path, None, None, None, "", "", False, (), (), {}, True)
            made += 1
    seen: set[str] = set()
    series = 0
    while made < count:
        agency = agency_name(rng)
        while key_text(agency) in seen:
            agency = agency_name(rng)
        seen.add(key_text(agency))
        length = min(rng.choice((1, 1, 2, 3, 4, 5)), count - made)
        start = rng.randint(2019, 2027 - length)
        previous: Previous | None = None
        folder = f"{series // 50:03d}/{series:05d}"
        for year in range(start, start + length):
            writer = _pick(rng, weights)
            plan, fmt, mixed = plan_report(rng, year, writer, previous, error_rate)
            variant = variant_of(rng, writer)
            path = f"{folder}/{agency}{year}年政府信息公开工作年度报告.{writer}"
            line = ManifestLine(
                file=path,
                agency=agency,
                year=year,
                format=fmt,
                writer=writer,
                variant=variant,
                mixed=mixed,
                planted=tuple(plan.planted),
                expected=tuple(sorted(plan.expected)),
                cells={a: _show(v) for a, v in sorted(plan.values.items())},
            )
            yield path, (to_report(plan, fmt, agency, year), writer, variant), line
            made += 1
            previous = next_previous(plan, fmt, year)
        series += 1


def generate(
    count: int,
    seed: int = 0,
    formats: Mapping[str, int] | None = None,
    error_rate: float = 0.3,
    bad_files: bool = True,
    jobs: int = 1,
) -> Iterator[tuple[str, bytes, ManifestLine]]:
    """``count`` files (path, bytes, manifest line) in order, with flat memory. With
    ``bad_files`` a few files that are not reports come first (and count towards
    ``count``). With ``jobs`` > 1 the writers run in that many processes (XLSX and DOCX
    take a good part of a second each); the corpus is the same."""
    planned = plan_corpus(count, seed, formats, error_rate, bad_files)
    if jobs <= 1:
        for path, what, line in planned:
            yield path, what if isinstance(what, bytes) else render_file(what), line
        return

    window: deque[tuple[str, bytes | Future[bytes], ManifestLine]] = deque()
    with ProcessPoolExecutor(jobs) as pool:
        for path, what, line in planned:
            window.append(
                (path, what if isinstance(what, bytes) else pool.submit(render_file, what), line)
            )
            if len(window) >= jobs * 8:
                yield _done(window.popleft())
        while window:
            yield _done(window.popleft())


def _done(item: tuple[str, bytes | Future[bytes], ManifestLine]) -> tuple[str, bytes, ManifestLine]:
    path, data, line = item
    return path, data if isinstance(data, bytes) else data.result(), line


def write_corpus(
    root: Path,
    count: int,
    seed: int = 0,
    formats: Mapping[str, int] | None = None,
    error_rate: float = 0.3,
    bad_files: bool = True,
    jobs: int = 1,
) -> Path:
    """Write the corpus under ``root/reports`` and its manifest; return the manifest."""
    reports = root / "reports"
    manifest = root / "manifest.jsonl"
    root.mkdir(parents=True, exist_ok=True)
    with manifest.open("w", encoding="utf-8") as out:
        for path, data, line in generate(count, seed, formats, error_rate, bad_files, jobs):
            target = reports / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            out.write(line.to_json() + "\n")
    return manifest


def read_manifest(path: Path) -> Iterator[ManifestLine]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            d["planted"] = tuple(d["planted"])
            d["expected"] = tuple(d["expected"])
            yield ManifestLine(**d)


def parse_formats(text: str) -> dict[str, int]:
    """``txt,md`` (equal weights) or ``txt=3,md=1``."""
    out: dict[str, int] = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        out[name.strip()] = int(weight) if weight else 1
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="生成带有预置错误的年度报告语料（用于测试和基准）")
    p.add_argument("out", type=Path)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--formats", default="", help="如 txt,md 或 txt=3,md=1,docx=1")
    p.add_argument("--error-rate", type=float, default=0.3)
    p.add_argument("--no-bad-files", action="store_true")
    p.add_argument("--jobs", type=int, default=1, help="并行写出的进程数")
    args = p.parse_args(argv)
    formats = parse_formats(args.formats) if args.formats else None
    manifest = write_corpus(
        args.out, args.count, args.seed, formats, args.error_rate, not args.no_bad_files, args.jobs
    )
    print(manifest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
