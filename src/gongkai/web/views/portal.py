"""The public portal: apply online, get a receipt, track a request, correct it, download
the letters and documents released to you.

An applicant proves a request is theirs with its tracking number and verification code;
the session then remembers the requests proven, so one applicant's browser never shows
another's request.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.cases import clock
from gongkai.cases.errors import ActionError
from gongkai.cases.models import Agency, DisclosureRequest, Status
from gongkai.cases.services import lifecycle
from gongkai.cases.services.intake import KeyReused, check_code, submit_once
from gongkai.web import security, throttle
from gongkai.web.forms import ApplicationForm, TrackForm
from gongkai.web.views.common import posted_uploads
from gongkai.web.views.files import file_response, letter_response

_KEY = "tracked"
REUSED_KEY = "本页面已提交过一份内容不同的申请并已登记；如还要提交现在这份，请再次点击“提交申请”"


def _grant(request: HttpRequest, tracking_number: str) -> None:
    seen = list(request.session.get(_KEY, []))
    if tracking_number not in seen:
        seen.append(tracking_number)
    request.session[_KEY] = seen[-50:]


def _received(request: HttpRequest, tracking_number: str, code: str) -> None:
    """The browser may see the request, and its receipt shows the code once."""
    _grant(request, tracking_number)
    request.session["new_code"] = {tracking_number: code}


def _own(request: HttpRequest, tracking_number: str) -> DisclosureRequest:
    """The request, if this browser proved it with its code or it belongs to the
    signed-in applicant's account; 404 otherwise."""
    req = get_object_or_404(
        DisclosureRequest.objects.select_related("agency"), tracking_number=tracking_number
    )
    mine = request.user.is_authenticated and req.account_id == request.user.pk
    if not mine and tracking_number not in request.session.get(_KEY, []):
        raise Http404("请先输入申请编号和查询码")
    return req


def home(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "portal/home.html", {"roots": agencies})


def apply(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():

            def with_it(req: DisclosureRequest, code: str) -> None:
                # Stored with the request, or not at all (as its count for the limit, in
                # ``rows``): the kept uploads it took, this browser's access to it.
                form.claim_uploads()
                _received(request, req.tracking_number, code)
                request.session.save()

            try:
                req, code, _ = submit_once(
                    form.cleaned_data["submission_key"],
                    form.record_fields(),
                    agency=form.cleaned_data["agency"],
                    # Read (from the session) now, not inside the registering transaction.
                    actor=request.user if request.user.is_authenticated else None,
                    uploads=form.cleaned_data["uploads"],
                    also=with_it,
                    rows=security.submission_rows(request),
                )
            except KeyReused:
                # Edited after a first attempt that was stored: this is another application,
                # sent with a fresh key if the applicant submits it again.
                data = request.POST.copy()
                data["submission_key"] = secrets.token_urlsafe(24)
                form = ApplicationForm(data, request.FILES)
                form.is_valid()
                form.add_error(None, REUSED_KEY)
                return render(request, "portal/apply.html", {"form": form}, status=409)
            _received(request, req.tracking_number, code)  # again: found stored already
            return redirect("portal:receipt", req.tracking_number)
        form = form.keep_uploads()
    else:
        initial = {"agency": request.GET.get("agency")}
        if request.user.is_authenticated:
            initial |= {"name": request.user.get_full_name(), "email": request.user.email}
        form = ApplicationForm(initial=initial)
    return render(request, "portal/apply.html", {"form": form})


def receipt(request: HttpRequest, tracking_number: str) -> HttpResponse:
    req = _own(request, tracking_number)
    code = request.session.get("new_code", {}).get(tracking_number)
    return render(request, "portal/receipt.html", {"req": req, "code": code})


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttle.blocked(request):
            form.add_error(None, throttle.MESSAGE)
            return render(request, "portal/track.html", {"form": form}, status=429)
        number = form.cleaned_data["tracking_number"].strip()
        req = DisclosureRequest.objects.filter(tracking_number=number).first()
        if req is not None and check_code(req, form.cleaned_data["code"]):
            _grant(request, req.tracking_number)
            return redirect("portal:status", req.tracking_number)
        throttle.failed(request)
        form.add_error(None, "申请编号或查询码不正确，请核对后重新输入")
    return render(request, "portal/track.html", {"form": form})


def status(request: HttpRequest, tracking_number: str, error: str = "") -> HttpResponse:
    req = _own(request, tracking_number)
    correction = req.pauses.filter(kind="correction").first()
    return render(
        request,
        "portal/status.html",
        {
            "req": req,
            "events": req.events.filter(public=True),
            "letters": req.letters.filter(released_at__isnull=False),
            "documents": req.attachments.filter(stage="reply")
            if req.status == Status.REPLIED
            else [],
            "correction": correction,
            "can_correct": req.status == Status.CORRECTION,
            "error": error,
            "posted": request.POST,
            "today": clock.today(),
        },
        status=400 if error else 200,
    )


@require_POST
def correct(request: HttpRequest, tracking_number: str) -> HttpResponse:
    req = _own(request, tracking_number)
    try:
        lifecycle.receive_correction(
            req, None, text=request.POST.get("text", ""), uploads=posted_uploads(request)
        )
    except ActionError as e:
        return status(request, tracking_number, error=e.message)
    messages.success(request, "补正材料已提交，答复期限自今日起重新计算")
    return redirect("portal:status", tracking_number)


def letter(request: HttpRequest, tracking_number: str, pk: int, fmt: str) -> HttpResponse:
    req = _own(request, tracking_number)
    found = get_object_or_404(req.letters.filter(released_at__isnull=False), pk=pk)
    return letter_response(found, fmt)


def document(request: HttpRequest, tracking_number: str, pk: int) -> HttpResponse:
    req = _own(request, tracking_number)
    if req.status != Status.REPLIED:
        raise Http404("尚未答复")
    a = get_object_or_404(req.attachments.filter(stage="reply"), pk=pk)
    return file_response(a.data, a.content_type, a.name)
