"""``gongkai serve [--host H] [--port P] [--demo]``: migrate, optionally load the demo
district, and serve the portal, back office and API (DESIGN.md).

The database is the one ``DATABASE_URL`` names (default a SQLite file under ./var/).
This serves with Python's threaded WSGI server, static files included — enough for one
agency's office or a demonstration; a production site runs ``gongkai.web.wsgi`` under a
WSGI server behind a web server instead.
"""

from __future__ import annotations

import argparse
import os
import sys

from gongkai.commands._io import EXIT_OK, EXIT_UNREADABLE


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "serve",
        help="运行政府信息公开申请网站（门户、办理后台和API）",
        description="迁移 DATABASE_URL 指定的数据库（默认 ./var/ 下的 SQLite 文件），"
        "可选载入演示数据，然后提供门户、办理后台和 API。",
    )
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--demo", action="store_true", help="数据库为空时载入演示区县及一年的申请")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    hosts = os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    host = "*" if args.host in ("0.0.0.0", "::") else args.host
    if host not in hosts:
        os.environ["GONGKAI_ALLOWED_HOSTS"] = ",".join([*hosts, host])

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.core.servers.basehttp import run as serve_wsgi
    from django.core.wsgi import get_wsgi_application
    from django.db import DatabaseError

    db = settings.DATABASES["default"]
    print(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}", flush=True)
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as e:
        print(f"gongkai serve: 数据库无法迁移：{e}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.demo:
        from gongkai.cases import demo
        from gongkai.cases.models import Agency

        if Agency.objects.exists():
            print("数据库中已有数据，未载入演示数据。", flush=True)
        else:
            print("正在载入演示数据（一个区县及其一年的申请）……", flush=True)
            made = demo.load()
            from gongkai.proactive import demo as proactive_demo

            proactive_demo.load(Agency.objects.all())
            print(
                f"已载入{made['agencies']}个机构、{made['requests']}件申请"
                f"（{made['open']}件在办）。演示账号密码均为 {demo.PASSWORD}："
                "admin（系统管理员）、haishu_jb（区政府经办人）、haishu_sh（审核人）、"
                "haishu_ducha（区政务公开办，查看全区）、yinjiang_jb（鄞江镇经办人）等。",
                flush=True,
            )
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"gongkai 已启动：http://{shown}:{args.port}/ （按 Ctrl+C 停止）", flush=True)
    try:
        serve_wsgi(
            args.host,
            args.port,
            StaticFilesHandler(get_wsgi_application()),
            ipv6=":" in args.host,
            threading=True,
        )
    except OSError as e:
        print(
            f"gongkai serve: 无法在 {args.host}:{args.port} 上监听：{e.strerror}", file=sys.stderr
        )
        return EXIT_UNREADABLE
    return EXIT_OK
