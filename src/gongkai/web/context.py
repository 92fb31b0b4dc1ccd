"""What every page's template knows: the site name and the user's staff roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_NAME": "政府信息公开申请平台"}
