"""``gongkai batch DIR -o OUT``: every report under a folder read and checked, in
parallel, into tables and a dashboard (DESIGN.md, layer 5)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gongkai.batch.limit import FILE_TIMEOUT
from gongkai.commands._io import EXIT_OK, Failure


def cmd_batch(args: argparse.Namespace) -> int:
    from gongkai.batch.run import run_batch
    from gongkai.batch.runners import make_runner

    root = Path(args.dir)
    if not root.is_dir():
        raise Failure(args.dir, "不是一个文件夹" if root.exists() else "文件夹不存在")
    if args.workers is not None and args.workers < 1:
        raise Failure("--workers", "进程数至少为 1")
    if not args.file_timeout >= 0:  # also refuses nan
        raise Failure("--file-timeout", "时限应为不小于 0 的秒数（0 表示不限时）")
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise Failure(args.output, "已存在且不是文件夹")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".gongkai-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise Failure(args.output, f"无法写入输出文件夹（{e.strerror}）") from None
    try:
        runner = make_runner(args.workers, args.dask)
    except OSError as e:
        raise Failure(args.dask or "--workers", f"无法连接 Dask 集群（{e}）") from None
    try:
        summary = run_batch(
            root, out, runner, progress=not args.quiet, file_timeout=args.file_timeout or None
        )
    finally:
        runner.close()
    print(summary.line(out), file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "batch", help="批量读取、核对一个文件夹中的全部报告，输出单元格表、问题表和统计页面"
    )
    p.add_argument("dir", help="报告所在的文件夹（含子文件夹）")
    p.add_argument("-o", "--output", required=True, help="输出文件夹；再次运行时跳过已完成的文件")
    p.add_argument("--workers", type=int, help="并行进程数（默认：CPU 核数）")
    p.add_argument("--dask", metavar="ADDRESS", help="在 Dask 分布式集群上运行，如 tcp://host:8786")
    p.add_argument(
        "--file-timeout",
        type=float,
        default=FILE_TIMEOUT,
        metavar="SECONDS",
        help=f"每个文件读取核对的时限（秒，默认 {FILE_TIMEOUT:g}；0 表示不限时）；超时的文件列为无法"
        "读取，其余照常进行；再次运行时，只有放宽了时限才重读超时的文件",
    )
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=cmd_batch)
