"""For each rule: break it in a report derived from a seed and see the finding.

Edits are made to the seed *text* (by line number, as printed in seed 000), so each test
runs the reader and the checks together as a user's file would.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.core.checks import Finding, check, check_rollup
from gongkai.core.readers.text import read_text
from gongkai.core.report import Cell, Report

from .conftest import CORPUS, SEED_000, SEED_002

# line numbers in seed 000 (1-based)
NEW_RECEIVED = range(80, 87)
UNABLE_NOT_HELD = range(191, 198)
CARRIED_FORWARD = range(282, 289)
REVIEWS = range(309, 324)
PROBLEMS = range(324, 337)


def seed(edits: dict[int, str] | None = None, drop: range | None = None, after: dict[int, str] | None = None) -> str:
    lines = SEED_000.read_text("utf-8").splitlines()
    for n, text in (edits or {}).items():
        lines[n - 1] = text
    for n, text in sorted((after or {}).items(), reverse=True):
        lines.insert(n, text)
    if drop is not None:
        del lines[drop.start - 1 : drop.stop - 1]
    return "\n".join(lines) + "\n"


def findings(text: str, previous: Report | None = None) -> list[Finding]:
    return check(read_text(text), previous)


def of(rule: str, fs: list[Finding]) -> list[Finding]:
    return [f for f in fs if f.rule == rule]


def test_requests_balance(shared: Path) -> None:
    fs = findings(seed({282: "1", 288: "1"}))
    hits = of("requests.balance", fs)
    assert [f.cells[0].address for f in hits] == [
        "requests.new_received.natural_person",
        "requests.new_received.total",
    ]
    assert all(f.severity == "error" for f in hits)
    assert "相差-1" in hits[0].message
    assert {c.address: c.printed for c in hits[0].cells}["requests.carried_forward.natural_person"] == "1"
    assert hits[0].cells[3].source.line == 282


def test_requests_outcomes_sum(shared: Path) -> None:
    fs = findings(seed({191: "5", 197: "5"}))
    hits = of("requests.outcomes_sum", fs)
    assert [f.cells[0].address for f in hits] == [
        "requests.total_processed.natural_person",
        "requests.total_processed.total",
    ]
    assert not of("requests.balance", fs) and not of("requests.row_total", fs)


def test_requests_row_total(shared: Path) -> None:
    hits = of("requests.row_total", findings(seed({86: "7"})))
    assert len(hits) == 1
    assert hits[0].cells[0].address == "requests.new_received.total"
    assert "总计7" in hits[0].message and "6项之和6" in hits[0].message


def test_reviews_group_total(shared: Path) -> None:
    hits = of("reviews.group_total", findings(seed({313: "3"})))
    assert [f.cells[0].address for f in hits] == ["reviews.reconsideration.total"]
    assert hits[0].cells[0].source.line == 313


def test_cells_non_negative_except_change(shared: Path) -> None:
    fs = findings(seed({21: "-1", 35: "-2"}))  # 规章 本年新制作数量; 行政许可 本年增/减
    hits = of("cells.non_negative", fs)
    assert [f.cells[0].address for f in hits] == ["proactive.rules.new_made"]
    assert read_text(seed({35: "-2"})).value("proactive.licensing.change") == -2
    assert read_text(seed({35: "+1"})).value("proactive.licensing.change") == 1
    frac = of("cells.non_negative", findings(seed({80: "5.5", 86: "5.5"})))
    assert [f.cells[0].address for f in frac] == ["requests.new_received.natural_person", "requests.new_received.total"]


def test_cells_blank_is_null_never_zero(shared: Path) -> None:
    for mark in ("—", "/", "无", "——"):
        report = read_text(seed({22: mark}))
        assert report.value("proactive.rules.new_published") is None
        assert report.cells["proactive.rules.new_published"].printed == mark
        hits = of("cells.blank", check(report))
        assert [c.address for f in hits for c in f.cells] == ["proactive.rules.new_published"]
        assert hits[0].severity == "warning"


def test_blank_read_as_zero_by_the_arithmetic_and_said(shared: Path) -> None:
    fs = findings(seed({80: "—"}))
    row = of("requests.row_total", fs)
    assert len(row) == 1 and "空白单元格按0计" in row[0].message
    assert of("cells.blank", fs)


def test_narrative_matches_table(shared: Path) -> None:
    sentence = "本年度共收到政府信息公开申请{}件，均按时答复。"
    bad = findings(seed(after={5: sentence.format(7)}))
    hits = of("narrative.matches_table", bad)
    assert len(hits) == 1 and hits[0].source.line == 6
    assert hits[0].cells[0].address == "requests.new_received.total"
    assert not of("narrative.matches_table", findings(seed(after={5: sentence.format(6)})))
    review = of("narrative.matches_table", findings(seed(after={5: "被申请行政复议3件。"})))
    assert [f.cells[0].address for f in review] == ["reviews.reconsideration.total"]


def test_narrative_section_missing(shared: Path) -> None:
    hits = of("narrative.section_missing", findings(seed(drop=PROBLEMS)))
    assert (len(hits) == 1 and "第五部分" in hits[0].message) or "第五" in hits[0].message
    nothing = seed({n: "" for n in range(325, 337)} | {325: "无"})
    hits = of("narrative.section_missing", findings(nothing))
    assert len(hits) == 1 and "只写了“无”" in hits[0].message


def test_narrative_fees_disclosed(shared: Path) -> None:
    hits = of("narrative.fees_disclosed", findings(seed({59: "1"})))  # 行政事业性收费 上一年项目数量
    assert len(hits) == 1 and hits[0].severity == "error"
    disclosed = seed({59: "1"}, after={345: "本年度未收取信息处理费。"})
    assert not of("narrative.fees_disclosed", findings(disclosed))


def test_narrative_repeats_last_year(shared: Path) -> None:
    last_year = read_text(seed({1: "\t鄞江镇人民政府2018年政府信息公开工作年度报告"}))
    hits = of("narrative.repeats_last_year", findings(seed(), last_year))
    assert len(hits) == 1 and hits[0].severity == "warning"
    other = read_text(SEED_002.read_text("utf-8"))
    assert not of("narrative.repeats_last_year", check(read_text(seed()), other))


def test_year_carry_chain(shared: Path) -> None:
    last_year = read_text(seed({1: "\t鄞江镇人民政府2018年政府信息公开工作年度报告", 282: "1", 288: "1"}))
    hits = of("year.carry_chain", findings(seed(), last_year))
    assert [f.cells[0].address for f in hits] == [
        "requests.carried_over.natural_person",
        "requests.carried_over.total",
    ]
    assert hits[0].cells[1].year == "上年" and hits[0].cells[1].printed == "1"


def test_year_chain_needs_consecutive_years(shared: Path) -> None:
    same_year = read_text(seed({282: "1", 288: "1"}))
    fs = of("year.carry_chain", findings(seed(), same_year))
    assert [f.severity for f in fs] == ["note"]


def test_year_in_force_chain(shared: Path) -> None:
    text23 = (CORPUS / "hongze-district-gov-2023.pypdf-extract.txt").read_text("utf-8")
    prev = read_text(text23.replace("行政规范性文件 0 5 5", "行政规范性文件 0 5 4"))
    report = read_text((CORPUS / "hongze-district-gov-2024.pypdf-extract.txt").read_text("utf-8"))
    hits = of("year.in_force_chain", check(report, prev))
    assert [f.cells[0].address for f in hits] == ["proactive.normative_documents.in_force"]
    assert "上年现行有效件数4" in hits[0].message


def test_rollup_sum(shared: Path) -> None:
    a = read_text(seed())
    b = read_text(seed({80: "2", 86: "2", 191: "2", 197: "2", 274: "2", 280: "2"}))
    total = Report(format="2019", agency="海曙区", year=2019)
    for address in a.all_addresses():
        total.cells[address] = Cell((a.value(address) or 0) + (b.value(address) or 0))
    assert check_rollup(total, {"甲镇": a, "乙镇": b}) == []
    total.cells["requests.new_received.total"] = Cell(9)
    fs = check_rollup(total, {"甲镇": a, "乙镇": b, "丙镇": None})
    assert [f.severity for f in fs] == ["warning", "error"]
    assert "丙镇" in fs[0].message
    assert fs[1].cells[0].address == "requests.new_received.total" and "各单位之和为8" in fs[1].message


def test_split_number_is_diagnosed_as_a_reading_error(shared: Path) -> None:
    # table 四 printed 10 2 0 0 12 | 0 0 0 0 0 | 0 0 0 2 2, with "10" split into "1" "0"
    values = ["1", "0", "2", "0", "0", "12", "0", "0", "0", "0", "0", "0", "0", "0", "2", "2"]
    lines = SEED_000.read_text("utf-8").splitlines()
    lines[308:323] = values
    fs = findings("\n".join(lines))
    group = of("reviews.group_total", fs)
    assert group and all(f.diagnosis and "“1”" in f.diagnosis and "“10”" in f.diagnosis for f in group)
    assert of("read.extra_values", fs)


def test_no_reading_error_diagnosed_where_no_shift_explains_the_error(shared: Path) -> None:
    # the 总计 of 总计 printed 13 instead of 6: an error of the table, and no shift of
    # printed digits explains it (seed 000's rows of zeros once "explained" it as "0" and
    # "0" read apart from one number "00", which nobody prints)
    fs = findings(seed({280: "13"}))
    wrong = of("requests.outcomes_sum", fs)
    assert wrong and [f.diagnosis for f in wrong] == [None] * len(wrong)


def test_reading_findings(shared: Path) -> None:
    fuzzy = findings(seed({143: "4.保护第三方合法权利"}))
    assert [f.rule for f in fuzzy] == ["read.fuzzy_match"]
    missing = findings(seed(drop=range(143, 152)))  # the whole 4.保护第三方合法权益 row
    assert [f.rule for f in of("read.row_missing", missing)] == ["read.row_missing"]
    assert of("cells.blank", missing)
    # one value of that row gone: the empty line after its label is the empty cell
    short_text = seed(drop=range(151, 152))
    assert read_text(short_text).value("requests.withheld_third_party.natural_person") is None
    assert [f.rule for f in findings(short_text)] == ["cells.blank"]
    # a row-a-line table with a value gone has no empty cell to stand for it
    row_line = "\n".join(
        line.replace("4.保护第三方合法权益 0 0 0 0 0 0 0", "4.保护第三方合法权益 0 0 0 0 0 0")
        for line in (CORPUS / "hongze-district-gov-2023.pypdf-extract.txt").read_text("utf-8").splitlines()
    )
    assert "read.values_missing" in {f.rule for f in findings(row_line)}


def test_figure_search_skips_only_what_cannot_match(shared: Path) -> None:
    # narrative.matches_table looks for a figure only in a section holding the text its
    # matches need, and only where a match can start; it must find what a plain scan does
    from gongkai.core.checks.figures import figures, gate, held_texts
    from gongkai.core.checks.literals import find_anchored

    sections = []
    for path in sorted([*SEED_000.parent.glob("*.txt"), *CORPUS.glob("*.txt"), *CORPUS.glob("*.md")]):
        text = path.read_text("utf-8")
        sections += [text, text.replace("\n", ""), *text.split("\n\n")]
    sections += ["本年度共受理政府信息公开申请1,234件，办结12件，5件申请结转至下一年度，行政复议3起。"]
    found = 0
    for section in sections:
        held = held_texts(section)
        for fig in figures():
            plain = [(m.span(), m.groups()) for m in fig.pattern.finditer(section)]
            found += len(plain)
            if plain:
                assert fig.needs <= held and all(held & c for c in fig.needs_one), fig.name
                assert any(t in section for t in gate() or ("",)), fig.name
            if fig.anchors is not None:
                anchored = find_anchored(fig.pattern, fig.anchors, section)
                assert [(m.span(), m.groups()) for m in anchored] == plain, fig.name
    assert found > 10  # the corpus states figures, so the comparison means something
