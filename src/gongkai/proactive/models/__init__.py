"""The records of proactive disclosure, one module per kind of record."""

from gongkai.proactive.models.catalogue import (
    Item,
    ItemAttachment,
    ItemChannel,
    ItemCounter,
    ItemQuerySet,
    SearchToken,
)
from gongkai.proactive.models.imports import ImportBatch
from gongkai.proactive.models.portal import Guide
from gongkai.proactive.models.registers import Matter, RegulatoryDocument, Response, Tally

__all__ = [
    "Guide",
    "ImportBatch",
    "Item",
    "ItemAttachment",
    "ItemChannel",
    "ItemCounter",
    "ItemQuerySet",
    "Matter",
    "RegulatoryDocument",
    "Response",
    "SearchToken",
    "Tally",
]
