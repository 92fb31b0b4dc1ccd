"""``gongkai report compile --agency CODE --year YYYY``: the annual report of an agency
compiled from its records in the database ``DATABASE_URL`` names, as interchange JSON."""

from __future__ import annotations

import argparse
import os
import sys

from gongkai.commands._io import EXIT_OK, EXIT_UNREADABLE


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("report", help="年度报告：由办理记录生成")
    actions = p.add_subparsers(dest="action", required=True)
    comp = actions.add_parser(
        "compile",
        help="由数据库中的办理记录生成机构的年度报告，输出交换格式 JSON",
        description="由 DATABASE_URL 指定的数据库（默认 ./var/ 下的 SQLite 文件）中的记录生成年度报告。",
    )
    comp.add_argument("--agency", required=True, help="机构代码")
    comp.add_argument("--year", required=True, type=int, help="报告年度，如 2024")
    comp.set_defaults(func=run_compile)


def run_compile(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()
    from django.db import DatabaseError

    from gongkai.annual.compile import compile_report
    from gongkai.annual.services import stored_narrative
    from gongkai.cases.models import Agency

    try:
        agency = Agency.objects.filter(code=args.agency).first()
    except DatabaseError as e:
        print(f"gongkai report compile: 数据库无法读取：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    if agency is None:
        print(f"gongkai report compile: 没有机构代码为 {args.agency} 的机构", file=sys.stderr)
        return EXIT_UNREADABLE
    report = compile_report(agency, args.year, stored_narrative(agency, args.year))
    from gongkai.core.writers import write_json

    text = write_json(report)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK
