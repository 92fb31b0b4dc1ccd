"""The ``gongkai`` command line (DESIGN.md, "Interfaces other programs rely on").

I/O lives here and in :mod:`gongkai.commands` only: files and stdin are read as bytes,
handed to the pure report core, and what it returns is printed. Bad input ends with one
line naming the file and the problem, and exit status 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from gongkai import __version__
from gongkai.commands import register_all
from gongkai.commands._io import EXIT_OK, EXIT_UNREADABLE, Failure

__all__ = ["Failure", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gongkai",
        description="政府信息公开：年度报告的读取、核对、生成，依申请公开与主动公开的办理。",
    )
    p.add_argument("--version", action="version", version=f"gongkai {__version__}")
    register_all(p.add_subparsers(dest="command", required=True))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except Failure as e:
        print(str(e), file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a bug of ours: one line, not a traceback, unless debugging
        if os.environ.get("GONGKAI_DEBUG"):
            raise
        print(f"gongkai: 内部错误（请报告此问题）：{type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    raise SystemExit(main())
