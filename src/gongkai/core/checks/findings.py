"""Findings: what a check says about a report, with the cells and where they were read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.core.report import Number, Report, Source

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class CellRef:
    address: str
    value: Number | None
    printed: str
    source: Source | None = None
    year: str = ""  # "上年" for a cell of last year's report

    @classmethod
    def of(cls, report: Report, address: str, year: str = "") -> CellRef:
        cell = report.cells.get(address)
        if cell is None:
            return cls(address, None, "", None, year)
        return cls(address, cell.value, cell.printed, cell.source, year)

    def describe(self) -> str:
        shown = self.printed if self.printed else "空白"
        where = f"，{self.source.where()}" if self.source else ""
        return f"{self.year}{self.address}={shown}{where}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "address": self.address,
            "value": _json_number(self.value),
            "printed": self.printed,
        }
        if self.year:
            out["report"] = "previous"
        if self.source is not None:
            out["source"] = self.source.to_json()
        return out


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    holds: str = ""
    cells: list[CellRef] = field(default_factory=list)
    diagnosis: str | None = None
    source: Source | None = None  # for findings about text rather than cells

    def location(self) -> Source | None:
        if self.source is not None:
            return self.source
        for c in self.cells:
            if c.source is not None and not c.year:
                return c.source
        return None

    def format(self, name: str) -> str:
        """One line: ``FILE:LINE: severity [rule] message（应满足：…）cells``."""
        loc = self.location()
        where = f"{name}:{loc.line}" if loc is not None and loc.line else name
        text = f"{where}: {self.severity} [{self.rule}] {self.message}"
        if self.holds:
            text += f"（应满足：{self.holds}）"
        if self.diagnosis:
            text += f" 诊断：{self.diagnosis}"
        if self.cells:
            text += " 单元格：" + "；".join(c.describe() for c in self.cells)
        return text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "holds": self.holds,
            "cells": [c.to_json() for c in self.cells],
        }
        if self.diagnosis:
            out["diagnosis"] = self.diagnosis
        if self.source is not None:
            out["source"] = self.source.to_json()
        return out


def _json_number(v: Number | None) -> int | float | None:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def fmt(v: Number | None) -> str:
    if v is None:
        return "空白"
    return str(_json_number(v))
