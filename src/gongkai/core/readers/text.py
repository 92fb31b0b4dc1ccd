"""The text reader: every layout in which annual reports reach people as plain text.

One cell a line (copied off a web page), tab-indented rows with blank cells, one row a
line with values separated by spaces or tabs, ``pdftotext -layout`` output with aligned
columns, wrapped labels, page breaks and repeated headers, and markdown pipe tables. The
layouts need no switch: each line becomes tokens and the matcher reads them the same way.
"""

from __future__ import annotations

import re

from gongkai.core.readers.document import Blocks, build_report
from gongkai.core.report import Report

_PAGE_NOISE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\[\[page \d+ end\]\])\s*$"
)
# every page-number line holds one of these: only lines around them are tried
_NOISE_MARKS = ("/", "页", "-", "—", "–", "－", "[[page ")
_PAGE_END = re.compile(r"^\s*\[\[page (\d+) end\]\]\s*$")


def text_blocks(text: str) -> Blocks:
    """Lines as blocks, page-number lines dropped and pages counted where the text marks them
    (form feeds from pdftotext, ``[[page N end]]`` from extractors)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # split on line feeds only: str.splitlines() also breaks at form feeds, which mark
    # pages (pdftotext) and must stay at the start of their line to be counted
    lines = text.split("\n")
    noise = _noise_lines(text)
    if "\f" not in text and "[[page " not in text:
        if not noise:
            return Blocks(lines, list(range(1, len(lines) + 1)), [None] * len(lines), joined=text)
        kept = [n for n in range(len(lines)) if n not in noise]
        return Blocks([lines[n] for n in kept], [n + 1 for n in kept], [None] * len(kept))
    page = 1
    texts: list[str] = []
    numbers: list[int] = []
    pages: list[int | None] = []
    for n, raw in enumerate(lines, start=1):
        line = raw
        while line.startswith("\f"):
            line = line[1:]
            page += 1
        m = _PAGE_END.match(line)
        if m:
            page = int(m.group(1)) + 1
            continue
        if n - 1 in noise or _PAGE_NOISE.match(line):
            continue
        if "\f" in line:
            line = line.replace("\f", "")
        texts.append(line)
        numbers.append(n)
        pages.append(page)
    return Blocks(texts, numbers, pages)


def _noise_lines(text: str) -> set[int]:
    """Indexes (from 0) of the lines that are page numbers.

    Found from the marks such a line must hold (``str.find`` runs at memory speed) and
    not by trying a pattern at every line start, which cost more than the rest of
    reading a report's text.
    """
    starts: set[int] = set()
    for mark in _NOISE_MARKS:
        at = text.find(mark)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            if end < 0:
                end = len(text)
            if start not in starts and _PAGE_NOISE.match(text[start:end]):
                starts.add(start)
            at = text.find(mark, end)
    return {text.count("\n", 0, start) for start in starts}


def read_text(text: str) -> Report:
    return build_report(text_blocks(text))
