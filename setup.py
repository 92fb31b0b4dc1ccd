"""Build script: everything is declared in pyproject.toml except the compiled report core.

A wheel built with ``GONGKAI_COMPILE=1`` (``GONGKAI_COMPILE=1 pip wheel .``, how release
wheels are built) gets the modules of the reading and checking path compiled to C with
mypyc, because batches and supervisors read thousands of reports and the pure-Python core
reads about half as many a second. The compiled modules are the same source, type-checked
as they are for ``mypy --strict``; they are optional extensions, so a machine without a C
compiler still installs (the pure-Python core).

Any other build is pure Python, and so is the editable install of development (what
``make`` does): a compiled module would shadow later edits of its source, and pip asks this
script for an editable build's requirements in ways it cannot tell from a wheel's.
``make compiled`` builds a compiled copy under ``var/compiled`` for the benchmarks and the
compiled test run (scripts/compile_core.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup

# The reading and checking path of text reports: what `gongkai parse`, `check` and `batch`
# spend their time in. Writers, the CLI and the web application stay interpreted, and so do
# the readers of Word, PDF and Excel, whose time goes mostly to their libraries (the HTML
# reader and its table grid are compiled: a CMS page's cells cost more in Python than lxml).
CORE_PACKAGES = ("gongkai/core", "gongkai/core/checks", "gongkai/core/readers")
INTERPRETED = frozenset(
    f"gongkai/core/readers/{name}.py" for name in ("docx", "xlsx", "pdf", "pdflines")
)

# mypy options for the compile: no project config (its Django plugin is not needed for the
# core and not installed in an isolated build), libraries without stubs typed as Any, and
# the modules the core imports but does not compile checked silently (the HTML reader's
# lxml types need stubs an isolated build does not have; `make typecheck` checks them).
MYPYC_OPTIONS = (
    "--config-file",
    "",
    "--python-version",
    "3.11",
    "--ignore-missing-imports",
    "--follow-imports",
    "silent",
    "--strict-optional",
)


def core_sources(root: Path) -> list[str]:
    """The core's module files under ``root`` (a directory holding the ``gongkai`` package),
    relative to it, in a stable order."""
    found = (
        p.relative_to(root).as_posix() for pkg in CORE_PACKAGES for p in (root / pkg).glob("*.py")
    )
    return sorted(p for p in found if p not in INTERPRETED)


def _wanted() -> bool:
    return os.environ.get("GONGKAI_COMPILE") == "1"


def _extensions() -> list[object]:
    if not _wanted():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("gongkai: mypyc not available, the report core stays pure Python", file=sys.stderr)
        return []
    paths = [os.path.join("src", p) for p in core_sources(Path("src"))]
    extensions = mypycify([*MYPYC_OPTIONS, *paths], opt_level="3")
    for ext in extensions:
        ext.optional = True  # no C compiler: install the pure-Python core
    return list(extensions)


if __name__ == "__main__":
    setup(ext_modules=_extensions())
