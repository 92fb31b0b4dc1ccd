"""Characters of a PDF page (pdfplumber's ``page.chars``) grouped into lines, words and
paragraphs.

pdfplumber gives each glyph with its box. Reading a report needs three groupings of them,
done here in plain Python: characters into visual lines (by vertical overlap, so a digit
set a point lower than the Chinese beside it stays on the line), a line into words (by the
gap before each character, relative to the font size), and lines into the paragraphs a
person reads (:func:`continues`). Glyphs drawn twice for a bold effect are kept once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Char = dict[str, Any]
Box = tuple[float, float, float, float]

# A gap wider than this share of the font size separates words; Chinese prose set with
# letter-spacing stays one word, columns of a table never do.
WORD_GAP = 0.3
# A gap this many times the font size is a gap between the columns of a table, never one
# inside a sentence (justified prose widens its gaps far less).
COLUMN_GAP = 1.5


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
    size: float = 10.0  # the largest font size of its characters

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].box[0]

    @property
    def x1(self) -> float:
        return max(w.box[2] for w in self.words)

    @property
    def columnar(self) -> bool:
        """Words set apart like the columns of a table (a header, a row without rules)."""
        limit = COLUMN_GAP * self.size
        words = self.words
        return any(words[i].box[0] - words[i - 1].box[2] >= limit for i in range(1, len(words)))


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
        max(c.get("size") or 10.0 for c in chars),
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


# -- paragraphs -------------------------------------------------------------------------------
#
# A PDF holds lines, not paragraphs. A report's paragraph is set as the official style
# wants it: its first line indented by two characters, the others starting at the left
# edge of the text and running to the right edge, the last one ending where the text does.
# So a line continues the paragraph above it when it starts at the left edge and the line
# above ran (nearly) to the right edge. A line above that ends a sentence must reach the
# right edge more closely than one broken in mid-sentence: only then is a paragraph set
# without first-line indents read as several.

SENTENCE_ENDS = frozenset("。！？；：!?;:")
CLOSERS = "”’」』）)】》\"'"
_ITEM = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|[①-⑳])"
)


@dataclass(frozen=True, slots=True)
class Frame:
    """The text column of a page: where its lines start (left) and end (right)."""

    left: float
    right: float


def frame_of(lines: Iterable[Line]) -> Frame | None:
    """The column that prose lines of one page size share; None without any."""
    left = right = None
    for ln in lines:
        x0, x1 = ln.x0, ln.x1
        left = x0 if left is None or x0 < left else left
        right = x1 if right is None or x1 > right else right
    if left is None or right is None:
        return None
    return Frame(left, right)


def ends_sentence(text: str) -> bool:
    t = text.rstrip(CLOSERS)
    return bool(t) and t[-1] in SENTENCE_ENDS


def continues(above: Line, line: Line, frame: Frame, *, same_page: bool = True) -> bool:
    """Whether ``line`` carries on the paragraph whose last line so far is ``above``
    (both lines of prose, neither columnar; ``above`` on the page before when not
    ``same_page``)."""
    size = above.size
    if abs(line.size - size) > 1:
        return False  # a heading or a note set in another size
    if line.x0 > frame.left + 0.5 * size:
        return False  # indented (a paragraph's first line) or centred
    stop = ends_sentence(above.text)
    if above.x1 < frame.right - (1.5 if stop else 4) * size:
        return False  # the line above ended short of the edge: its paragraph ended there
    if stop and _ITEM.match(line.text):
        return False  # a numbered item after a finished sentence
    # on one page, no more space between them than between the lines of a paragraph
    return not same_page or line.top - above.bottom <= 1.5 * (above.bottom - above.top)


def joined(first: str, then: str) -> str:
    """Two lines of one paragraph as one text: Chinese runs on without a space; two
    Latin words broken at a space get it back."""
    if first and then and _latin(first[-1]) and _latin(then[0]):
        return f"{first} {then}"
    return first + then


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()
