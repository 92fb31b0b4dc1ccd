"""The back office's acts on one request, posted from its page.

A refused act re-shows the page with the message beside the form it came from and what
was typed still in it; a done act redirects back to the page (post/redirect/get).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gongkai.cases.errors import ActionError
from gongkai.web.acts import HANDLERS, Act, perform
from gongkai.web.views.common import posted_uploads, staff_required, visible_request
from gongkai.web.views.staff import detail

__all__ = ["HANDLERS", "act"]


@require_POST
@staff_required
def act(request: HttpRequest, tracking_number: str, action: str) -> HttpResponse:
    if action not in HANDLERS:
        raise Http404("没有这个办理事项")
    req = visible_request(request, tracking_number)
    try:
        done = perform(
            action, Act(request.user, request.POST, lambda: posted_uploads(request)), req
        )
    except ActionError as e:
        req.refresh_from_db()
        return detail(request, tracking_number, error=(action, e.message), status=400)
    messages.success(request, done)
    return redirect("staff:detail", tracking_number)
