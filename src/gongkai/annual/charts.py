"""Bar charts as inline SVG: drawn on the server, so the pages need no script, no CDN and
work offline; every text is escaped and each bar carries its figure as a title."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#b8141b", "#c9892b", "#2f5f8a", "#4a7d4a")


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
) -> str:
    """Grouped bars: one group per label, one bar per series (name, values)."""
    width, left, top, bottom, row = 640, 150, 34, 30, 16
    group = row * len(series) + 8
    height = top + bottom + group * max(len(labels), 1)
    peak = max([v for _, vs in series for v in vs] + [1])
    scale = (width - left - 60) / peak
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}">',
        f'<text x="10" y="20" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, label in enumerate(labels):
        y0 = top + i * group
        out.append(
            f'<text x="{left - 6}" y="{y0 + group / 2}" font-size="12" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        for j, (name, values) in enumerate(series):
            v = values[i]
            y = y0 + j * row
            w = v * scale
            colour = PALETTE[j % len(PALETTE)]
            out.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{row - 3}" fill="{colour}">'
                f"<title>{escape(label)} {escape(name)}：{v}</title></rect>"
                f'<text x="{left + w + 4:.1f}" y="{y + row - 5}" font-size="11">{v}</text>'
            )
    ly = height - 10
    for j, (name, _) in enumerate(series):
        x = left + j * 120
        out.append(
            f'<rect x="{x}" y="{ly - 9}" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{ly}" font-size="11">{escape(name)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
