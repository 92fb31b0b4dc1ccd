"""Making catalogue items and register entries the way the screens and importer do."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.cases.models import Agency
from gongkai.proactive.models import Item
from gongkai.proactive.services.catalogue import save_item


def item(
    agency: Agency,
    title: str,
    *,
    formed: date = date(2024, 3, 1),
    published: date | None = date(2024, 3, 5),
    channels: tuple[str, ...] = ("website",),
    **fields: Any,
) -> Item:
    fields.setdefault("category", "work")
    it = Item(agency=agency, title=title, formed_on=formed, published_on=published, **fields)
    return save_item(it, channels)
