"""Which report core a benchmark measures: the copy ``make compiled`` builds under
var/compiled (scripts/compile_core.py; GONGKAI_COMPILED names another folder), compiled
with mypyc as a release wheel installs it, or the interpreted sources."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPILED_DIR = Path(os.environ.get("GONGKAI_COMPILED", ROOT / "var" / "compiled"))


def compiled_status() -> str:
    """``compiled``, or why the copy is not (what compile_core.py wrote in STATUS)."""
    try:
        return (COMPILED_DIR / "STATUS").read_text(encoding="utf-8").strip()
    except OSError:
        return "not built (make compiled)"
