"""The outcomes a reply letter can state: the rows of table 三 (2021) with their legal basis.

Labels come from the report core's template, bases and wording from ``outcomes.toml``,
so the letters, the decision form and the annual report name an outcome the same way.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from gongkai.core.template import template
from gongkai.letters.context import LetterError

__all__ = ["Outcome", "outcome", "outcomes"]


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str  # as table 三 prints it, without its number: 属于国家秘密
    group: str  # the heading above it without its number, or the label itself: 不予公开
    basis: str
    finding: str
    decision: str
    needs: tuple[str, ...] = ()

    @property
    def full_label(self) -> str:
        """予以公开; 不予公开（属于国家秘密）."""
        return self.label if self.group == self.label else f"{self.group}（{self.label}）"


def _bare(label: str) -> str:
    """The label without its printed number: （三）不予公开 → 不予公开; 1.属于国家秘密 → 属于国家秘密."""
    if label.startswith("（") and "）" in label:
        label = label.split("）", 1)[1]
    head, dot, rest = label.partition(".")
    if dot and head.isdigit():
        label = rest
    # （二）部分公开（区分处理的，只计这一情形，不计其他情形）: the note is for the report only.
    return label.split("（", 1)[0] if label.startswith("部分公开") else label


@cache
def outcomes() -> tuple[Outcome, ...]:
    """Every outcome of the 2021 format, in template order."""
    data = tomllib.loads(resources.files(__package__).joinpath("outcomes.toml").read_text("utf-8"))
    t = template("2021")
    rows = [r for r in t.requests.rows if "outcome" in r.tags and r.key in t.default_rows]
    if [r.key for r in rows] != list(data):
        raise RuntimeError("outcomes.toml must list the 2021 outcome rows of table 三, in order")
    out = []
    for r in rows:
        d = data[r.key]
        group = _bare(r.under[-1]) if len(r.under) > 1 else _bare(r.label)
        out.append(
            Outcome(
                key=r.key,
                label=_bare(r.label),
                group=group,
                basis=d["basis"],
                finding=d["finding"],
                decision=d["decision"],
                needs=tuple(d.get("needs", ())),
            )
        )
    return tuple(out)


def outcome(key: str) -> Outcome:
    for o in outcomes():
        if o.key == key:
            return o
    raise LetterError(f"办理结果“{key}”不是年度报告表三（2021年格式）中的一项")
