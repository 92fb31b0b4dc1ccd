"""The ``gongkai`` command line (DESIGN.md, "Interfaces other programs rely on").

I/O lives here and only here: files and stdin are read as bytes, handed to the pure
report core, and what it returns is printed. Bad input ends with one line naming the
file and the problem, and exit status 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from gongkai import __version__
from gongkai.core.checks import check, has_errors
from gongkai.core.errors import ReportError
from gongkai.core.readers import read_bytes
from gongkai.core.report import Report
from gongkai.core.writers import WRITERS, render, write_json
from gongkai.core.writers.json import dumps

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class Failure(Exception):
    """A problem with one named input, reported as ``NAME: message``."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")


def load(path: str) -> Report:
    name = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise Failure(name, "文件不存在") from None
    except IsADirectoryError:
        raise Failure(name, "这是一个目录，不是文件") from None
    except OSError as e:
        raise Failure(name, f"无法读取文件（{e.strerror}）") from None
    try:
        return read_bytes(data, Path(name).name)
    except ReportError as e:
        raise Failure(name, e.message) from None


def cmd_parse(args: argparse.Namespace) -> int:
    report = load(args.file)
    sys.stdout.write(write_json(report, provenance=args.provenance))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    report = load(args.file)
    previous = load(args.previous) if args.previous else None
    findings = check(report, previous)
    name = "<stdin>" if args.file == "-" else args.file
    if args.json:
        sys.stdout.write(dumps([f.to_json() for f in findings]))
    else:
        for f in findings:
            print(f.format(name))
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "note")}
        print(
            f"{name}: {counts['error']} 个错误，{counts['warning']} 个警告，{counts['note']} 个提示",
            file=sys.stderr,
        )
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    report = load(args.file)
    out = render(report, args.to)
    if args.output == "-":
        if isinstance(out, bytes):
            sys.stdout.buffer.write(out)
        else:
            sys.stdout.write(out)
        return EXIT_OK
    target = Path(args.output)
    try:
        if isinstance(out, bytes):
            target.write_bytes(out)
        else:
            target.write_text(out, encoding="utf-8")
    except OSError as e:
        raise Failure(args.output, f"无法写入（{e.strerror}）") from None
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gongkai",
        description="政府信息公开工作年度报告：读取、核对、生成。",
    )
    p.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    parse = sub.add_parser("parse", help="读取报告，输出交换格式 JSON")
    parse.add_argument("file", help="报告文件（文本、JSON…），- 表示标准输入")
    parse.add_argument("--provenance", action="store_true", help="附上每个单元格的出处")
    parse.set_defaults(func=cmd_parse)

    chk = sub.add_parser("check", help="核对勾稽关系；退出码 0 无错误，1 有错误，2 无法读取")
    chk.add_argument("file")
    chk.add_argument("--previous", help="上一年度的报告，用于跨年核对")
    chk.add_argument("--json", action="store_true", help="以 JSON 列表输出")
    chk.set_defaults(func=cmd_check)

    ren = sub.add_parser("render", help="按官方格式输出报告")
    ren.add_argument("file")
    ren.add_argument("--to", required=True, choices=sorted(WRITERS))
    ren.add_argument("-o", "--output", required=True, help="输出文件，- 表示标准输出")
    ren.set_defaults(func=cmd_render)
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
