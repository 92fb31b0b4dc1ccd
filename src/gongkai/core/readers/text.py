"""The text reader: every layout in which annual reports reach people as plain text.

One cell a line (copied off a web page), tab-indented rows with blank cells, one row a
line with values separated by spaces or tabs, ``pdftotext -layout`` output with aligned
columns, wrapped labels, page breaks and repeated headers, and markdown pipe tables. The
layouts need no switch: each line becomes tokens and the matcher reads them the same way.
"""

from __future__ import annotations

import re

from gongkai.core.readers.document import Block, build_report
from gongkai.core.report import Report

_PAGE_NOISE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\[\[page \d+ end\]\])\s*$"
)
# the same, over the whole text at once: one regex pass instead of one call per line
# (whitespace that does not cross a line end, so that a match stays on its own line)
_PAGE_NOISE_LINE = re.compile(_PAGE_NOISE.pattern.replace(r"\s", r"[^\S\n]"), re.MULTILINE)
_PAGE_END = re.compile(r"^\s*\[\[page (\d+) end\]\]\s*$")


def text_blocks(text: str) -> list[Block]:
    """Lines as blocks, page-number lines dropped and pages counted where the text marks them
    (form feeds from pdftotext, ``[[page N end]]`` from extractors)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # split on line feeds only: str.splitlines() also breaks at form feeds, which mark
    # pages (pdftotext) and must stay at the start of their line to be counted
    lines = text.split("\n")
    noise = {text.count("\n", 0, m.start()) for m in _PAGE_NOISE_LINE.finditer(text)}
    if "\f" not in text and "[[page " not in text:
        return [Block(line, n) for n, line in enumerate(lines, start=1) if n - 1 not in noise]
    page = 1
    blocks: list[Block] = []
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
        blocks.append(Block(line, n, page))
    return blocks


def read_text(text: str) -> Report:
    return build_report(text_blocks(text))
