"""Chinese text into search words, the same way for what is indexed and what is asked.

jieba's search mode gives each word and the dictionary words inside it (老旧小区 → 老旧,
小区, 老旧小区), so a two-character word inside a title is a word of the index. Words of
three or more characters also index their character pairs, so a query word jieba did not
cut the same way in the title (中华人民共和国 inside 中华人民共和国政府) is still found: a
query word the index does not hold is looked up as its pairs (:func:`fallback_pairs`).
Punctuation, spaces and a few function characters (的, 了, 和 …) are not words. Latin
letters are lower-cased; numbers stay, so 文号 like 鄞政发〔2019〕12号 are searchable.
Titles also give their character pairs (:func:`grams`), for the substring search of text
that is not a word.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from functools import cache

import jieba  # type: ignore[import-untyped]

__all__ = ["GRAM", "MAX_TOKEN", "fallback_pairs", "grams", "normalise", "query_words", "words"]

MAX_TOKEN = 32
GRAM = "|"  # marks a title's character pair, which no word can start with
STOP = frozenset("的了和与及在是对等之为于或以其而并由把被向从这那个着也就都")
_WORD = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
_CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")


@cache
def _jieba() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, Latin to lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _keep(w: str) -> bool:
    return bool(w) and len(w) <= MAX_TOKEN and w not in STOP and bool(_WORD.search(w))


def _pairs(w: str) -> list[str]:
    return [w[i : i + 2] for i in range(len(w) - 1)] if len(w) > 2 and _CJK.match(w) else []


def words(text: str) -> Counter[str]:
    """The words of ``text`` to index, with how often each occurs."""
    out: Counter[str] = Counter()
    tok = _jieba()
    for w in tok.cut_for_search(normalise(text)):
        w = w.strip()
        if not _keep(w):
            continue
        out[w] += 1
        for p in _pairs(w):
            out[p] += 1
    return out


def query_words(q: str) -> list[str]:
    """The words a search asks for, in order, each once (jieba's precise mode)."""
    seen: dict[str, None] = {}
    for w in _jieba().cut(normalise(q)):
        w = w.strip()
        if _keep(w):
            seen.setdefault(w, None)
    return list(seen)


def fallback_pairs(word: str) -> list[str]:
    """The character pairs a word not in the index is looked up as (empty when the word
    is not Chinese or is too short to split)."""
    return list(dict.fromkeys(_pairs(word)))


def grams(text: str) -> list[str]:
    """Every pair of adjacent characters of ``text`` (spaces dropped), each once and
    marked with :data:`GRAM`: a title's pairs let any two or more characters of it be
    found, across word boundaries too (镇老 in 鄞江镇老旧小区)."""
    t = "".join(normalise(text).split())
    return list(dict.fromkeys(GRAM + t[i : i + 2] for i in range(len(t) - 1)))
