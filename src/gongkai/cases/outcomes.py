"""The outcomes a request can end in: exactly the rows of table 三 of the 2021 format.

One source for the labels and legal bases: :mod:`gongkai.letters.outcomes`, which reads
the report core's template, so the decision form, the reply letter and the annual report
name an outcome the same way; a request counts in exactly one row (部分公开 only there).
"""

from __future__ import annotations

from functools import cache

from gongkai.letters.outcomes import Outcome, outcome, outcomes

__all__ = ["Outcome", "outcome", "outcome_choices", "outcomes"]


@cache
def outcome_choices() -> list[tuple[str, str]]:
    return [(o.key, o.full_label) for o in outcomes()]
