"""The only code that changes a request's status or deadlines.

`rules` and `deadlines` say what is allowed and when things are due (each rule once, with its
SQL twin where a query needs it); `receipt` takes a new request in; `steps` holds the verbs
named after staff actions, `review_steps` those of a denial's review, `fee_steps` those of
the fee, `spam_steps` marking what a program sent as spam; `transition` is the
compare-and-set they all go through; `unanswered` finds and closes the requests left waiting
for information; `events` writes what each step leaves behind; `counts` keeps the number of
requests in each status. Everything a caller needs is importable from here.
"""

from records_app.lifecycle.counts import recount
from records_app.lifecycle.deadlines import (
    DENIAL_REVIEW_DAYS,
    DUE_SOON_DAYS,
    MAX_EXTENSION_DAYS,
    RESPONSE_DAYS,
    days_left,
    days_taken,
    due_date,
    due_soon_condition,
    first_due_at,
    is_due_soon,
    is_overdue,
    latest_extension_date,
    overdue_condition,
    sent_in_time,
)
from records_app.lifecycle.errors import (
    ActionRefused,
    LifecycleError,
    RequestChanged,
    TransitionNotAllowed,
)
from records_app.lifecycle.fee_steps import answer_quote, record_payment, send_quote, waive_fee
from records_app.lifecycle.receipt import (
    Receipt,
    find_by_submission_token,
    paper_received_at,
    receive,
)
from records_app.lifecycle.release_checks import CHECKLIST
from records_app.lifecycle.release_events import note_release
from records_app.lifecycle.review_steps import decide_denial_review, request_denial_review
from records_app.lifecycle.rules import (
    FEE_ACTIONS,
    TRANSITIONS,
    Action,
    accepts_documents,
    accepts_released_files,
    allowed_actions,
    can_extend,
    denial_is_reviewable,
    four_eyes_required,
    is_allowed,
    offers_download,
    records_recipient,
    requested_recipient,
)
from records_app.lifecycle.spam_steps import SpamMarking, mark_many_as_spam, mark_spam
from records_app.lifecycle.steps import (
    approve,
    assign,
    deny,
    extend,
    fulfil,
    receive_info,
    record_documents_sent,
    reopen,
    report_no_records,
    request_info,
    second_check,
    start_review,
    withdraw,
)
from records_app.lifecycle.transition import ensure_current
from records_app.lifecycle.unanswered import (
    WAITING_TOO_LONG_DAYS,
    close_unanswered,
    info_requested_at,
    waiting_longer_than,
)

__all__ = [
    "CHECKLIST",
    "DENIAL_REVIEW_DAYS",
    "DUE_SOON_DAYS",
    "FEE_ACTIONS",
    "MAX_EXTENSION_DAYS",
    "RESPONSE_DAYS",
    "TRANSITIONS",
    "WAITING_TOO_LONG_DAYS",
    "Action",
    "ActionRefused",
    "LifecycleError",
    "Receipt",
    "RequestChanged",
    "SpamMarking",
    "TransitionNotAllowed",
    "accepts_documents",
    "accepts_released_files",
    "allowed_actions",
    "answer_quote",
    "approve",
    "assign",
    "can_extend",
    "close_unanswered",
    "days_left",
    "days_taken",
    "decide_denial_review",
    "denial_is_reviewable",
    "deny",
    "due_date",
    "due_soon_condition",
    "ensure_current",
    "extend",
    "find_by_submission_token",
    "first_due_at",
    "four_eyes_required",
    "fulfil",
    "info_requested_at",
    "is_allowed",
    "is_due_soon",
    "is_overdue",
    "latest_extension_date",
    "mark_many_as_spam",
    "mark_spam",
    "note_release",
    "offers_download",
    "overdue_condition",
    "paper_received_at",
    "receive",
    "receive_info",
    "record_documents_sent",
    "record_payment",
    "recount",
    "reopen",
    "report_no_records",
    "records_recipient",
    "request_denial_review",
    "request_info",
    "requested_recipient",
    "send_quote",
    "second_check",
    "sent_in_time",
    "start_review",
    "waive_fee",
    "waiting_longer_than",
    "withdraw",
]
