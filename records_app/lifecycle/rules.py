"""The rules of a request's life, each written once: which action is allowed in which status
and where it leads, and who the records go to. The deadlines are in `deadlines`; what a fee
allows is the fee rules' (`records_app.fees`), asked here for the fee's actions and release.

Views, templates and exports ask these functions; only the steps (`steps`, `fee_steps`,
through `transition`) and `receipt` act on them.
"""

from collections.abc import Callable
from datetime import datetime

from flask import current_app

from records_app import fees
from records_app.lifecycle.deadlines import can_extend_now
from records_app.models import (
    DENIAL_BASES,
    OPEN_STATUSES,
    RecipientKind,
    RecordsRequest,
    Status,
    requester_name,
    utcnow,
)
from records_app.models.base import LabelledChoice


class Action(LabelledChoice):
    RECEIVE = "receive", "Request received"
    START_REVIEW = "start_review", "Start review"
    REQUEST_INFO = "request_info", "Request information"
    RECEIVE_INFO = "receive_info", "Information received"
    APPROVE = "approve", "Approve"
    DENY = "deny", "Deny"
    REPORT_NO_RECORDS = "report_no_records", "No records held"
    FULFIL = "fulfil", "Mark fulfilled"
    WITHDRAW = "withdraw", "Withdraw"
    EXTEND = "extend", "Extend deadline"
    ASSIGN = "assign", "Assign"
    REOPEN = "reopen", "Re-open"
    SEND_DOCUMENTS = "send_documents", "Documents sent"
    REQUEST_DENIAL_REVIEW = "request_denial_review", "Record a request for review"
    UPHOLD_DENIAL = "uphold_denial", "Uphold the denial"
    OVERTURN_DENIAL = "overturn_denial", "Overturn the denial"
    SEND_QUOTE = "send_quote", "Send quote"
    ACCEPT_QUOTE = "accept_quote", "Record acceptance"
    DECLINE_QUOTE = "decline_quote", "Record refusal"
    RECORD_PAYMENT = "record_payment", "Record payment"
    WAIVE_FEE = "waive_fee", "Waive the fee"
    # What happens to the released files (records_app/releases): history lines that leave
    # the status as it is.
    ATTACH_RECORDS = "attach_records", "Records attached"
    REMOVE_RECORDS = "remove_records", "Records removed"
    SEND_DOWNLOAD_CODE = "send_download_code", "Download code sent"
    WRONG_DOWNLOAD_CODE = "wrong_download_code", "Wrong download code"
    DOWNLOAD_RECORDS = "download_records", "Records downloaded"
    SEND_LINK = "send_link", "Download link sent"
    OPEN_LINK = "open_link", "Download link opened"
    WRONG_BIRTH_DATE = "wrong_birth_date", "Wrong date of birth on a link"
    LOCK_LINK = "lock_link", "Download link locked"
    REVOKE_LINK = "revoke_link", "Download link revoked"
    EMAIL_RECORDS = "email_records", "Records e-mailed as attachments"
    CLOSE_UNANSWERED = "close_unanswered", "Closed: no answer"
    SECOND_CHECK = "second_check", "Second check before release"
    # History lines, not transitions: the chart staff confirmed in the patient index, and
    # the checklist ticked as the records went out.
    CONFIRM_CHART = "confirm_chart", "Chart confirmed"
    CHECK_RELEASE = "check_release", "Checked before release"
    MARK_SPAM = "mark_spam", "Mark as spam"


# The fee's steps leave the status as it is: the 30 days of 45 CFR 164.524(b) keep running
# while a quote waits. A quote comes before release; its answer may come while staff wait
# for information; a payment or a waiver may come after release, since a patient's records
# are never held back for an unpaid fee.
QUOTED_IN = (Status.IN_REVIEW, Status.APPROVED)
ANSWERED_IN = (Status.IN_REVIEW, Status.NEEDS_INFO, Status.APPROVED)
PAID_IN = (*ANSWERED_IN, Status.FULFILLED)
REOPENED_FROM = (Status.FULFILLED, Status.DENIED, Status.NO_RECORDS, Status.WITHDRAWN)
FEE_ACTIONS = (
    Action.SEND_QUOTE,
    Action.ACCEPT_QUOTE,
    Action.DECLINE_QUOTE,
    Action.RECORD_PAYMENT,
    Action.WAIVE_FEE,
)


# Actions the desk takes by itself (`flask requests sweep`), never offered on a request page.
AUTOMATIC_ACTIONS = frozenset({Action.CLOSE_UNANSWERED})


# Every action staff may take, from the status it is taken in to the status it leads to, in
# the order the request page offers them. An action that leaves the status as it is (an
# extension, an assignment) is a row too, so that one table says what is allowed.
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.SUBMITTED, Action.START_REVIEW): Status.IN_REVIEW,
    (Status.IN_REVIEW, Action.REQUEST_INFO): Status.NEEDS_INFO,
    (Status.NEEDS_INFO, Action.RECEIVE_INFO): Status.IN_REVIEW,
    (Status.IN_REVIEW, Action.APPROVE): Status.APPROVED,
    (Status.IN_REVIEW, Action.DENY): Status.DENIED,
    # 45 CFR 164.524(d)(3): holding nothing is its own answer, not a denial.
    (Status.IN_REVIEW, Action.REPORT_NO_RECORDS): Status.NO_RECORDS,
    (Status.APPROVED, Action.FULFIL): Status.FULFILLED,
    (Status.DENIED, Action.REQUEST_DENIAL_REVIEW): Status.DENIAL_REVIEW,
    (Status.DENIAL_REVIEW, Action.UPHOLD_DENIAL): Status.DENIED,
    (Status.DENIAL_REVIEW, Action.OVERTURN_DENIAL): Status.APPROVED,
    # 45 CFR 164.524(d)(1): a part withheld from a release is reviewed as a whole denial is;
    # upheld, the release stands as it was; overturned, the part is approved for release.
    (Status.FULFILLED, Action.REQUEST_DENIAL_REVIEW): Status.WITHHELD_REVIEW,
    (Status.WITHHELD_REVIEW, Action.UPHOLD_DENIAL): Status.FULFILLED,
    (Status.WITHHELD_REVIEW, Action.OVERTURN_DENIAL): Status.APPROVED,
    **{(status, Action.WITHDRAW): Status.WITHDRAWN for status in OPEN_STATUSES},
    # Only a request nobody has started on: one in review was read by staff and is real.
    (Status.SUBMITTED, Action.MARK_SPAM): Status.SPAM,
    # Withdrawing a request for review leaves the denial, or the partial release, standing.
    (Status.DENIAL_REVIEW, Action.WITHDRAW): Status.DENIED,
    (Status.WITHHELD_REVIEW, Action.WITHDRAW): Status.FULFILLED,
    # A closed request comes back to review when the records never arrived, a second copy
    # is wanted or a new authorization came: history kept, a new 30-day clock.
    **{(status, Action.REOPEN): Status.IN_REVIEW for status in REOPENED_FROM},
    # 45 CFR 164.524(b)(2)(ii): the 30 days of an open request may be extended; a review of
    # a denial or of a withheld part runs on its own deadline instead.
    **{
        (status, Action.EXTEND): status
        for status in OPEN_STATUSES
        if status not in (Status.DENIAL_REVIEW, Status.WITHHELD_REVIEW)
    },
    # Only open requests are worked on, so only they are assigned.
    **{(status, Action.ASSIGN): status for status in OPEN_STATUSES},
    **{(status, Action.SEND_QUOTE): status for status in QUOTED_IN},
    **{(status, Action.ACCEPT_QUOTE): status for status in ANSWERED_IN},
    **{(status, Action.DECLINE_QUOTE): status for status in ANSWERED_IN},
    **{(status, Action.RECORD_PAYMENT): status for status in PAID_IN},
    **{(status, Action.WAIVE_FEE): status for status in PAID_IN},
    # A second staff member's check of a release (`four_eyes_required`).
    (Status.APPROVED, Action.SECOND_CHECK): Status.APPROVED,
    # A request left waiting for information too long is closed, once the practice says so.
    (Status.NEEDS_INFO, Action.CLOSE_UNANSWERED): Status.WITHDRAWN,
}


def refused_basis(records_request: RecordsRequest) -> str | None:
    """The basis of what was refused: the whole request's denial, or the part withheld from
    a release (45 CFR 164.524(d)(1))."""
    return records_request.denial_basis or records_request.withheld_basis


def denial_is_reviewable(records_request: RecordsRequest) -> bool:
    """45 CFR 164.524(a)(3): the grounds that give the requester a right to a review, of a
    whole denial or of a part withheld."""
    basis = DENIAL_BASES.get(refused_basis(records_request) or "")
    return basis is not None and basis.reviewable


def _owes(request: RecordsRequest) -> bool:
    ledger = fees.ledger_of(request)
    return ledger is not None and ledger.outstanding > 0


def _unsettled(request: RecordsRequest) -> bool:
    ledger = fees.ledger_of(request)
    return ledger is not None and ledger.unsettled > 0


def four_eyes_required(records_request: RecordsRequest) -> bool:
    """With FOUR_EYES_SENSITIVE_RELEASES on (off by default, for one-person offices), a
    release that includes sensitive categories (those initialled under ORS 192.566) waits
    for a second staff member's check."""
    return current_app.config["FOUR_EYES_SENSITIVE_RELEASES"] and bool(
        records_request.sensitive_initials
    )


def second_checker(records_request: RecordsRequest) -> int | None:
    """Who made the second check of the release now approved: the latest second check
    since the request was last approved, if any."""
    for event in reversed(records_request.events):
        if event.action == Action.SECOND_CHECK:
            return event.actor_id
        if event.action in (Action.APPROVE, Action.OVERTURN_DENIAL):
            return None
    return None


# What else, beyond the status, an action needs before it is offered.
_CONDITIONS: dict[Action, Callable[[RecordsRequest, datetime], bool]] = {
    Action.REQUEST_DENIAL_REVIEW: lambda request, _now: denial_is_reviewable(request),
    Action.EXTEND: can_extend_now,
    Action.FULFIL: lambda request, _now: (
        not fees.release_waits_for_payment(request, fees.current())
    ),
    Action.SEND_QUOTE: lambda request, _now: fees.quote_replaceable(request),
    Action.ACCEPT_QUOTE: lambda request, _now: fees.awaits_answer(request),
    Action.DECLINE_QUOTE: lambda request, _now: fees.awaits_answer(request),
    Action.RECORD_PAYMENT: lambda request, _now: _owes(request),
    Action.WAIVE_FEE: lambda request, _now: _unsettled(request),
    Action.SECOND_CHECK: lambda request, _now: (
        four_eyes_required(request) and second_checker(request) is None
    ),
}


def next_status(status: Status, action: Action) -> Status | None:
    """Where the action leads from this status, or None when it is not allowed there."""
    return TRANSITIONS.get((status, action))


def is_allowed(
    records_request: RecordsRequest, action: Action, now: datetime | None = None
) -> bool:
    if next_status(records_request.status, action) is None:
        return False
    condition = _CONDITIONS.get(action)
    return condition is None or condition(records_request, now or utcnow())


def allowed_actions(records_request: RecordsRequest, now: datetime | None = None) -> list[Action]:
    """The actions staff may take now, in the order the request page shows them."""
    now = now or utcnow()
    return [
        action
        for (status, action) in TRANSITIONS
        if status == records_request.status
        and action not in AUTOMATIC_ACTIONS
        and is_allowed(records_request, action, now)
    ]


def can_extend(records_request: RecordsRequest, now: datetime | None = None) -> bool:
    return is_allowed(records_request, Action.EXTEND, now)


def accepts_documents(records_request: RecordsRequest | None) -> bool:
    """A requester sends more documents from the status page only while staff wait for the
    information they asked for."""
    return records_request is not None and records_request.status is Status.NEEDS_INFO


def accepts_released_files(records_request: RecordsRequest) -> bool:
    """Staff attach and remove the files to release while the request is approved, before
    and at the fulfil step; once it is fulfilled they are what was released, and fixed."""
    return records_request.status is Status.APPROVED


def offers_download(records_request: RecordsRequest) -> bool:
    """The requester downloads the released files once the request is fulfilled."""
    return records_request.status is Status.FULFILLED


def requested_recipient(asked) -> str:
    """Who the requester asked the copy to go to, as one line: the third party they named,
    else themselves (the patient, or the representative who asked for the patient).
    `asked` is a request, or a result row holding the same columns."""
    if asked.recipient_kind == RecipientKind.THIRD_PARTY:
        named = (asked.recipient_name, asked.recipient_organization)
        return ", ".join(part for part in named if part)
    return requester_name(asked)


def records_recipient(asked) -> str:
    """Who the records went to, as staff recorded it when they were sent; before that, who
    they are asked to go to."""
    return asked.sent_to or requested_recipient(asked)
