"""The records of the case domain, one module per kind of record."""

from gongkai.cases.models.agency import Agency, Membership, Role
from gongkai.cases.models.audit import ApiToken, Event
from gongkai.cases.models.calendar import CalendarYear
from gongkai.cases.models.request import (
    APPLICANT_TYPES,
    Attachment,
    Channel,
    Delivery,
    DisclosureRequest,
    FeeNotice,
    Letter,
    Pause,
    PendingUpload,
    RequestCounter,
    Status,
)
from gongkai.cases.models.review import ReviewCase, ReviewKind, ReviewResult

__all__ = [
    "APPLICANT_TYPES",
    "Agency",
    "ApiToken",
    "Attachment",
    "CalendarYear",
    "Channel",
    "Delivery",
    "DisclosureRequest",
    "Event",
    "FeeNotice",
    "Letter",
    "Membership",
    "Pause",
    "PendingUpload",
    "RequestCounter",
    "ReviewCase",
    "ReviewKind",
    "ReviewResult",
    "Role",
    "Status",
]
