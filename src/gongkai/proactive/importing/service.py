"""The import's database side: what already exists, and writing the accepted rows."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.cases import clock
from gongkai.cases.models import Agency
from gongkai.cases.services.audit import Actor, record
from gongkai.proactive.importing.rows import Existing, Report, check_sheet, header_test
from gongkai.proactive.importing.table import TableError, read_table
from gongkai.proactive.models import Item, RegulatoryDocument, Tally
from gongkai.proactive.services import search
from gongkai.proactive.services.catalogue import save_item

__all__ = ["apply", "check"]


def _existing(agency: Agency, kind: str) -> Existing:
    today = clock.today()
    if kind == "catalogue":
        rows = Item.objects.filter(agency=agency).values_list(
            "index_number", "title", "document_number", "published_on"
        )
        items = {(t, n, p): idx for idx, t, n, p in rows.iterator(chunk_size=5000)}
        return Existing(today, agency.name, index_numbers=frozenset(items.values()), items=items)
    if kind == "tallies":
        keys = Tally.objects.filter(agency=agency).values_list("kind", "year", "month")
        return Existing(today, agency.name, tallies=frozenset(keys))
    docs = RegulatoryDocument.objects.filter(agency=agency).values_list("kind", "document_number")
    return Existing(today, agency.name, documents=frozenset(docs))


def check(agency: Agency, kind: str, filename: str, data: bytes) -> Report:
    """The dry run: every row checked, nothing written."""
    try:
        sheet = read_table(data, header_test(kind))
    except TableError as e:
        return Report(kind, filename, error=e.message)
    return check_sheet(kind, filename, sheet, _existing(agency, kind))


def _write_catalogue(agency: Agency, values: list[dict[str, Any]], actor: Actor) -> None:
    cal = clock.calendar()
    made = []
    for v in values:
        channels = v.pop("channels")
        item = Item(agency=agency, **v)
        made.append(save_item(item, channels, actor=actor, calendar=cal, index=False, audit=False))
    search.index_items(made, replace=False)


def _write_documents(agency: Agency, values: list[dict[str, Any]]) -> None:
    for v in values:
        RegulatoryDocument.objects.update_or_create(
            agency=agency, kind=v.pop("kind"), document_number=v.pop("document_number"), defaults=v
        )


def _write_tallies(agency: Agency, values: list[dict[str, Any]], source: str, actor: Actor) -> None:
    user = actor if actor is not None and actor.is_authenticated else None
    for v in values:
        year, month = v.pop("month")
        Tally.objects.update_or_create(
            agency=agency,
            kind=v.pop("kind"),
            year=year,
            month=month,
            defaults={**v, "source": source, "entered_by": user},
        )


def apply(agency: Agency, kind: str, filename: str, data: bytes, *, actor: Actor = None) -> Report:
    """Check, then write every accepted row in one transaction; the report says what was
    written and what was rejected."""
    report = check(agency, kind, filename, data)
    if report.error or not report.accepted:
        return report
    values = [dict(a.values) for a in report.accepted]
    with transaction.atomic():
        if kind == "catalogue":
            _write_catalogue(agency, values, actor)
        elif kind == "documents":
            _write_documents(agency, values)
        else:
            _write_tallies(agency, values, filename, actor)
        report.applied = True
        record(
            "proactive_import",
            report.summary(),
            actor=actor,
            agency=agency,
            name=None if actor is not None else "命令行导入",
        )
    return report
