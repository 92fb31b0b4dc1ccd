"""Label normalisation, so that printed labels match the template despite the noise of
real reports: full-width or half-width brackets and digits, stray spaces inside words
(`只计这一情 形`), headers printed one character a line, markdown marks and quotes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[\W_]+")
# Spaces and punctuation (CJK and full-width) that are no word characters and stay none
# under NFKC: removed before folding, because folding a line that holds full-width
# commas takes NFKC's slow path (about 1,500 instructions a character) while a line
# without them is returned as it is.
_PUNCTUATION = re.compile(
    r"[\s\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20"
    r"\uff3b-\uff40\uff5b-\uff65\u2010-\u2027\u00b7]+"
)
_NUMBERING = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|"
    r"[(（]\d+[)）]|\d+[.、．)）](?!\d))"
)


@lru_cache(maxsize=8192)
def key_text(text: str) -> str:
    """The comparable core of a label: NFKC-folded, with every space and punctuation mark
    removed. Two printings of the same label give the same key."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", _PUNCTUATION.sub("", text)))


@lru_cache(maxsize=4096)
def strip_numbering(text: str) -> str:
    """Drop leading 序号 such as ``（三）``, ``三、``, ``1.``, ``1、`` (repeatedly), because
    reports renumber, omit or mangle them while the words stay the same."""
    text = unicodedata.normalize("NFKC", text).strip()
    while True:
        m = _NUMBERING.match(text)
        if not m:
            return text
        text = text[m.end() :].strip()


def match_key(label: str) -> str:
    """Key of a template label for matching: numbering stripped, then :func:`key_text`."""
    return key_text(strip_numbering(label))
