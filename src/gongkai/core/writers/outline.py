"""The report as the sequence of blocks every document writer prints, in order.

HTML, DOCX (and PDF through HTML) walk the same outline: the title, the preamble, then
for each of the six sections its heading, its narrative paragraphs and the tables that
belong to it (二, 三, 四 in their sections, the legacy 统计指标 table at the end of 六).
A narrative line that is a second-level heading of GB/T 9704's numbering (（一）…, short,
no sentence inside) is marked so writers can set it in 楷体 as official documents do;
its text is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.core.report import Report
from gongkai.core.template import LEGACY_KEY
from gongkai.core.writers.grid import Grid, grids
from gongkai.core.writers.layout import section_titles, title

_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。；;！？!?]{1,30}$")

# Which section a table is printed in: tables 二–四 in the section of the same key, the
# legacy table (which has no section of its own) in 六、其他需要报告的事项.
_SECTION_OF = {LEGACY_KEY: "other"}


@dataclass(frozen=True)
class Block:
    """``title``, ``heading`` (a section), ``subheading``, ``paragraph`` or ``table``."""

    kind: str
    text: str = ""
    key: str | None = None
    grid: Grid | None = None


def title_lines(report: Report) -> tuple[str, ...]:
    """The title as agencies print it: the agency on its own line above the year and the
    report's name; joined, the lines are exactly :func:`title`."""
    whole = title(report)
    agency = report.agency or ""
    if agency and whole.startswith(agency) and whole != agency:
        return (agency, whole[len(agency) :])
    return (whole,)


def paragraphs(text: str | None) -> Iterator[Block]:
    for line in (text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        kind = "subheading" if _SUBHEADING.match(line) else "paragraph"
        yield Block(kind, line)


def outline(report: Report) -> list[Block]:
    out = [Block("title", title(report))]
    out.extend(paragraphs(report.narrative.get("preamble")))
    tables = grids(report)
    for key, heading in section_titles():
        out.append(Block("heading", heading, key))
        out.extend(paragraphs(report.narrative.get(key)))
        for table_key, grid in tables.items():
            if _SECTION_OF.get(table_key, table_key) == key:
                out.append(Block("table", grid.heading, table_key, grid))
    return out
