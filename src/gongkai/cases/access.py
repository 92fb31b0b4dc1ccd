"""Who sees and does what. Staff see their own agency's records, a supervisor its subtree,
an applicant only their own requests. Every view and API endpoint asks here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import Q, QuerySet

from gongkai.cases.models import Agency, DisclosureRequest, Membership, ReviewCase, Role
from gongkai.cases.models.request import RequestQuerySet

User = UserModel | AnonymousUser


def roles(user: User, agency: Agency) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, agency=agency).values_list("role", flat=True))


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user).exists()


def visible_agencies(user: User) -> QuerySet[Agency]:
    """Agencies whose records ``user`` may read: their own, and subtrees they supervise."""
    if not user.is_authenticated:
        return Agency.objects.none()
    cond = Q(pk__in=Membership.objects.filter(user=user).values("agency"))
    for path in Agency.objects.filter(
        memberships__user=user, memberships__role=Role.SUPERVISOR
    ).values_list("path", flat=True):
        cond |= Q(path__startswith=path)
    return Agency.objects.filter(cond)


def handled_agencies(user: User, role: str = Role.OFFICER) -> QuerySet[Agency]:
    """Agencies where ``user`` holds ``role`` (acting, not merely reading)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user, memberships__role=role)


def visible_requests(user: User) -> RequestQuerySet:
    return DisclosureRequest.objects.filter(agency__in=visible_agencies(user))


def visible_reviews(user: User) -> QuerySet[ReviewCase]:
    return ReviewCase.objects.filter(agency__in=visible_agencies(user))


def can(user: User, role: str, agency: Agency) -> bool:
    return role in roles(user, agency)
