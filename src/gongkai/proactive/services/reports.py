"""The 年度报告 list of an agency's portal, filled by whoever publishes the reports.

The annual report app (issue 6) registers a source in its ``AppConfig.ready``::

    from gongkai.proactive.services.reports import ReportLink, register_source

    @register_source
    def published(agency):
        return [ReportLink(r.year, r.title, r.get_absolute_url(), r.published_on) for r in …]

Until a source is registered the list is empty and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.cases.models import Agency

__all__ = ["ReportLink", "annual_reports", "register_source"]


@dataclass(frozen=True)
class ReportLink:
    year: int
    title: str
    url: str
    published_on: date | None = None


Source = Callable[[Agency], Iterable[ReportLink]]
_SOURCES: list[Source] = []


def register_source(source: Source) -> Source:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def annual_reports(agency: Agency) -> list[ReportLink]:
    links = [link for source in _SOURCES for link in source(agency)]
    return sorted(links, key=lambda r: (r.year, r.published_on or date.min), reverse=True)
