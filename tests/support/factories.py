"""Requests taken to a status through the lifecycle's own steps, as staff take them: every
step checks its rule and writes its event, its letter and its count, so a request made here
is in the state the app would have left it in.

One thing is left for later: the letters the steps on the way owe are issued pending, as the
receipt letters always are, and written the first time something reads them
(`letters.read_verified`). Composing a PDF is most of what a step costs, and most tests
that need a request in some status never read the letters it was sent on the way; a test
about a step's letter takes that step itself."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

import sqlalchemy as sa

from records_app import accounts, audit, fees, lifecycle, practice
from records_app.extensions import db
from records_app.letters import storage
from records_app.lifecycle import Action
from records_app.models import (
    FeeRule,
    FulfilmentMethod,
    LetterKind,
    PaymentMethod,
    RecipientKind,
    Role,
    StaffUser,
    Status,
)
from tests.support.accounts import STAFF_PASSWORD

# Arguments each action needs besides the request, the actor and the version; `act` adds
# those that depend on the day or the request.
ACTION_ARGUMENTS = {
    Action.START_REVIEW: {},
    Action.REQUEST_INFO: {"message": "Please send a copy of your photo ID."},
    Action.RECEIVE_INFO: {},
    Action.APPROVE: {"identity_verified": True, "authorization_valid": True},
    Action.DENY: {"basis": "endangerment", "explanation": "Access could endanger the patient."},
    Action.REPORT_NO_RECORDS: {"searched": "The practice's charts, under every name given."},
    Action.FULFIL: {
        "method": FulfilmentMethod.MAIL,
        "records_sent": "All records, 42 pages",
        "sent_to": "Margaret Holloway",
        "checks_ticked": list(lifecycle.CHECKLIST),
    },
    Action.WITHDRAW: {"reason": "Requester called to cancel."},
    Action.MARK_SPAM: {},
    Action.EXTEND: {"reason": "Records are in off-site storage."},
    Action.ASSIGN: {},
    Action.REOPEN: {"reason": "The records sent never arrived."},
    Action.REQUEST_DENIAL_REVIEW: {"how": "Letter of 3 May asks for a review."},
    Action.UPHOLD_DENIAL: {
        "reviewer": "Dr. Ana Ruiz, MD",
        "reviewer_role": "A licensed psychiatrist",
        "reviewer_took_no_part": True,
        "decision": "The risk stands.",
    },
    Action.OVERTURN_DENIAL: {
        "reviewer": "Dr. Ana Ruiz, MD",
        "reviewer_role": "A licensed psychiatrist",
        "reviewer_took_no_part": True,
        "decision": "The risk has passed.",
    },
    Action.SEND_QUOTE: {
        "terms": fees.QuoteTerms(FeeRule.PATIENT_SCHEDULE, pages=42, delivery=FulfilmentMethod.MAIL)
    },
    Action.ACCEPT_QUOTE: {"how": "By phone on 3 May."},
    Action.DECLINE_QUOTE: {"how": "By phone on 3 May."},
    Action.RECORD_PAYMENT: {"method": PaymentMethod.CHECK, "reference": "Check 1001"},
    Action.WAIVE_FEE: {"reason": "Cannot pay: lives on a fixed income."},
    Action.CLOSE_UNANSWERED: {"waited_days": 60},
    Action.SECOND_CHECK: {"checks_ticked": list(lifecycle.CHECKLIST)},
}
VERBS = {
    Action.START_REVIEW: lifecycle.start_review,
    Action.REQUEST_INFO: lifecycle.request_info,
    Action.RECEIVE_INFO: lifecycle.receive_info,
    Action.APPROVE: lifecycle.approve,
    Action.DENY: lifecycle.deny,
    Action.REPORT_NO_RECORDS: lifecycle.report_no_records,
    Action.FULFIL: lifecycle.fulfil,
    Action.WITHDRAW: lifecycle.withdraw,
    Action.MARK_SPAM: lifecycle.mark_spam,
    Action.EXTEND: lifecycle.extend,
    Action.ASSIGN: lifecycle.assign,
    Action.REOPEN: lifecycle.reopen,
    Action.REQUEST_DENIAL_REVIEW: lifecycle.request_denial_review,
    Action.UPHOLD_DENIAL: partial(lifecycle.decide_denial_review, upheld=True),
    Action.OVERTURN_DENIAL: partial(lifecycle.decide_denial_review, upheld=False),
    Action.SEND_QUOTE: lifecycle.send_quote,
    Action.ACCEPT_QUOTE: partial(lifecycle.answer_quote, accepted=True),
    Action.DECLINE_QUOTE: partial(lifecycle.answer_quote, accepted=False),
    Action.RECORD_PAYMENT: lifecycle.record_payment,
    Action.WAIVE_FEE: lifecycle.waive_fee,
    Action.CLOSE_UNANSWERED: lifecycle.close_unanswered,
    Action.SECOND_CHECK: lifecycle.second_check,
}
# The shortest path of actions from a new request to each status.
PATH_TO = {
    Status.SUBMITTED: [],
    Status.IN_REVIEW: [Action.START_REVIEW],
    Status.NEEDS_INFO: [Action.START_REVIEW, Action.REQUEST_INFO],
    Status.APPROVED: [Action.START_REVIEW, Action.APPROVE],
    Status.FULFILLED: [Action.START_REVIEW, Action.APPROVE, Action.FULFIL],
    Status.DENIED: [Action.START_REVIEW, Action.DENY],
    Status.WITHDRAWN: [Action.WITHDRAW],
    Status.SPAM: [Action.MARK_SPAM],
    Status.DENIAL_REVIEW: [Action.START_REVIEW, Action.DENY, Action.REQUEST_DENIAL_REVIEW],
    Status.NO_RECORDS: [Action.START_REVIEW, Action.REPORT_NO_RECORDS],
    Status.WITHHELD_REVIEW: [
        Action.START_REVIEW,
        Action.APPROVE,
        Action.FULFIL,
        Action.REQUEST_DENIAL_REVIEW,
    ],
}
# What staff add to a release to withhold a part on a reviewable basis (45 CFR 164.524(d)(1)).
PART_WITHHELD = {
    "withheld": "Psychiatric consultation notes of 2019",
    "withheld_basis": "endangerment",
    "withheld_explanation": "The treating psychiatrist judged they could endanger the patient.",
}


def act(records_request, action, actor, *, part_withheld: bool = False):
    """`actor` carries out the action and it is committed. With `part_withheld`, a release
    withholds a part on a reviewable basis."""
    arguments = dict(ACTION_ARGUMENTS[action])
    if action == Action.FULFIL:
        arguments["sent_on"] = practice.today()
        if part_withheld:
            arguments |= PART_WITHHELD
    elif action == Action.EXTEND:
        arguments["new_due_on"] = lifecycle.due_date(records_request) + timedelta(days=20)
    elif action == Action.ASSIGN:
        arguments["assignee"] = actor
    elif action == Action.RECORD_PAYMENT:
        arguments["received_on"] = practice.today()
        ledger = fees.ledger_of(records_request)
        arguments["amount_cents"] = ledger.outstanding if ledger else 100
    VERBS[action](records_request, actor, records_request.version, **arguments)
    db.session.commit()


def reviews_a_withheld_part(path) -> bool:
    """A path that asks for a review with no denial on it reviews a part withheld from a
    release, so its release must withhold one."""
    return Action.REQUEST_DENIAL_REVIEW in path and Action.DENY not in path


def colleague_of(actor):
    email = f"colleague.of.{actor.id}@example.org"
    colleague = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))
    return colleague or accounts.create(
        email, "Robin Colleague", Role.STAFF, STAFF_PASSWORD, by=audit.Actor(label="test")
    )


@contextmanager
def letters_left_pending() -> Iterator[None]:
    """The letters of the steps taken meanwhile are issued pending, to be written when first
    read (see this module's docstring)."""
    written_in_the_step = storage.WRITTEN_AFTER_THE_RESPONSE
    storage.WRITTEN_AFTER_THE_RESPONSE = frozenset(LetterKind)
    try:
        yield
    finally:
        storage.WRITTEN_AFTER_THE_RESPONSE = written_in_the_step


def request_in(
    status,
    make_request,
    actor,
    *,
    quoted_cents: int | None = None,
    part_withheld: bool = False,
):
    """A new request taken to `status` by `actor` along the shortest path of steps; with
    `quoted_cents`, a fee of that much is quoted as soon as the request is in review; with
    `part_withheld` (always, for a withheld part under review), its release withholds a
    part on a reviewable basis."""
    part_withheld = part_withheld or reviews_a_withheld_part(PATH_TO[status])
    records_request = make_request()
    with letters_left_pending():
        for action in PATH_TO[status]:
            act(records_request, action, actor, part_withheld=part_withheld)
            if quoted_cents is not None and action == Action.START_REVIEW:
                quote(records_request, actor, quoted_cents)
    assert records_request.status == status
    return records_request


@letters_left_pending()
def quote(records_request, actor, cents: int, **terms) -> None:
    """Quotes a fee of `cents` and commits: at actual cost for 12 pages of the patient's own
    records; for a third party's copy, the issue's 64 pages under Oregon's caps ($53.50),
    lowered to `cents` when that is less. Its letter is left pending."""
    if records_request.recipient_kind == RecipientKind.THIRD_PARTY:
        terms = {"rule": FeeRule.DIRECTIVE, "pages": 64, **terms}
        lowered = {"amount_cents": cents, "lowered_reason": "Agreed with the requester"}
    else:
        terms = {"rule": FeeRule.PATIENT_ACTUAL, "pages": 12, "copying_cents": cents, **terms}
        lowered = {}
    lifecycle.send_quote(
        records_request,
        actor,
        records_request.version,
        terms=fees.QuoteTerms(delivery=FulfilmentMethod.MAIL, **terms),
        **lowered,
    )
    db.session.commit()


def extend_as_far_as_allowed(records_request, clerk) -> None:
    lifecycle.extend(
        records_request,
        clerk,
        records_request.version,
        new_due_on=lifecycle.latest_extension_date(records_request),
        reason="Records are in off-site storage",
    )


def approve_and_fulfil(records_request, clerk, fee_cents: int = 0) -> None:
    """Approves a request in review and sends the records by secure e-mail today, with a
    fee of `fee_cents` quoted first when it is more than nothing."""
    if fee_cents:
        quote(records_request, clerk, fee_cents)
    lifecycle.approve(
        records_request,
        clerk,
        records_request.version,
        identity_verified=True,
        authorization_valid=True,
    )
    lifecycle.fulfil(
        records_request,
        clerk,
        records_request.version,
        sent_on=practice.today(),
        method=FulfilmentMethod.SECURE_EMAIL,
        records_sent="Office notes 2015–2022, 42 pages",
        sent_to="Dr. Priya Natarajan, Cascade Vein Clinic",
        checks_ticked=lifecycle.CHECKLIST,
    )
    db.session.commit()
