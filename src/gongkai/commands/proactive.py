"""``proactive``: import catalogues and registers, rebuild the search index, load demo data.

    gongkai proactive import FILE --agency CODE [--kind catalogue|documents|tallies] [--dry-run]
    gongkai proactive reindex
    gongkai proactive demo [--agency CODE]...

``import`` prints the report (every rejected row with its reason) and exits 0 when every
row was accepted, 1 when some were rejected, 2 when the file cannot be read as a table.
The database is the one ``DATABASE_URL`` names, as for ``gongkai serve``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from gongkai.commands._io import EXIT_FINDINGS, EXIT_OK, Failure, read_input

KINDS = ("catalogue", "documents", "tallies")


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()


def _import(args: argparse.Namespace) -> int:
    data = read_input(args.file)
    _django()
    from gongkai.cases.models import Agency
    from gongkai.proactive import importing

    agency = Agency.objects.filter(code=args.agency).first()
    if agency is None:
        raise Failure(f"--agency {args.agency}", "没有这个机构代码")
    name = Path(args.file).name
    run = importing.check if args.dry_run else importing.apply
    report = run(agency, args.kind, name, data)
    for line in report.lines():
        print(line)
    if report.error:
        raise Failure(args.file, report.error)
    return EXIT_FINDINGS if report.rejections else EXIT_OK


def _reindex(args: argparse.Namespace) -> int:
    _django()
    from gongkai.proactive.models import Item
    from gongkai.proactive.services.search import index_items

    n = index_items(Item.objects.iterator(chunk_size=2000))
    print(f"已重建检索索引：{Item.objects.count()}条信息，{n}个词条")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("proactive_demo", *(args.agency or []))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("proactive", help="主动公开：导入目录和登记簿、重建检索索引、载入演示数据")
    actions = p.add_subparsers(dest="action", required=True)

    imp = actions.add_parser("import", help="从CSV或XLSX导入（--dry-run 只检查不写入）")
    imp.add_argument("file", help="CSV或XLSX文件")
    imp.add_argument("--agency", required=True, help="机构代码")
    imp.add_argument("--kind", choices=KINDS, default="catalogue", help="导入内容，默认公开目录")
    imp.add_argument("--dry-run", action="store_true", help="只检查，列出将被拒绝的每一行及原因")
    imp.set_defaults(func=_import)

    idx = actions.add_parser("reindex", help="重建全文检索索引")
    idx.set_defaults(func=_reindex)

    demo = actions.add_parser("demo", help="为机构载入主动公开演示数据")
    demo.add_argument("--agency", action="append", help="机构代码（可重复；默认全部机构）")
    demo.set_defaults(func=_demo)
