"""The 公开目录: items with their catalogue entry, channels, files and search tokens."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from gongkai.cases.models import Agency
from gongkai.proactive.vocab import Category, Channel, Validity


class ItemCounter(models.Model):
    """The last 索引号 serial given for (agency, year), bumped in the item's own transaction
    (as request tracking numbers are), so a rolled-back item gives its number back."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["agency", "year"], name="one_item_counter_per_year"),
        )


class ItemQuerySet(models.QuerySet["Item"]):
    def published(self) -> ItemQuerySet:
        """What the public portal shows."""
        return self.filter(published_on__isnull=False)

    def published_in(self, year: int) -> ItemQuerySet:
        return self.filter(published_on__gte=date(year, 1, 1), published_on__lte=date(year, 12, 31))

    def late(self) -> ItemQuerySet:
        """Published after the Art. 26 deadline."""
        return self.filter(published_on__gt=models.F("due_on"))

    def overdue(self, today: date) -> ItemQuerySet:
        """Not published and past the Art. 26 deadline."""
        return self.filter(published_on__isnull=True, due_on__lt=today)


class Item(models.Model):
    """One proactively disclosed piece of information and its catalogue entry.

    ``published_on`` empty is a draft the officer is preparing; its Art. 26 deadline runs
    all the same. ``due_on`` is stored (not computed on the fly) so lists can filter and
    sort overdue items in the database; it is recomputed when the item's dates change or an
    administrator enters a year's holidays.
    """

    agency = models.ForeignKey(
        Agency, verbose_name="公开主体", on_delete=models.PROTECT, related_name="proactive_items"
    )
    year = models.PositiveSmallIntegerField("索引号年度")
    serial = models.PositiveIntegerField("索引号流水号", null=True, blank=True)
    index_number = models.CharField("索引号", max_length=60)
    title = models.CharField("标题", max_length=300)
    publisher = models.CharField("发布机构", max_length=100)
    document_number = models.CharField("文号", max_length=100, blank=True)
    formed_on = models.DateField("成文日期")
    changed_on = models.DateField("变更日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    due_on = models.DateField("公开期限")
    due_provisional = models.BooleanField("期限暂定", default=False)
    category = models.CharField("主题分类", max_length=20, choices=Category.choices)
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, blank=True, default=""
    )
    body = models.TextField("正文", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        ordering = ("-published_on", "-id")
        constraints = (
            models.UniqueConstraint(fields=["agency", "index_number"], name="index_number_once"),
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="item_serial_once"),
            models.CheckConstraint(
                condition=models.Q(published_on__isnull=True)
                | models.Q(published_on__gte=models.F("formed_on")),
                name="published_after_formed",
            ),
        )
        indexes = (
            models.Index(fields=["agency", "published_on", "id"], name="item_agency_pub"),
            models.Index(
                fields=["agency", "category", "published_on", "id"], name="item_agency_cat_pub"
            ),
            models.Index(fields=["category", "published_on", "id"], name="item_cat_pub"),
            models.Index(fields=["published_on", "id"], name="item_pub"),
            models.Index(fields=["agency", "due_on"], name="item_agency_due"),
        )

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"

    @property
    def clock_from(self) -> date:
        """The day the Art. 26 period runs from: formed, or changed if it was."""
        return max(self.formed_on, self.changed_on) if self.changed_on else self.formed_on

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    @property
    def is_late(self) -> bool:
        return self.published_on is not None and self.published_on > self.due_on

    def is_overdue(self, today: date) -> bool:
        return self.published_on is None and today > self.due_on

    @property
    def validity_label(self) -> str:
        return Validity(self.validity).label


class ItemChannel(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField("发布渠道", max_length=12, choices=Channel.choices)
    url = models.URLField("链接", blank=True)

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(fields=["item", "channel"], name="channel_once_per_item"),
        )

    def __str__(self) -> str:
        return Channel(self.channel).label


class ItemAttachment(models.Model):
    """A file published with an item (the document itself, a table, an image)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.name


class SearchToken(models.Model):
    """One word of a published item, for full-text search that works for Chinese.

    Titles and bodies are segmented with jieba (:mod:`gongkai.proactive.segment`); a row per
    (item, word) holds the word's weight in that item. ``agency`` and ``published_on`` are
    copied from the item so a search filters and ranks from this table's index alone, on
    SQLite and PostgreSQL alike. Only published items have rows.
    """

    token = models.CharField(max_length=32)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+", db_index=False)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", db_index=False)
    published_on = models.DateField()
    weight = models.PositiveSmallIntegerField()

    class Meta:
        indexes = (
            # one word's items in rank order (a page of a one-word search is a range read)
            models.Index(
                fields=["token", "weight", "published_on", "item", "agency"], name="token_rank"
            ),
            # does this item hold that word (several-word searches), and reindexing an item
            models.Index(fields=["item", "token", "weight"], name="token_item"),
        )
