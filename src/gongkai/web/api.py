"""The JSON API (django-ninja): public intake and tracking, staff endpoints with tokens.

``/api/openapi.json`` documents it. Validation goes through the portal's own forms, so a
422 names each bad field in the same Chinese words the form on screen shows.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Body, Header, NinjaAPI, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import BaseModel

from gongkai.cases import access
from gongkai.cases.errors import ActionError
from gongkai.cases.models import Agency, ApiToken, DisclosureRequest
from gongkai.cases.outcomes import outcome
from gongkai.cases.services.intake import KeyReused, check_code, submit_once
from gongkai.web import security, throttle
from gongkai.web.acts import HANDLERS, Act, perform
from gongkai.web.forms import ApplicationForm

api = NinjaAPI(
    title="政府信息公开申请 API",
    version="1",
    description="依申请公开：提交申请、查询进度；工作人员凭令牌查询本机关申请。",
    urls_namespace="api",
)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        t = ApiToken.objects.filter(digest=ApiToken.digest_of(token)).select_related("user").first()
        if t is None or not t.user.is_active:
            return None
        request.user = t.user
        return t.user


class AgencyOut(Schema):
    code: str
    name: str
    parent: str | None


# The submission's body and answer are plain pydantic models, not ninja's Schema: that
# wraps each validation in an attribute getter made for ORM objects (these are dicts),
# 3 % of an API submission's time. The OpenAPI document is the same.
class RequestIn(BaseModel):
    """A request from the public. Each field is checked as on the online form."""

    agency: str | None = None
    applicant_type: str | None = None
    name: str | None = None
    id_type: str | None = None
    id_number: str | None = None
    credit_code: str | None = None
    legal_representative: str | None = None
    contact_person: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    postcode: str | None = None
    title: str | None = None
    document_number: str | None = None
    description: str | None = None
    delivery: str | None = None


class Created(BaseModel):
    tracking_number: str
    verification_code: str
    due_date: date | None
    due_provisional: bool
    repeated: bool = False


class Invalid(Schema):
    detail: str
    errors: dict[str, str]


class NotFound(Schema):
    detail: str


class Letter(Schema):
    kind: str
    title: str
    number: str
    released_at: str


class StatusOut(Schema):
    tracking_number: str
    agency: str
    received_on: date
    status: str
    status_label: str
    due_date: date | None
    due_provisional: bool
    outcome: str | None
    outcome_label: str | None
    replied_on: date | None
    letters: list[Letter]


class StaffRequestOut(Schema):
    tracking_number: str
    agency: str
    applicant_type: str
    name: str
    received_on: date
    status: str
    due_date: date | None
    due_provisional: bool
    outcome: str | None


class EventOut(Schema):
    at: str
    actor: str
    action: str
    summary: str


class StaffRequestDetail(StaffRequestOut):
    description: str
    events: list[EventOut]


@api.exception_handler(ValidationError)
def invalid_json(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    labels = {n: str(f.label) for n, f in ApplicationForm.base_fields.items()}
    errors: dict[str, str] = {}
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path")]
        field = loc[-1] if loc else "body"
        errors[field] = f"{labels.get(field, field)}：应为文本" if loc else "请求内容不是有效的JSON"
    return api.create_response(
        request, {"detail": "申请内容有误，请按提示修改", "errors": errors}, status=422
    )


@api.get("/agencies", response=list[AgencyOut], summary="受理机关列表")
def agencies(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": a.code, "name": a.name, "parent": a.parent.code if a.parent else None}
        for a in Agency.objects.select_related("parent")
    ]


KEY_HELP = (
    "可选。客户端为每份申请生成的唯一标识（1至200个字符）。出错或没有收到答复时用同一标识再次提交，"
    "不会重复登记：返回已登记的申请编号和新的查询码，repeated 为 true。"
)


@api.post(
    "/requests",
    response={201: Created, 409: NotFound, 422: Invalid},
    summary="提交政府信息公开申请",
)
def create_request(
    request: HttpRequest,
    body: RequestIn,
    idempotency_key: Annotated[
        str | None, Header(None, alias="Idempotency-Key", description=KEY_HELP)
    ] = None,
) -> Status[dict[str, Any]]:
    form = ApplicationForm(data={k: v for k, v in body.model_dump().items() if v is not None})
    key = (idempotency_key or "").strip()
    if not form.is_valid() or len(key) > 200:
        errors = form.named_errors()
        if len(key) > 200:
            errors["Idempotency-Key"] = "Idempotency-Key：应为1至200个字符"
        return Status(422, {"detail": "申请内容有误，请按提示修改", "errors": errors})
    try:
        req, code, repeated = submit_once(
            key,
            form.record_fields(),
            agency=form.cleaned_data["agency"],
            actor=request.user,
            rows=security.submission_rows(request),
        )
    except KeyReused as e:
        return Status(409, {"detail": str(e)})
    return Status(
        201,
        {
            "tracking_number": req.tracking_number,
            "verification_code": code,
            "due_date": req.due_date,
            "due_provisional": req.due_provisional,
            "repeated": repeated,
        },
    )


def _status(req: DisclosureRequest) -> dict[str, Any]:
    return {
        "tracking_number": req.tracking_number,
        "agency": req.agency.name,
        "received_on": req.received_on,
        "status": req.status
        if req.status in ("correction", "consultation", "fee", "replied")
        else "processing",
        "status_label": req.public_status,
        "due_date": req.due_date,
        "due_provisional": req.due_provisional,
        "outcome": req.outcome if req.replied_on else None,
        "outcome_label": outcome(req.outcome).full_label
        if req.replied_on and req.outcome
        else None,
        "replied_on": req.replied_on,
        "letters": [
            {
                "kind": letter.kind,
                "title": letter.get_kind_display(),
                "number": letter.number,
                "released_at": letter.released_at.isoformat() if letter.released_at else "",
            }
            for letter in req.letters.filter(released_at__isnull=False)
        ],
    }


@api.get(
    "/requests/{tracking_number}",
    response={200: StatusOut, 404: NotFound, 429: NotFound},
    summary="申请人查询办理进度",
)
def request_status(
    request: HttpRequest, tracking_number: str, code: str = ""
) -> Status[dict[str, Any]]:
    if throttle.blocked(request):
        return Status(429, {"detail": throttle.MESSAGE})
    req = DisclosureRequest.objects.filter(tracking_number=tracking_number.strip()).first()
    if req is None or not check_code(req, code):
        throttle.failed(request)
        return Status(404, {"detail": "申请编号或查询码不正确"})
    return Status(200, _status(req))


def _staff_out(req: DisclosureRequest) -> dict[str, Any]:
    return {
        "tracking_number": req.tracking_number,
        "agency": req.agency.code,
        "applicant_type": req.applicant_type,
        "name": req.name,
        "received_on": req.received_on,
        "status": req.status,
        "due_date": req.due_date,
        "due_provisional": req.due_provisional,
        "outcome": req.outcome or None,
    }


@api.get(
    "/staff/requests",
    auth=TokenAuth(),
    response=list[StaffRequestOut],
    summary="本机关（及下级机关）的申请",
)
def staff_requests(
    request: HttpRequest, status: str = "", year: int | None = None
) -> list[dict[str, Any]]:
    qs = access.visible_requests(request.user).select_related("agency")
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return [_staff_out(r) for r in qs[:1000]]


@api.get(
    "/staff/requests/{tracking_number}",
    auth=TokenAuth(),
    response={200: StaffRequestDetail, 404: NotFound},
    summary="一件申请及其办理记录",
)
def staff_request(request: HttpRequest, tracking_number: str) -> Status[dict[str, Any]]:
    req = access.visible_requests(request.user).filter(tracking_number=tracking_number).first()
    if req is None:
        raise HttpError(404, "没有这件申请，或您无权查看")
    out = _staff_out(req)
    out["description"] = req.description
    out["events"] = [
        {"at": e.at.isoformat(), "actor": e.actor_name, "action": e.action, "summary": e.summary}
        for e in req.events.all()
    ]
    return Status(200, out)


class ActOut(Schema):
    detail: str
    status: str
    due_date: date | None
    due_provisional: bool


@api.post(
    "/staff/requests/{tracking_number}/{action}",
    auth=TokenAuth(),
    response={200: ActOut, 404: NotFound, 422: NotFound},
    summary="办理事项（补正、征求意见、延期、收费、答复、审核、送达）",
    description="action 为 correction、correction_received、consult、consult_end、extend、"
    "extend_approve、fee、fee_paid、decide、approve、send 之一；请求体为该事项的字段，"
    "与办理页面的表单相同。",
)
def staff_act(
    request: HttpRequest,
    tracking_number: str,
    action: str,
    payload: Annotated[dict[str, Any], Body()],
) -> Status[dict[str, Any]]:
    req = access.visible_requests(request.user).filter(tracking_number=tracking_number).first()
    if req is None or action not in HANDLERS:
        return Status(404, {"detail": "没有这件申请或这个办理事项，或您无权查看"})
    try:
        done = perform(action, Act(request.user, payload), req)
    except ActionError as e:
        return Status(422, {"detail": e.message})
    req.refresh_from_db()
    return Status(
        200,
        {
            "detail": done,
            "status": req.status,
            "due_date": req.due_date,
            "due_provisional": req.due_provisional,
        },
    )
