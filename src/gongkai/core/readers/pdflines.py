"""Characters of a PDF page (pdfplumber's ``page.chars``) grouped into lines and words.

pdfplumber gives each glyph with its box. Reading a report needs only two groupings of
them, done here once per page in plain Python: characters into visual lines (by vertical
overlap, so a digit set a point lower than the Chinese beside it stays on the line), and a
line into words (by the gap before each character, relative to the font size). Glyphs
drawn twice for a bold effect are kept once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Char = dict[str, Any]
Box = tuple[float, float, float, float]

# A gap wider than this share of the font size separates words; Chinese prose set with
# letter-spacing stays one word, columns of a table never do.
WORD_GAP = 0.3


@dataclass(slots=True)
class Word:
    text: str
    box: Box

    @property
    def centre(self) -> float:
        return (self.box[0] + self.box[2]) / 2


@dataclass(slots=True)
class Line:
    words: list[Word]
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def lines_of(chars: Sequence[Char]) -> list[Line]:
    """Visual lines, top to bottom, each with its words left to right."""
    rows: list[list[Char]] = []
    bottom = -1.0
    for ch in sorted(chars, key=_top):
        mid = (ch["top"] + ch["bottom"]) / 2
        if rows and mid < bottom:
            rows[-1].append(ch)
            bottom = max(bottom, ch["bottom"])
        else:
            rows.append([ch])
            bottom = ch["bottom"]
    return [_line(row) for row in rows]


def _top(ch: Char) -> float:
    return float(ch["top"])


def _x0(ch: Char) -> float:
    return float(ch["x0"])


def _line(chars: list[Char]) -> Line:
    chars.sort(key=_x0)
    words: list[Word] = []
    text: list[str] = []
    x0 = top = x1 = bottom = 0.0
    prev: Char | None = None
    for ch in chars:
        t = ch["text"]
        if prev is not None:
            if (
                t == prev["text"]
                and abs(ch["x0"] - prev["x0"]) < 1
                and abs(ch["top"] - prev["top"]) < 1
            ):
                continue  # fake bold: the same glyph drawn again a fraction of a point off
            gap = ch["x0"] - prev["x1"]
            size = min(ch.get("size") or 10.0, prev.get("size") or 10.0)
            if gap > WORD_GAP * size or t.isspace():
                words.append(Word("".join(text), (x0, top, x1, bottom)))
                text = []
        if t.isspace():
            prev = ch
            continue
        if not text:
            x0, top, x1, bottom = ch["x0"], ch["top"], ch["x1"], ch["bottom"]
        else:
            x1 = max(x1, ch["x1"])
            top = min(top, ch["top"])
            bottom = max(bottom, ch["bottom"])
        text.append(t)
        prev = ch
    if text:
        words.append(Word("".join(text), (x0, top, x1, bottom)))
    return Line(
        [w for w in words if w.text],
        min(c["top"] for c in chars),
        max(c["bottom"] for c in chars),
    )


def box_of(chars: Sequence[Char]) -> Box:
    return (
        min(c["x0"] for c in chars),
        min(c["top"] for c in chars),
        max(c["x1"] for c in chars),
        max(c["bottom"] for c in chars),
    )


def rounded(box: Box) -> Box:
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))
