"""Charts for the dashboard as inline SVG, drawn here so that the page needs no script
library and opens offline: horizontal bars, each split into coloured parts, with the
label on the left and the figure on the right."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

Part = tuple[float, str]  # value, colour
Bar = tuple[str, Sequence[Part], str]  # label, parts, figure shown at the end

ROW = 22
LABEL_WIDTH = 320
BAR_WIDTH = 420
FIGURE_WIDTH = 110


def _width(text: str) -> float:
    """Rough width in pixels at 13px: CJK characters are square, others about half."""
    return sum(13.0 if ord(ch) > 0x2E80 else 7.2 for ch in text)


def _fit(text: str, room: float) -> str:
    if _width(text) <= room:
        return text
    while text and _width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def hbars(
    bars: Sequence[Bar], legend: Sequence[tuple[str, str]] = (), scale: float | None = None
) -> str:
    """A bar per row; ``scale`` is the value of a full bar (default: the longest)."""
    if not bars:
        return '<p class="empty">（无数据）</p>'
    top = max((sum(v for v, _ in parts) for _, parts, _ in bars), default=0) or 1
    full = scale or top
    legend_h = 24 if legend else 0
    height = legend_h + ROW * len(bars) + 6
    width = LABEL_WIDTH + BAR_WIDTH + FIGURE_WIDTH
    out = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    x = LABEL_WIDTH
    for name, colour in legend:
        out.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="15">{escape(name)}</text>')
        x += 16 + int(_width(name)) + 18
    for i, (label, parts, figure) in enumerate(bars):
        y = legend_h + i * ROW
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_fit(label, LABEL_WIDTH - 12))}</text>"
        )
        x0 = float(LABEL_WIDTH)
        for value, colour in parts:
            w = BAR_WIDTH * value / full
            if w > 0:
                out.append(
                    f'<rect x="{x0:.1f}" y="{y + 3}" width="{w:.1f}" height="{ROW - 6}" '
                    f'fill="{colour}"/>'
                )
            x0 += w
        out.append(f'<text x="{x0 + 6:.1f}" y="{y + 15}">{escape(figure)}</text>')
    out.append("</svg>")
    return "".join(out)
