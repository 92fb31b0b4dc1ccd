"""Writers: a Report in the official layout. Each registers under the name ``gongkai
render --to`` uses; text writers return str, binary ones (DOCX, PDF, XLSX) bytes."""

from __future__ import annotations

from collections.abc import Callable

from gongkai.core.report import Report
from gongkai.core.writers.json import write_json
from gongkai.core.writers.markdown import write_markdown
from gongkai.core.writers.text import write_text

Writer = Callable[[Report], str | bytes]
WRITERS: dict[str, Writer] = {}


def register(name: str) -> Callable[[Writer], Writer]:
    def add(fn: Writer) -> Writer:
        WRITERS[name] = fn
        return fn

    return add


register("txt")(write_text)
register("md")(write_markdown)
register("json")(write_json)


def render(report: Report, to: str) -> str | bytes:
    return WRITERS[to](report)


__all__ = ["WRITERS", "register", "render", "write_json", "write_markdown", "write_text"]
