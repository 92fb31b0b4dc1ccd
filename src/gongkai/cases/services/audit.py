"""Writing the audit log: one event per change, in the same transaction as the change."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from gongkai.cases import clock
from gongkai.cases.models import Agency, DisclosureRequest, Event, ReviewCase

Actor = User | AnonymousUser | None


def actor_name(actor: Actor) -> str:
    if actor is None or not actor.is_authenticated:
        return "申请人"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or actor.get_username())


def entry(
    action: str,
    summary: str,
    *,
    actor: Actor,
    request: DisclosureRequest | None = None,
    review: ReviewCase | None = None,
    agency: Agency | None = None,
    public: bool = False,
    name: str | None = None,
) -> Event:
    """The event, not yet saved: registering a request stores its first one in the same
    statement as the request (``intake.submit``)."""
    where = agency or (request.agency if request else review.agency if review else None)
    if where is None:
        raise ValueError("an event needs an agency")
    user = actor if actor is not None and actor.is_authenticated else None
    return Event(
        at=clock.now(),
        agency=where,
        request=request,
        review=review,
        actor=user,
        actor_name=name or actor_name(actor),
        action=action,
        summary=summary,
        public=public,
    )


def record(
    action: str,
    summary: str,
    *,
    actor: Actor,
    request: DisclosureRequest | None = None,
    review: ReviewCase | None = None,
    agency: Agency | None = None,
    public: bool = False,
    name: str | None = None,
) -> Event:
    event = entry(
        action,
        summary,
        actor=actor,
        request=request,
        review=review,
        agency=agency,
        public=public,
        name=name,
    )
    event.save(force_insert=True)
    return event
