"""Which column of an imported file is which, from the headings in ``import_columns.toml``."""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["KINDS", "Column", "columns", "match_header"]

KINDS = ("catalogue", "documents", "tallies")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str
    required: bool = False
    max: int | None = None
    aliases: tuple[str, ...] = ()


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    return "".join(t.split()).replace("(", "（").replace(")", "）").removesuffix("*")


@cache
def columns(kind: str) -> tuple[Column, ...]:
    text = resources.files("gongkai.proactive").joinpath("import_columns.toml").read_text("utf-8")
    return tuple(
        Column(
            c["key"],
            c["label"],
            c["type"],
            c.get("required", False),
            c.get("max"),
            tuple(c.get("aliases", ())),
        )
        for c in tomllib.loads(text)[kind]
    )


@cache
def _names(kind: str) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for c in columns(kind):
        for name in (c.label, *c.aliases):
            out.setdefault(_norm(name), c)
    return out


def match_header(kind: str, header: Sequence[str]) -> dict[str, int]:
    """Column key → position in ``header``; the first heading naming a column wins."""
    names = _names(kind)
    out: dict[str, int] = {}
    for i, h in enumerate(header):
        col = names.get(_norm(h))
        if col is not None and col.key not in out:
            out[col.key] = i
    return out
