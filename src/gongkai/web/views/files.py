"""Letters and attachments as downloads, for staff who may see the request and for the
applicant (released letters and documents only)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from gongkai.cases import access
from gongkai.cases.letters import pdf_of
from gongkai.cases.models import Attachment, Letter
from gongkai.web.views.common import staff_required

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_response(
    data: bytes | memoryview, content_type: str, name: str, inline: bool = False
) -> HttpResponse:
    r = HttpResponse(bytes(data), content_type=content_type)
    how = "inline" if inline else "attachment"
    r["Content-Disposition"] = f"{how}; filename*=UTF-8''{quote(name)}"
    r["X-Content-Type-Options"] = "nosniff"
    return r


def letter_response(letter: Letter, fmt: str) -> HttpResponse:
    name = f"{letter.request.tracking_number}-{letter.get_kind_display()}"
    if fmt == "pdf":
        return file_response(pdf_of(letter), "application/pdf", f"{name}.pdf", inline=True)
    return file_response(letter.docx, DOCX, f"{name}.docx")


@staff_required
def staff_letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    letter = get_object_or_404(
        Letter.objects.select_related("request"),
        pk=pk,
        request__in=access.visible_requests(request.user),
    )
    return letter_response(letter, fmt)


@staff_required
def staff_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(Attachment, pk=pk, request__in=access.visible_requests(request.user))
    return file_response(a.data, a.content_type, a.name)
