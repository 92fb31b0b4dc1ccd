"""The rule registry: metadata from ``templates/rules.toml``, checks registered by id.

Built-in checks use the same :func:`rule` decorator a plugin would, so adding a rule is
one entry in the TOML file and, unless it is an arithmetic identity, one function.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gongkai.core.checks.findings import Finding
from gongkai.core.report import Report


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: str
    title: str
    holds: str
    identity: dict[str, Any] | None


Check = Callable[[Report, Report | None], Iterable[Finding]]
_CHECKS: dict[str, Check] = {}


@cache
def rules() -> dict[str, RuleInfo]:
    text = resources.files("gongkai.core").joinpath("templates", "rules.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {
        r["id"]: RuleInfo(r["id"], r["severity"], r["title"], r["holds"], r.get("identity"))
        for r in data["rules"]
    }


def rule(rule_id: str) -> Callable[[Check], Check]:
    """Register a check for a rule id declared in rules.toml."""

    def register(fn: Check) -> Check:
        if rule_id not in rules():
            raise KeyError(f"rule {rule_id} is not declared in rules.toml")
        _CHECKS[rule_id] = fn
        return fn

    return register


def registered() -> dict[str, Check]:
    return dict(_CHECKS)


def finding(rule_id: str, message: str, **kw: Any) -> Finding:
    info = rules()[rule_id]
    severity = kw.pop("severity", info.severity)
    return Finding(rule_id, severity, message, holds=kw.pop("holds", info.holds), **kw)
