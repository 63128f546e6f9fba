"""Receiving a request: its row, its first event, its 30-day clock.

This is the one write every public submission makes, and the burst after a closure notice is
thousands of them, so the row goes in by one `INSERT ... ON CONFLICT DO NOTHING RETURNING`
(`_insert_new`): a tracking code already taken is drawn again, and a submission token already
used returns the request it made, without a savepoint or a rollback. Everything else the
receipt writes goes through the session like any other step."""

from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import load_only

from records_app import practice
from records_app.extensions import db
from records_app.lifecycle import counts, events
from records_app.lifecycle.deadlines import first_due_at
from records_app.lifecycle.errors import ActionRefused
from records_app.lifecycle.rules import Action
from records_app.models import RecordsRequest, RequestEvent, StaffUser, Status, utcnow
from records_app.tracking import new_tracking_code

TRACKING_CODE_ATTEMPTS = 5
# What the receipt reads back of the row it wrote: the rest of the row loads when asked for,
# after the commit, so a submission does not open every sealed answer it has just sealed.
_RETURNED = load_only(
    RecordsRequest.id,
    RecordsRequest.email,
    RecordsRequest.received_via,
    RecordsRequest.status,
    RecordsRequest.version,
)
# INSERT ... ON CONFLICT DO NOTHING RETURNING the new request, as each database spells it.
_INSERT_NEW = {
    name: upsert(RecordsRequest)
    .on_conflict_do_nothing()
    .returning(RecordsRequest)
    .options(_RETURNED)
    for name, upsert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}


class Receipt(NamedTuple):
    """The request as stored; `is_new` is False when the submission repeated an earlier one
    (double click, refresh, back-and-resubmit) and `request` is the one it made then."""

    request: RecordsRequest
    is_new: bool


def receive(
    draft: RecordsRequest,
    *,
    received_at: datetime | None = None,
    submission_token: str | None = None,
    actor: StaffUser | None = None,
) -> Receipt:
    """Records a new request from the requester's answers (`draft`, not yet stored) and
    starts its 30-day clock (45 CFR 164.524(b)(2)). A request received on paper keeps its
    real received date, which cannot be in the future."""
    now = utcnow()
    received_at = received_at or now
    if received_at > now:
        raise ActionRefused("The received date cannot be in the future.")
    draft.status = Status.SUBMITTED
    draft.received_at = received_at
    draft.original_due_at = draft.due_at = first_due_at(received_at)
    draft.submission_token = submission_token
    draft.version = 1
    stored = _insert_new(draft)
    if stored is None:
        return Receipt(find_by_submission_token(submission_token), is_new=False)
    events.record(
        stored,
        RequestEvent(
            request_id=stored.id,
            occurred_at=now,
            actor_id=actor.id if actor else None,
            action=Action.RECEIVE,
            from_status=None,
            to_status=Status.SUBMITTED,
            reason=_receipt_reason(stored, actor),
        ),
    )
    counts.move(None, Status.SUBMITTED)
    return Receipt(stored, is_new=True)


def _insert_new(draft: RecordsRequest) -> RecordsRequest | None:
    """The draft's row under a fresh tracking code, as a request of the session; None when
    its submission token was used already. A taken tracking code is drawn again."""
    insert = _INSERT_NEW[db.session.get_bind().dialect.name]
    for _attempt in range(TRACKING_CODE_ATTEMPTS):
        draft.tracking_code = new_tracking_code()
        stored = db.session.scalars(insert, [_answers(draft)]).first()
        if stored is not None:
            return stored
        if draft.submission_token and find_by_submission_token(draft.submission_token):
            return None
    raise RuntimeError("could not allocate a unique tracking code")


def _answers(draft: RecordsRequest) -> dict:
    """The draft's columns that hold a value; the others take their defaults."""
    columns = sa.inspect(RecordsRequest).column_attrs
    values = {column.key: getattr(draft, column.key) for column in columns}
    return {key: value for key, value in values.items() if value is not None}


def _receipt_reason(new_request: RecordsRequest, actor: StaffUser | None) -> str:
    """How the request arrived ("Received by mail") and, when staff entered it from paper,
    who did, so the history says whose transcription the request is."""
    how = f"Received {new_request.received_via.label.lower()}"
    return f"{how}; entered by {actor.name}" if actor else how


def paper_received_at(received_on: date) -> datetime:
    """When the clock starts for a request that arrived on paper: the start of the day it
    arrived, so the 30 days count from that day as 45 CFR 164.524(b)(2) asks, never from
    when it was typed in. A request that arrived today starts now, as an online one does."""
    if received_on < practice.today():
        return practice.start_of_day(received_on)
    return utcnow()


def find_by_submission_token(token: str | None) -> RecordsRequest | None:
    if not token:
        return None
    return db.session.scalar(
        sa.select(RecordsRequest).where(RecordsRequest.submission_token == token)
    )
