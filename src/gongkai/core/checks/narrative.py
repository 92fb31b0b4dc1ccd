"""Rules that read the narrative: figures it states, sections it must have, the
信息处理费 it must report, and text copied from last year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from gongkai.core.checks.facts import facts
from gongkai.core.checks.figures import stated_figures
from gongkai.core.checks.findings import CellRef, Finding, fmt
from gongkai.core.checks.registry import finding, rule
from gongkai.core.labels import key_text
from gongkai.core.report import Number, Report, Source
from gongkai.core.template import FORMATS, sections, template


def _total(report: Report, addresses: tuple[str, ...]) -> Number | None:
    vals = [report.value(a) for a in addresses]
    if all(v is None for v in vals):
        return None
    return sum(v for v in vals if v is not None)


@rule("narrative.matches_table")
def matches_table(report: Report, previous: Report | None) -> Iterator[Finding]:
    for s in stated_figures(report):
        table = _total(report, s.figure.cells)
        if table is None:
            continue
        readings = [_total(report, alt) for alt in s.figure.also]
        if s.number == table or s.number in readings:
            continue
        names = "＋".join(a.split(".")[1] for a in s.figure.cells)
        yield finding(
            "narrative.matches_table",
            f"正文称“{s.printed}”（{s.figure.name}{s.number}件），表格中{names}为{fmt(table)}",
            cells=[CellRef.of(report, a) for a in s.figure.cells],
            source=s.source,
        )


_NOTHING = {"无", "暂无", "无问题", "没有", "无存在问题", "无相关情况"}


@cache
def _first_cells(table_key: str) -> tuple[str, ...]:
    """The first cell of each row of a table in any format: one of them is in nearly every
    report that prints the table, which saves looking at every address."""
    first: dict[str, None] = {}
    for f in FORMATS:
        for table in template(f).tables:
            if table.key == table_key:
                first.update(
                    (f"{table.key}.{r.key}.{r.columns[0].key}", None)
                    for r in table.rows
                    if r.columns
                )
    return tuple(first)


def _has_table(report: Report, table_key: str) -> bool:
    """Whether some cell of ``report`` is in the table."""
    cells = report.cells
    if not cells.keys().isdisjoint(_first_cells(table_key)):
        return True
    return any(a.split(".")[0] == table_key for a in cells)


_WORD = re.compile(r"[^\W_]")


def _has_words(text: str) -> bool:
    """Whether ``key_text(text)`` would be non-empty: a word character found at once
    answers it without folding the whole section."""
    return _WORD.search(text) is not None or bool(key_text(text))


@rule("narrative.section_missing")
def section_missing(report: Report, previous: Report | None) -> Iterator[Finding]:
    for sec in sections():
        if sec.key in ("proactive", "requests", "reviews"):
            present = bool(report.narrative.get(sec.key)) or _has_table(report, sec.key)
        else:
            present = _has_words(report.narrative.get(sec.key, ""))
        if not present:
            how = "缺少" if sec.key not in report.headings and report.headings else "内容为空"
            yield finding(
                "narrative.section_missing", f"第{sec.number}部分“{sec.number}、{sec.title}”{how}"
            )
        elif sec.key == "problems" and key_text(report.narrative["problems"]) in _NOTHING:
            yield finding(
                "narrative.section_missing",
                f"第五部分“{sec.number}、{sec.title}”只写了“{report.narrative['problems'].strip()}”，应写明实际存在的问题和改进措施",
                source=_first_line(report, "problems"),
            )


_FEE = re.compile(r"处理费")
_FEE_ROW = "proactive.fees."


@cache
def _fee_cells(fmt: str) -> tuple[str, ...]:
    return tuple(a for a in template(fmt).proactive.addresses() if a.startswith(_FEE_ROW))


@rule("narrative.fees_disclosed")
def fees_disclosed(report: Report, previous: Report | None) -> Iterator[Finding]:
    if _FEE.search(report.narrative.get("other", "")):
        return
    unpaid = (report.value("requests.other_unpaid_fee.total") or 0) > 0
    if not unpaid and facts(report).only_tables() and not _charged_somewhere(report):
        return  # (the fee cells are then the template's: no need to go through all cells)
    charged = [a for a in report.cells if a.startswith(_FEE_ROW) and (report.value(a) or 0) > 0]
    if not charged and not unpaid:
        return
    why = "表二行政事业性收费大于0" if charged else "有申请因逾期未缴纳信息处理费而终止"
    cells = [*charged, *(["requests.other_unpaid_fee.total"] if unpaid else [])]
    yield finding(
        "narrative.fees_disclosed",
        f"{why}，但第六部分“其他需要报告的事项”未报告信息处理费收取情况",
        cells=[CellRef.of(report, a) for a in cells],
        source=_first_line(report, "other"),
    )


def _charged_somewhere(report: Report) -> bool:
    return any((report.value(a) or 0) > 0 for a in _fee_cells(report.format))


_SENTENCE_ENDS = "。！？；"


def _sentences(report: Report) -> list[str]:
    """The sentences of the narrative (a line break ends one too) as compared text. The
    marks are replaced and split on with ``str`` methods: a regex scan of the text with a
    class of CJK marks took longer than everything else of the rule."""
    text = "\n".join(v for k, v in report.narrative.items() if k not in ("preamble",))
    for mark in _SENTENCE_ENDS:
        text = text.replace(mark, "\n")
    return [s for s in map(key_text, filter(None, text.split("\n"))) if len(s) >= 8]


@rule("narrative.repeats_last_year")
def repeats_last_year(report: Report, previous: Report | None) -> Iterator[Finding]:
    if previous is None:
        return
    now = _sentences(report)
    before = set(_sentences(previous))
    total = sum(len(s) for s in now)
    if total == 0:
        return
    repeated = sum(len(s) for s in now if s in before)
    share = repeated / total
    if share > 0.5:
        yield finding(
            "narrative.repeats_last_year",
            f"正文有{share:.0%}的文字与上年报告逐字相同",
        )


def _first_line(report: Report, key: str) -> Source | None:
    lines = report.narrative_sources.get(key)
    return lines[0] if lines else None
