"""What the back-office views share: who may enter, and finding a record one may see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.cases import access
from gongkai.cases.errors import ActionError
from gongkai.cases.models import DisclosureRequest
from gongkai.cases.services.intake import Upload
from gongkai.web.forms import MAX_FILES, upload_of

View = Callable[..., HttpResponse]


Refusal = Callable[[HttpRequest, str], HttpResponse]


def staff_gate(refuse: Refusal, message: str) -> Callable[[View], View]:
    """A decorator letting in staff only: anonymous users go to the login page, signed-in
    people without a staff role get ``refuse(request, message)`` (a 403). Each area of the
    back office gives its own page and words; the rule of who enters is this one."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not access.is_staff_member(request.user):
                return refuse(request, message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "error.html", {"message": message}, status=403)


staff_required = staff_gate(_refuse, "您没有工作人员岗位，不能访问办理系统。")


def visible_request(request: HttpRequest, tracking_number: str) -> DisclosureRequest:
    """The request if the signed-in staff member may see it; 404 otherwise (no hint that
    another agency's request exists)."""
    return get_object_or_404(
        access.visible_requests(request.user).select_related("agency"),
        tracking_number=tracking_number,
    )


def posted_uploads(request: HttpRequest, field: str = "files") -> list[Upload]:
    """Files posted with an act, checked like the application's attachments."""
    files = request.FILES.getlist(field)
    if len(files) > MAX_FILES:
        raise ActionError(f"附件：最多上传{MAX_FILES}个文件")
    out = []
    for f in files:
        u = upload_of(f)
        if isinstance(u, str):
            raise ActionError(f"附件：{u}")
        out.append(u)
    return out
