"""Django admin for system administrators. The audit log is shown read-only: no add,
change or delete, whatever the user's permissions."""

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
    """Read-only: requests change only through their acts, which write the audit log."""

    list_display = ("tracking_number", "agency", "name", "status", "due_date", "outcome")
    list_filter = ("status", "applicant_type")
    search_fields = ("tracking_number", "name")

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
