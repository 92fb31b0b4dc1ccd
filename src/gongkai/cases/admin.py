"""Django admin for system administrators. The audit log is shown read-only: no add,
change or delete, whatever the user's permissions. Applicants' identity and telephone
numbers appear masked (gongkai.cases.privacy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.cases.models import (
    Agency,
    CalendarYear,
    DisclosureRequest,
    Event,
    Membership,
    ReviewCase,
)
from gongkai.cases.privacy import mask_id, mask_phone

if TYPE_CHECKING:  # ModelAdmin is generic only in the type stubs
    Admin = admin.ModelAdmin[Any]
else:
    Admin = admin.ModelAdmin


@admin.register(Agency)
class AgencyAdmin(Admin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")


@admin.register(Membership)
class MembershipAdmin(Admin):
    list_display = ("user", "agency", "role")
    list_filter = ("role",)


@admin.register(CalendarYear)
class CalendarYearAdmin(Admin):
    list_display = ("year", "notice", "entered_at")


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(Admin):
    """Read-only: requests change only through their acts, which write the audit log.

    The applicant's identity and telephone numbers are shown masked, as everywhere but to
    the officer handling the request (who sees them whole in the back office, audited);
    the verification code's salt and hash are not shown at all."""

    list_display = ("tracking_number", "agency", "name", "status", "due_date", "outcome")
    list_filter = ("status", "applicant_type")
    search_fields = ("tracking_number", "name")
    exclude = ("id_number", "phone", "code_salt", "code_hash")
    readonly_fields = ("masked_id_number", "masked_phone")

    @admin.display(description="证件号码（已隐去部分）")
    def masked_id_number(self, obj: DisclosureRequest) -> str:
        return mask_id(obj.id_number)

    @admin.display(description="联系电话（已隐去部分）")
    def masked_phone(self, obj: DisclosureRequest) -> str:
        return mask_phone(obj.phone)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewCase)
class ReviewCaseAdmin(Admin):
    list_display = ("case_number", "kind", "agency", "result", "filed_on")
    list_filter = ("kind", "result")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(Admin):
    list_display = ("at", "agency", "request", "actor_name", "action", "summary")
    list_filter = ("action",)
    search_fields = ("summary", "request__tracking_number")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
