"""``parse``, ``check`` and ``render``: one report file in, JSON, findings or a layout out."""

from __future__ import annotations

import argparse
import sys

from gongkai.commands._io import EXIT_FINDINGS, EXIT_OK, load, write_output
from gongkai.core.checks import check, has_errors
from gongkai.core.writers import WRITERS, render, write_json
from gongkai.core.writers.json import dumps


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
    write_output(args.output, render(report, args.to))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parse = sub.add_parser("parse", help="读取报告，输出交换格式 JSON")
    parse.add_argument("file", help="报告文件（文本、HTML、DOCX、PDF、XLSX、JSON），- 表示标准输入")
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
