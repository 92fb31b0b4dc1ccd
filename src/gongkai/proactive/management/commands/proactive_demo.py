"""``manage.py proactive_demo [CODE …]``: demo catalogue, registers and 回应解读 for the
given agencies (all agencies when none is named), for a portal that shows something."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.cases.models import Agency
from gongkai.proactive import demo


class Command(BaseCommand):
    help = "为机构载入主动公开演示数据（已有目录的机构跳过）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="机构代码")

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] = options["codes"]
        agencies = Agency.objects.filter(code__in=codes) if codes else Agency.objects.all()
        if not agencies.exists():
            raise CommandError("没有机构：请先建立机构（如 gongkai serve --demo）或检查机构代码")
        n = demo.load(agencies)
        self.stdout.write(f"已为{n}个机构载入主动公开演示数据")
