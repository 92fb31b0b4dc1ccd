"""The outcomes a request can end in: exactly the rows of table 三 of the 2021 format.

Labels come from the report core's template, so the officer's choice on screen reads the
same words the annual report prints, and a request counts in exactly one row (部分公开
only there). The legal basis is what the reply letter cites.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from gongkai.core.template import template

__all__ = ["Outcome", "outcome", "outcome_choices", "outcomes"]

# The article of the 条例 (and, for fees, 国办函〔2020〕109号) each outcome rests on.
_BASIS: dict[str, str] = {
    "granted": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    "partly_granted": "《中华人民共和国政府信息公开条例》第三十七条",
    "withheld_state_secret": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "withheld_prohibited_by_law": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "withheld_security_stability": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "withheld_third_party": "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项",
    "withheld_internal_affairs": "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
    "withheld_process_info": "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    "withheld_enforcement_file": "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    "withheld_administrative_query": "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    "unable_not_held": "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
    "unable_needs_creation": "《中华人民共和国政府信息公开条例》第三十八条",
    "unable_unclear": "《中华人民共和国政府信息公开条例》第三十条",
    "not_processed_complaint": "《中华人民共和国政府信息公开条例》第三十九条第一款",
    "not_processed_duplicate": "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    "not_processed_publication": "《中华人民共和国政府信息公开条例》第三十九条第二款",
    "not_processed_excessive": "《中华人民共和国政府信息公开条例》第三十五条",
    "not_processed_confirm": "《中华人民共和国政府信息公开条例》第三十六条",
    "other_overdue_correction": "《中华人民共和国政府信息公开条例》第三十条",
    "other_unpaid_fee": "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "other_other": "《中华人民共和国政府信息公开条例》第三十六条",
}

# Outcomes that refuse something: their letters state the applicant's remedies.
REFUSALS = frozenset(k for k in _BASIS if k != "granted")


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str  # the row's own words, e.g. 1.属于国家秘密
    group: str  # the heading it sits under, e.g. （三）不予公开
    basis: str

    @property
    def full_label(self) -> str:
        """What a person reads on screen: group and row, without the row number."""
        own = self.label.split("（区分处理")[0]
        if self.group and self.group != "三、本年度办理结果":
            return f"{self.group.split('）', 1)[1]}：{own.split('.', 1)[-1]}"
        return own.split("）", 1)[-1]


@cache
def outcomes() -> tuple[Outcome, ...]:
    table = template("2021").requests
    out = []
    for row in table.rows:
        if "outcome" not in row.tags or row.key not in template("2021").default_rows:
            continue
        out.append(Outcome(row.key, row.label, row.under[-1] if row.under else "", _BASIS[row.key]))
    return tuple(out)


def outcome(key: str) -> Outcome:
    for o in outcomes():
        if o.key == key:
            return o
    raise KeyError(key)


def outcome_choices() -> list[tuple[str, str]]:
    return [(o.key, o.full_label) for o in outcomes()]
