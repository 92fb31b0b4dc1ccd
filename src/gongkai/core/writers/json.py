"""The interchange JSON (DESIGN.md): amounts as JSON numbers, Chinese unescaped."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from gongkai.core.report import Report


def _default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, default=_default) + "\n"


def write_json(report: Report, provenance: bool = False) -> str:
    return dumps(report.to_interchange(provenance=provenance))
