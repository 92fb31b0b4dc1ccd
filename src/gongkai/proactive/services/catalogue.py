"""Saving a catalogue item: its 索引号, its Art. 26 deadline, its channels and its search
rows change together, in one transaction, or not at all."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from gongkai.cases.services.audit import Actor, record
from gongkai.cases.services.intake import retry_locked
from gongkai.proactive.models import Item, ItemAttachment, ItemChannel
from gongkai.proactive.services import deadlines, numbering, search
from gongkai.proactive.vocab import Channel
from gongkai.workdays import Calendar

__all__ = ["add_attachment", "save_item", "set_channels"]


def _number(item: Item) -> None:
    """A new item gets the next 索引号 of its year (the year it is published, or formed if
    still a draft); an imported number is kept, and one in our pattern moves the counter."""
    if item.index_number:
        own = numbering.own_serial(item.agency, item.index_number)
        if own is not None:
            item.year, item.serial = own
            numbering.take_serial(item.agency, *own)
        else:
            item.year = (item.published_on or item.formed_on).year
        return
    item.year = (item.published_on or item.formed_on).year
    item.serial = numbering.next_serial(item.agency, item.year)
    item.index_number = numbering.index_number(item.agency, item.year, item.serial)


def set_channels(item: Item, channels: Iterable[str]) -> None:
    wanted = set(channels)
    item.channels.exclude(channel__in=wanted).delete()
    have = set(item.channels.values_list("channel", flat=True))
    ItemChannel.objects.bulk_create(
        ItemChannel(item=item, channel=c) for c in Channel.values if c in wanted - have
    )


def save_item(
    item: Item,
    channels: Iterable[str],
    *,
    actor: Actor = None,
    calendar: Calendar | None = None,
    index: bool = True,
    audit: bool = True,
) -> Item:
    """Create or update ``item`` (validated by its form or import row already).

    ``index=False`` leaves the search rows to the caller (a bulk import indexes all its
    items at once afterwards); ``audit=False`` leaves the audit event to it too (one event
    for the whole import rather than one per row).
    """
    chosen = list(channels)
    new = item.pk is None
    if not item.publisher:
        item.publisher = item.agency.name

    def write() -> Item:
        with transaction.atomic():
            was_published = (
                not new and Item.objects.filter(pk=item.pk, published_on__isnull=False).exists()
            )
            if new:
                _number(item)
                if actor is not None and actor.is_authenticated:
                    item.created_by_id = actor.pk
            deadlines.refresh_due(item, calendar)
            item.save()
            set_channels(item, chosen)
            if index:
                search.reindex(item)
            if audit and (new or (item.published_on and not was_published)):
                what = "发布" if item.published_on else "登记"
                record(
                    "proactive_item",
                    f"主动公开信息{what}：{item.index_number}《{item.title}》",
                    actor=actor,
                    agency=item.agency,
                    name=None if actor else "系统导入",
                )
            return item

    return retry_locked(write)


def add_attachment(item: Item, name: str, content_type: str, data: bytes) -> ItemAttachment:
    return ItemAttachment.objects.create(
        item=item, name=name, content_type=content_type, size=len(data), data=data
    )
