"""``gongkai backup OUT`` and ``gongkai restore IN``: the whole database (with the files
stored in it) to one archive and back into an empty instance (gongkai.web.backup)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gongkai.commands._io import EXIT_OK, EXIT_UNREADABLE


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = subparsers.add_parser("backup", help="备份数据库（含已存储的文件）到一个归档文件")
    b.add_argument("out", type=Path, help="备份文件（.zip）")
    b.set_defaults(func=run_backup)
    r = subparsers.add_parser("restore", help="把备份恢复到空的数据库")
    r.add_argument("archive", type=Path, help="备份文件（.zip）")
    r.set_defaults(func=run_restore)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()


def _print(what: str, counts: dict[str, int]) -> None:
    print(f"{what}：共 {sum(counts.values())} 条记录")
    for model, n in sorted(counts.items()):
        print(f"  {model:30} {n:>8}")


def run_backup(args: argparse.Namespace) -> int:
    _setup()
    from gongkai.web.backup import backup

    _print(f"已备份到 {args.out}", backup(args.out))
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    _setup()
    from gongkai.core.errors import ReportError
    from gongkai.web.backup import restore

    try:
        counts = restore(args.archive)
    except ReportError as e:
        print(f"gongkai restore: {e.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    _print(f"已从 {args.archive} 恢复", counts)
    return EXIT_OK
