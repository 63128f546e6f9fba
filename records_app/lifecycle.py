"""The only code that changes a request's status or deadlines.

Each verb is named after a staff action. It checks the action against the transition table,
writes the new status, the deadlines and one event row in the caller's transaction; the caller
commits once.
A transition is a compare-and-set on (id, version, status): SQLite ignores SELECT ... FOR
UPDATE, so the row itself decides which of two simultaneous actions wins, on both databases.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import make_transient_to_detached

from . import letters, outbox, plain_insert, practice
from .denials import DENIAL_BASES
from .extensions import db
from .models import (
    OPEN_STATUSES,
    FulfilmentMethod,
    IdentityDocument,
    LetterKind,
    MessageKind,
    RecordsRequest,
    RequestEvent,
    RequestStatusCount,
    StaffUser,
    Status,
    utcnow,
)
from .tracking_codes import new_tracking_code

# 45 CFR 164.524(b)(2)(i): act on a request for access no later than 30 days after receipt.
RESPONSE_DAYS = 30
# 45 CFR 164.524(b)(2)(ii): one extension of no more than 30 days, with a written notice
# of the reasons and the new date, given within the first 30 days.
MAX_EXTENSION_DAYS = 30
DUE_SOON_DAYS = 7
# 164.524(d)(4) asks the reviewing official to decide "within a reasonable period of time";
# this desk holds the review to the same 30 days as the request itself.
DENIAL_REVIEW_DAYS = 30

_REQUESTS = RecordsRequest.__table__
# INSERT ... ON CONFLICT DO NOTHING RETURNING id, as each database's dialect spells it.
_INSERT_NEW = {
    name: dialect.insert(_REQUESTS).on_conflict_do_nothing().returning(_REQUESTS.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


class Action(StrEnum):
    RECEIVE = "receive"
    START_REVIEW = "start_review"
    REQUEST_INFO = "request_info"
    RECEIVE_INFO = "receive_info"
    APPROVE = "approve"
    DENY = "deny"
    FULFIL = "fulfil"
    WITHDRAW = "withdraw"
    EXTEND = "extend"
    ASSIGN = "assign"
    SEND_DOCUMENTS = "send_documents"
    REQUEST_DENIAL_REVIEW = "request_denial_review"
    UPHOLD_DENIAL = "uphold_denial"
    OVERTURN_DENIAL = "overturn_denial"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.RECEIVE: "Request received",
    Action.START_REVIEW: "Start review",
    Action.REQUEST_INFO: "Request information",
    Action.RECEIVE_INFO: "Information received",
    Action.APPROVE: "Approve",
    Action.DENY: "Deny",
    Action.FULFIL: "Mark fulfilled",
    Action.WITHDRAW: "Withdraw",
    Action.EXTEND: "Extend deadline",
    Action.ASSIGN: "Assign",
    Action.SEND_DOCUMENTS: "Documents sent",
    Action.REQUEST_DENIAL_REVIEW: "Record a request for review",
    Action.UPHOLD_DENIAL: "Uphold the denial",
    Action.OVERTURN_DENIAL: "Overturn the denial",
}

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.SUBMITTED, Action.START_REVIEW): Status.IN_REVIEW,
    (Status.IN_REVIEW, Action.REQUEST_INFO): Status.NEEDS_INFO,
    (Status.NEEDS_INFO, Action.RECEIVE_INFO): Status.IN_REVIEW,
    (Status.IN_REVIEW, Action.APPROVE): Status.APPROVED,
    (Status.IN_REVIEW, Action.DENY): Status.DENIED,
    (Status.APPROVED, Action.FULFIL): Status.FULFILLED,
    (Status.DENIED, Action.REQUEST_DENIAL_REVIEW): Status.DENIAL_REVIEW,
    (Status.DENIAL_REVIEW, Action.UPHOLD_DENIAL): Status.DENIED,
    (Status.DENIAL_REVIEW, Action.OVERTURN_DENIAL): Status.APPROVED,
    **{(status, Action.WITHDRAW): Status.WITHDRAWN for status in OPEN_STATUSES},
    # Withdrawing a request for review leaves the denial standing.
    (Status.DENIAL_REVIEW, Action.WITHDRAW): Status.DENIED,
}


class LifecycleError(Exception):
    """A staff action that cannot be carried out; the message is shown to staff as is."""


class TransitionNotAllowed(LifecycleError):
    def __init__(self, status: Status, action: Action):
        self.status = status
        self.action = action
        super().__init__(
            f"“{action.label}” is not possible while the request is {status.label.lower()}."
        )


class ActionRefused(LifecycleError):
    """The action is allowed from this status but what was given breaks a rule."""


class RequestChanged(LifecycleError):
    """Someone else changed the request since the acting staff member loaded it."""

    def __init__(self, changed_by: str, changed_at: datetime | None):
        self.changed_by = changed_by
        self.changed_at = changed_at
        when = (
            changed_at.astimezone(practice.zone()).strftime("%Y-%m-%d %H:%M")
            if changed_at
            else "a moment ago"
        )
        super().__init__(
            f"This request was changed by {changed_by} at {when} while you were looking at it. "
            "Here it is as it stands now; nothing you did was saved."
        )


# ---- deadlines --------------------------------------------------------------------------


def first_due_at(received_at: datetime) -> datetime:
    return received_at + timedelta(days=RESPONSE_DAYS)


def due_date(records_request: RecordsRequest) -> date:
    return practice.local_date(records_request.due_at)


def days_left(records_request: RecordsRequest, today: date | None = None) -> int:
    """Days until the due date; negative when overdue."""
    return (due_date(records_request) - (today or practice.today())).days


def is_overdue(records_request: RecordsRequest, today: date | None = None) -> bool:
    return records_request.status in OPEN_STATUSES and days_left(records_request, today) < 0


def is_due_soon(records_request: RecordsRequest, today: date | None = None) -> bool:
    return (
        records_request.status in OPEN_STATUSES
        and 0 <= days_left(records_request, today) <= DUE_SOON_DAYS
    )


def latest_extension_date(records_request: RecordsRequest) -> date:
    return practice.local_date(records_request.original_due_at) + timedelta(days=MAX_EXTENSION_DAYS)


def can_extend(records_request: RecordsRequest, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        records_request.status in OPEN_STATUSES
        and records_request.status is not Status.DENIAL_REVIEW
        and not records_request.is_extended
        and now < records_request.original_due_at
    )


def denial_is_reviewable(records_request: RecordsRequest) -> bool:
    basis = DENIAL_BASES.get(records_request.denial_basis or "")
    return basis is not None and basis.reviewable


def allowed_actions(records_request: RecordsRequest, now: datetime | None = None) -> list[Action]:
    """The actions staff may take now, in the order the request page shows them."""
    actions = [
        action
        for (status, action) in TRANSITIONS
        if status == records_request.status
        and (action is not Action.REQUEST_DENIAL_REVIEW or denial_is_reviewable(records_request))
    ]
    if can_extend(records_request, now):
        actions.append(Action.EXTEND)
    return actions


# ---- receipt ----------------------------------------------------------------------------


def receive(
    new_request: RecordsRequest,
    *,
    received_at: datetime | None = None,
    submission_token: str | None = None,
    actor: StaffUser | None = None,
) -> RecordsRequest:
    """Record a new request and start its 30-day clock.

    A request received on paper keeps its real received date, which cannot be in the future.
    A repeated submission (same `submission_token`: double click, refresh, back-and-resubmit)
    returns the request it already created instead of making a second one.
    """
    now = utcnow()
    received_at = received_at or now
    if received_at > now:
        raise ActionRefused("The received date cannot be in the future.")
    new_request.status = Status.SUBMITTED
    new_request.received_at = received_at
    new_request.original_due_at = new_request.due_at = first_due_at(received_at)
    new_request.submission_token = submission_token
    new_request.version = 1
    if (inserted := _insert_new(new_request)) is not new_request:
        return inserted
    _record(
        new_request,
        RequestEvent(
            request_id=new_request.id,
            occurred_at=now,
            actor_id=actor.id if actor else None,
            action=Action.RECEIVE,
            from_status=None,
            to_status=Status.SUBMITTED,
            reason=_receipt_reason(new_request, actor),
        ),
    )
    _count_move(None, Status.SUBMITTED)
    return new_request


def _insert_new(new_request: RecordsRequest) -> RecordsRequest:
    """Inserts the request's row under a fresh tracking code and makes the object the
    session's persistent copy of it; when its submission token was already used, returns
    the request that token made instead.

    One INSERT ... ON CONFLICT DO NOTHING RETURNING id, on both databases: a collision,
    whether of the tracking code (drawn again) or of the submission token, inserts nothing
    and needs neither a savepoint nor a rollback. Core rather than the unit of work: this is
    the one write every public submission makes, and the burst after a closure notice is
    thousands of them."""
    connection = db.session.connection()
    insert = _INSERT_NEW[connection.dialect.name]
    for _attempt in range(5):
        new_request.tracking_code = new_tracking_code()
        new_id = connection.execute(insert, plain_insert.row_values(new_request)).scalar()
        if new_id is not None:
            new_request.id = new_id
            make_transient_to_detached(new_request)
            db.session.add(new_request)
            return new_request
        if new_request.submission_token and (
            existing := find_by_submission_token(new_request.submission_token)
        ):
            return existing
    raise RuntimeError("could not allocate a unique tracking code")


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


def find_by_submission_token(token: str) -> RecordsRequest | None:
    return db.session.scalar(
        sa.select(RecordsRequest).where(RecordsRequest.submission_token == token)
    )


# ---- staff actions ----------------------------------------------------------------------


def start_review(request: RecordsRequest, actor: StaffUser, expected_version: int) -> None:
    changes = {} if request.assigned_to_id else {"assigned_to_id": actor.id}
    _apply(request, Action.START_REVIEW, actor, expected_version, changes=changes)


def request_info(
    request: RecordsRequest, actor: StaffUser, expected_version: int, message: str
) -> None:
    """The message is shown to the requester on the public status page."""
    message = _required(message, "Write what the requester needs to send.")
    _apply(
        request,
        Action.REQUEST_INFO,
        actor,
        expected_version,
        reason=message,
        changes={"info_requested_message": message},
    )


def receive_info(
    request: RecordsRequest, actor: StaffUser, expected_version: int, note: str = ""
) -> None:
    _apply(
        request,
        Action.RECEIVE_INFO,
        actor,
        expected_version,
        reason=note.strip() or None,
        changes={"info_requested_message": None},
    )


def approve(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    identity_verified: bool,
    authorization_valid: bool,
) -> None:
    if not (identity_verified and authorization_valid):
        raise ActionRefused(
            "Confirm that the identity was verified and the authorization is valid."
        )
    now = utcnow()
    seen = _documents_on_file(request)
    reason = "Identity verified; authorization valid"
    if seen:
        reason += f"; identity documents on file: {len(seen)}"
    _apply(request, Action.APPROVE, actor, expected_version, reason=reason, now=now)
    if seen:
        db.session.execute(
            sa.update(IdentityDocument)
            .where(IdentityDocument.id.in_(seen))
            .values(verified_at=now, verified_by_id=actor.id)
            .execution_options(synchronize_session=False)
        )


def _documents_on_file(request: RecordsRequest) -> list[int]:
    """The documents the approving staff member could look at: not yet purged, and not
    already tied to an earlier approval."""
    return list(
        db.session.scalars(
            sa.select(IdentityDocument.id).where(
                IdentityDocument.request_id == request.id,
                IdentityDocument.purged_at.is_(None),
                IdentityDocument.verified_at.is_(None),
            )
        )
    )


def record_documents_sent(request: RecordsRequest, count: int) -> None:
    """A history line for documents the requester sent from the status page after staff asked
    for more information. The status stays as it is: staff decide, with "Information
    received", whether what came is enough. The version stays too, so a clerk who has the
    page open is not stopped by an upload they will see on reload."""
    if request.status is not Status.NEEDS_INFO:
        raise ActionRefused("Documents can be sent only while we are waiting for information.")
    _record(
        request,
        RequestEvent(
            request_id=request.id,
            actor_id=None,
            action=Action.SEND_DOCUMENTS,
            from_status=request.status,
            to_status=request.status,
            reason=f"{count} {'file' if count == 1 else 'files'} sent from the status page",
        ),
    )


def deny(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    basis: str,
    explanation: str,
) -> None:
    """45 CFR 164.524(d)(2): a written denial in plain language giving the basis and, where
    the basis is reviewable, the right to a review."""
    if basis not in DENIAL_BASES:
        raise ActionRefused("Choose the basis for the denial.")
    explanation = _required(explanation, "Explain the denial in plain language.")
    _apply(
        request,
        Action.DENY,
        actor,
        expected_version,
        reason=f"{DENIAL_BASES[basis].label}: {explanation}",
        changes={"denial_basis": basis, "denial_explanation": explanation},
    )


def request_denial_review(
    request: RecordsRequest, actor: StaffUser, expected_version: int, how: str
) -> None:
    """45 CFR 164.524(a)(4): a requester denied on a reviewable basis (a)(3) may have the
    denial reviewed. The request reopens, with the review's own deadline."""
    if request.status is Status.DENIED and not denial_is_reviewable(request):
        raise ActionRefused("This denial's basis is not reviewable (45 CFR 164.524(a)(2)).")
    how = _required(how, "Say how and when the requester asked for the review.")
    now = utcnow()
    due_at = max(now + timedelta(days=DENIAL_REVIEW_DAYS), request.original_due_at)
    _apply(
        request,
        Action.REQUEST_DENIAL_REVIEW,
        actor,
        expected_version,
        now=now,
        reason=how,
        changes={"due_at": due_at},
    )


def decide_denial_review(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    upheld: bool,
    reviewer: str,
    reviewer_took_no_part: bool,
    decision: str,
) -> None:
    """164.524(d)(4): the reviewing official is a licensed health care professional who did
    not take part in the original denial, and the practice acts on their decision. The staff
    member who denied cannot record it, and the reviewer is named in the history."""
    if request.status is Status.DENIAL_REVIEW and actor.id == _denied_by(request):
        raise ActionRefused(
            "You denied this request, so someone else must record the review's decision."
        )
    reviewer = _required(reviewer, "Name the reviewing professional and their licence.")
    if not reviewer_took_no_part:
        raise ActionRefused(
            "Confirm that the reviewing professional took no part in the original denial."
        )
    decision = _required(decision, "Write the reviewer's decision and reasons.")
    action = Action.UPHOLD_DENIAL if upheld else Action.OVERTURN_DENIAL
    changes = {} if upheld else {"denial_basis": None, "denial_explanation": None}
    _apply(
        request,
        action,
        actor,
        expected_version,
        reason=f"Reviewed by {reviewer}: {decision}",
        changes=changes,
    )


def _denied_by(request: RecordsRequest) -> int | None:
    return db.session.scalar(
        sa.select(RequestEvent.actor_id)
        .where(RequestEvent.request_id == request.id, RequestEvent.action == Action.DENY)
        .order_by(RequestEvent.id.desc())
        .limit(1)
    )


def fulfil(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    sent_on: date,
    method: FulfilmentMethod,
    records_sent: str,
    sent_to: str,
    carrier_tracking: str = "",
    fee_cents: int = 0,
) -> None:
    if sent_on > practice.today():
        raise ActionRefused("The date sent cannot be in the future.")
    if sent_on < practice.local_date(request.received_at):
        raise ActionRefused("The date sent cannot be before the request was received.")
    if fee_cents < 0:
        raise ActionRefused("The fee cannot be negative.")
    records_sent = _required(records_sent, "Describe what was sent.")
    sent_to = _required(sent_to, "Say who the records were sent to.")
    now = utcnow()
    _apply(
        request,
        Action.FULFIL,
        actor,
        expected_version,
        now=now,
        reason=f"Sent {sent_on.isoformat()} by {method.value.replace('_', ' ')} to {sent_to}",
        changes={
            "sent_on": sent_on,
            "fulfilment_method": method,
            "records_sent": records_sent,
            "sent_to": sent_to,
            "carrier_tracking": carrier_tracking.strip() or None,
            "fee_cents": fee_cents,
            "fulfilled_at": now,
            "fulfilled_by_id": actor.id,
        },
    )


def withdraw(request: RecordsRequest, actor: StaffUser, expected_version: int, reason: str) -> None:
    reason = _required(reason, "Say how the requester cancelled the request.")
    _apply(request, Action.WITHDRAW, actor, expected_version, reason=reason)


def extend(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    new_due_on: date,
    reason: str,
) -> None:
    """45 CFR 164.524(b)(2)(ii): once, while open, before the first 30 days run out (the
    written notice must go out within them), to at most 30 days after the original date."""
    now = utcnow()
    ensure_current(request, expected_version)
    if request.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(request.status, Action.EXTEND)
    if request.is_extended:
        raise ActionRefused("The deadline has already been extended once; the law allows one.")
    if now >= request.original_due_at:
        raise ActionRefused(
            "The first 30 days have run out; an extension notice can no longer be given."
        )
    reason = _required(reason, "Give the reason for the delay; the notice must state it.")
    original_due_on = practice.local_date(request.original_due_at)
    if new_due_on <= original_due_on:
        raise ActionRefused("The new due date must be after the current one.")
    if new_due_on > latest_extension_date(request):
        raise ActionRefused(
            f"The new due date can be at most {MAX_EXTENSION_DAYS} days after the original "
            f"({latest_extension_date(request).isoformat()})."
        )
    new_due_at = request.original_due_at + (new_due_on - original_due_on)
    _apply(
        request,
        Action.EXTEND,
        actor,
        expected_version,
        now=now,
        reason=f"Due date moved to {new_due_on.isoformat()}: {reason}",
        changes={"due_at": new_due_at, "extension_reason": reason},
    )


def assign(
    request: RecordsRequest, actor: StaffUser, expected_version: int, assignee: StaffUser | None
) -> None:
    if request.status not in OPEN_STATUSES:
        raise ActionRefused("Only open requests can be assigned.")
    if assignee is not None and not assignee.active:
        raise ActionRefused("That staff account is deactivated.")
    reason = f"Assigned to {assignee.name}" if assignee else "Unassigned"
    _apply(
        request,
        Action.ASSIGN,
        actor,
        expected_version,
        reason=reason,
        changes={"assigned_to_id": assignee.id if assignee else None},
    )


# ---- the one write path -----------------------------------------------------------------


def _apply(
    request: RecordsRequest,
    action: Action,
    actor: StaffUser,
    expected_version: int,
    *,
    reason: str | None = None,
    changes: dict | None = None,
    now: datetime | None = None,
) -> None:
    now = now or utcnow()
    ensure_current(request, expected_version)
    from_status = request.status
    if action in (Action.EXTEND, Action.ASSIGN):
        to_status = from_status
    else:
        to_status = TRANSITIONS.get((from_status, action))
        if to_status is None:
            raise TransitionNotAllowed(from_status, action)
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
        raise _changed(request)
    _record(
        request,
        RequestEvent(
            request_id=request.id,
            occurred_at=now,
            actor_id=actor.id,
            action=action,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        ),
    )
    _count_move(from_status, to_status)


# The letters each step owes: the written notices of 45 CFR 164.524(b)(2)(ii) and (d)(2),
# and what keeps the requester and the paper file informed.
LETTERS: dict[Action, tuple[LetterKind, ...]] = {
    Action.RECEIVE: (LetterKind.ACKNOWLEDGEMENT, LetterKind.AUTHORIZATION),
    Action.EXTEND: (LetterKind.EXTENSION_NOTICE,),
    Action.REQUEST_INFO: (LetterKind.INFORMATION_REQUEST,),
    Action.DENY: (LetterKind.DENIAL,),
    Action.FULFIL: (LetterKind.COVER_LETTER,),
}


# What the requester is e-mailed about, when they gave an address (records_app/outbox.py).
REQUESTER_HEARS_OF = {
    Action.RECEIVE: MessageKind.RECEIVED,
    Action.REQUEST_INFO: MessageKind.NEEDS_INFO,
    Action.APPROVE: MessageKind.APPROVED,
    Action.DENY: MessageKind.DENIED,
    Action.FULFIL: MessageKind.FULFILLED,
    Action.EXTEND: MessageKind.EXTENDED,
    Action.WITHDRAW: MessageKind.WITHDRAWN,
    Action.UPHOLD_DENIAL: MessageKind.DENIED,
    Action.OVERTURN_DENIAL: MessageKind.APPROVED,
}


def _record(request: RecordsRequest, event: RequestEvent) -> None:
    """Writes the event, the letters it owes and the e-mail the requester is owed, all in the
    step's own transaction: a step that fails leaves none of them, a letter always says what
    the request says (the receipt letters' rows are here, their PDFs written after the
    response: `letters.WRITTEN_AFTER_THE_RESPONSE`), and `flask mail send` finds the e-mail
    only once the caller's commit has made the change real. Nothing reads these rows back
    before the commit, so they go in as plain INSERTs (`plain_insert`)."""
    event.occurred_at = event.occurred_at or utcnow()
    plain_insert.insert(event)
    letters.issue(request, LETTERS.get(Action(event.action), ()), event)
    if message_kind := REQUESTER_HEARS_OF.get(event.action):
        outbox.queue(request, message_kind)


# ---- status counts ----------------------------------------------------------------------


_COUNTS = RequestStatusCount.__table__
_COUNT_MOVE = (
    sa.update(_COUNTS)
    .where(_COUNTS.c.status == sa.bindparam("moved"))
    .values(count=_COUNTS.c.count + sa.bindparam("by"))
)


def _count_move(from_status: Status | None, to_status: Status) -> None:
    """Moves one request from one status's count to another's (from None: a new request).
    Every step in a status updates its row, so on PostgreSQL a step holds the row's lock
    until its commit: this runs last in the step to keep that short, and updates the two
    rows in status order, so that two steps going opposite ways (in review to waiting for
    information, and back) wait for each other instead of deadlocking."""
    if from_status == to_status:
        return
    moves = {to_status: 1} | ({from_status: -1} if from_status else {})
    connection = db.session.connection()
    for status in sorted(moves):
        connection.execute(_COUNT_MOVE, {"moved": status, "by": moves[status]})


def recount() -> dict[Status, int]:
    """Sets every status's count from the requests themselves, for an operator after rows
    were written outside the lifecycle (a bulk import, a restore); the caller commits. On
    PostgreSQL the count table is locked first: steps under way either moved their counts
    before the lock and are counted here, or wait for the lock and move them after, so none
    is lost or counted twice, and queue pages still read the old counts meanwhile. On SQLite
    the DELETE takes the database's write lock before anything is counted."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("LOCK TABLE request_status_count IN EXCLUSIVE MODE"))
    db.session.execute(sa.delete(RequestStatusCount))
    found = db.session.execute(
        sa.select(RecordsRequest.status, sa.func.count()).group_by(RecordsRequest.status)
    )
    counts = dict.fromkeys(Status, 0) | dict(found.all())
    db.session.execute(
        sa.insert(RequestStatusCount),
        [{"status": status, "count": count} for status, count in counts.items()],
    )
    return counts


def ensure_current(request: RecordsRequest, expected_version: int) -> None:
    """RequestChanged unless the request is still the version the staff member saw; a view
    also asks this before it answers an incomplete form, so that the news that someone else
    acted comes first."""
    if request.version != expected_version:
        raise _changed(request)


def _changed(request: RecordsRequest) -> RequestChanged:
    latest = db.session.scalar(
        sa.select(RequestEvent)
        .where(RequestEvent.request_id == request.id)
        .order_by(RequestEvent.id.desc())
        .limit(1)
    )
    if latest is None:
        return RequestChanged("another user", None)
    who = latest.actor.name if latest.actor else "the requester"
    return RequestChanged(who, latest.occurred_at)


def _required(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionRefused(message)
    return text
