"""``deadline``: the reply deadline of a request, from the same code the web app uses."""

from __future__ import annotations

import argparse
import tomllib
from datetime import date

from gongkai.commands._io import EXIT_OK, Failure, read_input
from gongkai.workdays import Calendar, CalendarError, Pause, YearOverrides, deadline


def _date(text: str, what: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise Failure(what, f"日期“{text}”无效，应写作 YYYY-MM-DD，如 2025-09-30") from None


def _pause(text: str) -> Pause:
    what = f"--pause {text}"
    start, sep, end = text.partition(":")
    if not sep:
        raise Failure(what, "暂停期间应写作 开始日期:结束日期，如 2025-10-09:2025-10-20")
    a, b = _date(start, what), _date(end, what)
    if a > b:
        raise Failure(what, f"暂停期间无效：开始日期 {a} 晚于结束日期 {b}")
    return a, b


def _calendar(path: str) -> Calendar:
    """Overrides from a TOML file: ``[[year]]`` tables with ``year``, ``holidays`` and
    ``workdays`` (lists of TOML dates), as an administrator would enter them."""
    try:
        doc = tomllib.loads(read_input(path).decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise Failure(path, f"不是有效的 TOML 文件（{e}）") from None
    years = []
    for i, entry in enumerate(doc.get("year", []), 1):
        days = [*entry.get("holidays", []), *entry.get("workdays", [])]
        if not isinstance(entry.get("year"), int) or not all(type(d) is date for d in days):
            raise Failure(path, f"第{i}个 [[year]] 应有整数 year 和日期列表 holidays、workdays")
        try:
            years.append(
                YearOverrides(
                    entry["year"],
                    frozenset(entry.get("holidays", [])),
                    frozenset(entry.get("workdays", [])),
                )
            )
        except CalendarError as e:
            raise Failure(path, e.message) from None
    try:
        return Calendar(years)
    except CalendarError as e:
        raise Failure(path, e.message) from None


def cmd_deadline(args: argparse.Namespace) -> int:
    received = _date(args.date, args.date)
    pauses = [_pause(p) for p in args.pause]
    restarted = _date(args.restart, f"--restart {args.restart}") if args.restart else None
    if restarted is not None and restarted < received:
        raise Failure(f"--restart {args.restart}", f"重新起算日早于收到申请之日 {received}")
    calendar = _calendar(args.calendar) if args.calendar else None
    try:
        d = deadline(
            received, extended=args.extended, pauses=pauses, restarted=restarted, calendar=calendar
        )
    except CalendarError as e:
        raise Failure(args.date, e.message) from None
    print(d)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "deadline",
        help="依申请公开的答复期限（第三十三条）；节假日未知的年份标注 provisional",
        description=(
            "收到申请之日起（次日起算）20个工作日的答复期限；--extended 延长20个工作日；"
            "--pause 开始:结束 的日期（含首尾）不计算在内（征求第三方或其他机关意见）。"
        ),
    )
    p.add_argument("date", metavar="DATE", help="收到申请之日，YYYY-MM-DD")
    p.add_argument("--extended", action="store_true", help="经批准延长答复期限20个工作日")
    p.add_argument(
        "--pause", action="append", default=[], metavar="FROM:TO", help="不计算在期限内的期间"
    )
    p.add_argument(
        "--restart",
        metavar="DATE",
        help="补正后的申请收到之日或缴费之日，答复期限自次日重新起算（第三十条）",
    )
    p.add_argument(
        "--calendar",
        metavar="FILE",
        help="管理员录入的节假日安排（TOML：[[year]] year、holidays、workdays）",
    )
    p.set_defaults(func=cmd_deadline)
