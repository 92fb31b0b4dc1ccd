"""The narrative drafted from the figures, for the officer to edit before publication.

The sentences state the counts in the words ``narrative.matches_table`` reads (收到…申请
N件, 上年结转…N件, 办结N件, 结转下年度继续办理N件, 行政复议N件, 行政诉讼N件), so a draft
agrees with its tables, and an edit that changes a figure is caught by the check.
Section 五 (problems) is left empty: only the officer knows them, and the check says so.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from gongkai.annual.counts import Counted, FeesPaid
from gongkai.core.report import Report
from gongkai.core.template import template
from gongkai.proactive.counting import narrative_sentence

GROUPS = (
    ("予以公开", ("granted",)),
    ("部分公开", ("partly_granted",)),
    ("不予公开", ("withheld_",)),
    ("无法提供", ("unable_",)),
    ("不予处理", ("not_processed_",)),
    ("其他处理", ("other_",)),
)


def _n(report: Report, address: str) -> int:
    v = report.value(address)
    return int(v) if v is not None else 0


@cache
def _groups(fmt: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each outcome group's label and the total cells of its rows in ``fmt``."""
    rows = [r.key for r in template(fmt).requests.rows if r.key in template(fmt).default_rows]
    return tuple(
        (label, tuple(f"requests.{r}.total" for r in rows if r.startswith(prefixes)))
        for label, prefixes in GROUPS
    )


def draft(name: str, counted: Counted, report: Report) -> dict[str, str]:
    """The sections of the report of the agency called ``name`` for the year of
    ``counted``, whose tables ``report`` holds."""
    year = counted.year
    new = _n(report, "requests.new_received.total")
    over = _n(report, "requests.carried_over.total")
    done = _n(report, "requests.total_processed.total")
    forward = _n(report, "requests.carried_forward.total")
    recon = _n(report, "reviews.reconsideration.total")
    lit = _n(report, "reviews.litigation_direct.total") + _n(
        report, "reviews.litigation_after_reconsideration.total"
    )
    outcomes = "，".join(
        f"{label}{sum(_n(report, a) for a in cells)}件" for label, cells in _groups(report.format)
    )
    return {
        "preamble": (
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定，"
            f"由{name}编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        ),
        "overview": (
            f"{year}年，{name}认真贯彻落实《条例》，依法做好政府信息公开工作。"
            f"本年度共收到政府信息公开申请{new}件，上年结转政府信息公开申请{over}件，"
            f"本年度办结{done}件，结转下年度继续办理{forward}件。"
            f"本年度涉及政府信息公开的行政复议{recon}件，行政诉讼{lit}件。"
        ),
        "proactive": narrative_sentence(name, counted.catalogue_figures()),
        "requests": f"本年度办结的申请中，{outcomes}。",
        "reviews": f"本年度发生政府信息公开行政复议{recon}件，行政诉讼{lit}件。",
        "problems": "",
        "other": _fees(counted.fees),
    }


def _fees(paid: FeesPaid) -> str:
    if not paid.count:
        return "本年度未收取信息处理费。"
    total = paid.amount.quantize(Decimal("0.01"))
    return f"本年度依法收取信息处理费{paid.count}笔，共计{total}元。"
