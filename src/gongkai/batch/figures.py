"""The main figures of a report the dashboard shows by agency and year: the cells summed
for each, in the order of the table 三 and 四 they come from."""

from __future__ import annotations

FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("本年新收申请", ("requests.new_received.total",)),
    ("上年结转", ("requests.carried_over.total",)),
    ("办理结果总计", ("requests.total_processed.total",)),
    ("结转下年度", ("requests.carried_forward.total",)),
    ("予以公开", ("requests.granted.total",)),
    ("行政复议", ("reviews.reconsideration.total",)),
    (
        "行政诉讼",
        ("reviews.litigation_direct.total", "reviews.litigation_after_reconsideration.total"),
    ),
)
FIGURE_ADDRESSES = tuple(sorted({a for _, addresses in FIGURES for a in addresses}))
