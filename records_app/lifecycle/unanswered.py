"""Requests left waiting for information: since when each has waited (the last time staff
asked for information), which have waited longer than a number of days, and the step that
closes one when the practice has chosen to (`flask requests sweep` with
CLOSE_UNANSWERED_AFTER_DAYS set). Days are the practice's calendar days, as every deadline."""

from datetime import datetime

import sqlalchemy as sa

from records_app.lifecycle.deadlines import practice_days_after
from records_app.lifecycle.rules import Action
from records_app.lifecycle.transition import apply
from records_app.models import RecordsRequest, RequestEvent, StaffUser, Status, utcnow

# The digest marks a request that has waited this long for the requester's answer.
WAITING_TOO_LONG_DAYS = 14


def info_requested_at():
    """SQL: when information was last asked for on the request of the row."""
    return (
        sa.select(sa.func.max(RequestEvent.occurred_at))
        .where(
            RequestEvent.request_id == RecordsRequest.id,
            RequestEvent.action == Action.REQUEST_INFO,
        )
        .correlate(RecordsRequest)
        .scalar_subquery()
    )


def waiting_longer_than(days: int, now: datetime | None = None):
    """SQL: waiting for information, asked for more than `days` practice days ago."""
    asked_before = practice_days_after(now or utcnow(), -days)
    return sa.and_(RecordsRequest.status == Status.NEEDS_INFO, info_requested_at() < asked_before)


def close_unanswered(
    request: RecordsRequest,
    actor: StaffUser | None,
    expected_version: int,
    *,
    waited_days: int,
) -> None:
    """Closes a request whose requester never sent what was asked for, with a letter and an
    e-mail that say why and how to start again. The sweep acts with no actor; the letter
    keeps what was asked for, so that it can say so."""
    apply(
        request,
        Action.CLOSE_UNANSWERED,
        actor,
        expected_version,
        reason=f"No answer more than {waited_days} days after information was asked for",
    )
