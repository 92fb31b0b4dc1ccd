"""key_text strips punctuation before NFKC folding for speed; it must give the key that
folding first would give, for the characters reports are printed in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.labels import key_text
from tests.conftest import CORPUS, SEEDS

_NOT_WORD = re.compile(r"[\W_]+")


def folded_first(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


# CJK, full-width forms, CJK punctuation, Latin, digits, spaces and symbols such as ① ㈠ ½
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF65),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.characters(min_codepoint=0x2000, max_codepoint=0x2027),
    st.sampled_from("①⑴㈠½ⅠⅡ\u00a0\u00b7\t\n"),
)


@given(st.text(_ALPHABET, max_size=40))
def test_key_text_is_the_folded_key(text: str) -> None:
    assert key_text(text) == folded_first(text)


def test_key_text_of_every_line_of_the_seeds_and_corpus() -> None:
    files = sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
    files += sorted(CORPUS.glob("*.md"))
    assert files
    for path in files:
        for line in Path(path).read_text(encoding="utf-8").split("\n"):
            assert key_text(line) == folded_first(line), (path.name, line)
