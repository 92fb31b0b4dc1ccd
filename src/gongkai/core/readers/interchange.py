"""Reading the interchange JSON (``gongkai.report/1``) back into a Report, so that every
command accepts what ``gongkai parse`` printed."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from gongkai.core.errors import ReportError
from gongkai.core.report import SCHEMA, Cell, Report, Source
from gongkai.core.template import FORMATS, LEGACY_KEY, NARRATIVE_KEYS, legacy_table, template


def read_interchange(text: str) -> Report:
    try:
        doc = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as e:
        raise ReportError(f"JSON 格式错误（第{e.lineno}行第{e.colno}列）：{e.msg}") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise ReportError(f'不是 gongkai 报告 JSON（缺少 "schema": "{SCHEMA}"）')
    return report_from_interchange(doc)


def report_from_interchange(doc: dict[str, Any]) -> Report:
    fmt = doc.get("format")
    if fmt != "legacy" and fmt not in FORMATS:
        raise ReportError(f"未知的报告格式“{fmt}”（应为 2019、2021 或 legacy）")
    year = doc.get("year")
    if year is not None and not isinstance(year, int):
        raise ReportError(f"year 应为整数，实为“{year}”")
    report = Report(format=str(fmt), agency=doc.get("agency"), year=year)
    sources = doc.get("sources") or {}
    if fmt in FORMATS:
        for table in template(str(fmt)).tables:
            for rk, cols in (doc.get(table.key) or {}).items():
                row = _row(table.key, table.row, rk)
                for col in row.columns:
                    if col.key in cols:
                        address = f"{table.key}.{rk}.{col.key}"
                        report.cells[address] = _cell(address, cols[col.key], sources.get(address))
    for rk, entry in (doc.get(LEGACY_KEY) or {}).items():
        _row(LEGACY_KEY, legacy_table().row, rk)
        address = f"{LEGACY_KEY}.{rk}.value"
        value = entry.get("value") if isinstance(entry, dict) else entry
        report.cells[address] = _cell(address, value, sources.get(address))
    narrative = doc.get("narrative") or {}
    report.narrative = {k: str(narrative[k]) for k in NARRATIVE_KEYS if narrative.get(k)}
    report.headings = {k for k in report.narrative} | {a.split(".")[0] for a in report.cells}
    return report


def _row(table: str, lookup: Any, key: str) -> Any:
    try:
        return lookup(key)
    except KeyError:
        raise ReportError(f"{table} 中没有“{key}”这一行") from None


def _cell(address: str, value: Any, source: Any) -> Cell:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | Decimal)):
        raise ReportError(
            f"{address} 的值应为数字或 null，实为 {json.dumps(value, ensure_ascii=False)}"
        )
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    src = Source.from_json(source) if isinstance(source, dict) and "text" in source else None
    return Cell(value, src)
