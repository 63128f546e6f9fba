"""The compare-and-set every step goes through: check the action against the transition
table and the version the actor saw, write the new status (and whatever else the step
changes) only if the row is still that version in that status, then record the event with
the letters and e-mail it owes, and move the status counts.

SQLite ignores SELECT ... FOR UPDATE, so the row itself decides which of two simultaneous
actions wins, on both databases: the loser's UPDATE matches no row and it is told who
changed the request (`RequestChanged`).
"""

from datetime import datetime

import sqlalchemy as sa

from records_app.extensions import db
from records_app.lifecycle import counts, events
from records_app.lifecycle.errors import ActionRefused, RequestChanged, TransitionNotAllowed
from records_app.lifecycle.rules import AUTOMATIC_ACTIONS, Action, next_status
from records_app.models import (
    OPEN_STATUSES,
    RecordsRequest,
    RequestEvent,
    StaffUser,
    Status,
    utcnow,
)


def apply(
    request: RecordsRequest,
    action: Action,
    actor: StaffUser | None,
    expected_version: int,
    *,
    reason: str | None = None,
    changes: dict | None = None,
    now: datetime | None = None,
) -> None:
    """`actor` is None when the requester acts (from the status page)."""
    now = now or utcnow()
    from_status = request.status
    to_status = checked_next_status(request, action, expected_version)
    values = {"status": to_status, "version": expected_version + 1, **(changes or {})}
    if to_status not in OPEN_STATUSES and from_status in OPEN_STATUSES:
        values["closed_at"] = now
    if to_status in OPEN_STATUSES and from_status not in OPEN_STATUSES:
        values["closed_at"] = None  # reopened for a review of the denial
    result = db.session.execute(
        sa.update(RecordsRequest)
        .where(
            RecordsRequest.id == request.id,
            RecordsRequest.version == expected_version,
            RecordsRequest.status == from_status,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(request)  # the UPDATE above went around the ORM
    if result.rowcount != 1:
        raise changed(request)
    events.record(
        request,
        RequestEvent(
            request_id=request.id,
            occurred_at=now,
            actor_id=actor.id if actor else None,
            action=action,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        ),
    )
    counts.move(from_status, to_status)


def checked_next_status(request: RecordsRequest, action: Action, expected_version: int) -> Status:
    """Where the action takes the request, once it is known to be the version the staff
    member saw and the transition table allows the action from its status."""
    ensure_current(request, expected_version)
    to_status = next_status(request.status, action)
    if to_status is None:
        raise TransitionNotAllowed(request.status, action)
    return to_status


def ensure_current(request: RecordsRequest, expected_version: int) -> None:
    """RequestChanged unless the request is still the version the staff member saw; a view
    also asks this before it answers an incomplete form, so that the news that someone else
    acted comes first."""
    if request.version != expected_version:
        raise changed(request)


def changed(request: RecordsRequest) -> RequestChanged:
    latest = db.session.scalar(
        sa.select(RequestEvent)
        .where(RequestEvent.request_id == request.id)
        .order_by(RequestEvent.id.desc())
        .limit(1)
    )
    if latest is None:
        return RequestChanged("another user", None)
    if latest.actor:
        who = latest.actor.name
    else:
        who = "the desk's sweep" if latest.action in AUTOMATIC_ACTIONS else "the requester"
    return RequestChanged(who, latest.occurred_at)


def required(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionRefused(message)
    return text
