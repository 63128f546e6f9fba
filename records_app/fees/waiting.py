"""What a request's fee holds up. The 30 days of 45 CFR 164.524(b) keep running while a
quote waits for an answer or a payment, so the queue and the request page say when it does.
A patient's records are never held back for an unpaid fee (Oregon); a third party's may be,
when the practice chooses to wait for payment (`FEE_THIRD_PARTY_PAYS_FIRST`)."""

from collections.abc import Sequence

import sqlalchemy as sa

from records_app.extensions import db
from records_app.fees.calculator import THIRD_PARTY_RULES
from records_app.fees.ledger import Ledger, ledger_of, ledger_of_row, paid_column, paid_per_quote
from records_app.fees.schedule import FeeSchedule
from records_app.models import (
    FeeQuote,
    FeeRule,
    QuoteAnswer,
    RecipientKind,
    RecordsRequest,
    Status,
)

ANSWER = "the requester's answer to the quote"
PAYMENT = "the third party's payment"


def _holds_release(rule: FeeRule, ledger: Ledger, schedule: FeeSchedule) -> bool:
    return (
        schedule.third_party_pays_first
        and rule in THIRD_PARTY_RULES
        and not ledger.released
        and ledger.unsettled > 0
    )


def _waiting(
    status: Status,
    rule: FeeRule,
    answer: QuoteAnswer | None,
    ledger: Ledger,
    schedule: FeeSchedule,
) -> str | None:
    if not status.is_open:
        return None
    if answer is None and ledger.quoted > 0:
        return ANSWER
    return PAYMENT if _holds_release(rule, ledger, schedule) else None


def release_waits_for_payment(records_request: RecordsRequest, schedule: FeeSchedule) -> bool:
    """Whether the records may not go out yet: a third party's fee, unpaid, at a practice
    that waits for payment. A declined quote waits too, until it is waived or re-quoted."""
    ledger = ledger_of(records_request)
    return ledger is not None and _holds_release(records_request.fee_quote.rule, ledger, schedule)


def waiting_for(records_request: RecordsRequest, schedule: FeeSchedule) -> str | None:
    """What the request waits for from the requester's side, if anything."""
    ledger = ledger_of(records_request)
    if ledger is None:
        return None
    quote = records_request.fee_quote
    return _waiting(records_request.status, quote.rule, quote.answer, ledger, schedule)


def waiting_by_request(requests: Sequence[RecordsRequest], schedule: FeeSchedule) -> dict[int, str]:
    """`waiting_for` for a page of the queue, in one query: request id -> what it waits for.
    Only open requests are asked about."""
    status_of = {r.id: r.status for r in requests if r.status.is_open}
    if not status_of:
        return {}
    paid = paid_per_quote()
    rows = db.session.execute(
        sa.select(
            FeeQuote.request_id,
            FeeQuote.rule,
            FeeQuote.answer,
            FeeQuote.amount_cents,
            FeeQuote.waived_cents,
            RecordsRequest.status,
            RecordsRequest.fee_cents,
            paid_column(paid),
        )
        .join(RecordsRequest, RecordsRequest.id == FeeQuote.request_id)
        .outerjoin(paid, paid.c.quote_id == FeeQuote.id)
        .where(FeeQuote.request_id.in_(status_of))
    )
    waits = {}
    for row in rows:
        ledger = ledger_of_row(row)
        if waiting := _waiting(row.status, row.rule, row.answer, ledger, schedule):
            waits[row.request_id] = waiting
    return waits


def release_rule(records_request: RecordsRequest, schedule: FeeSchedule) -> str:
    """Which release rule applies to this request, in a sentence for its page."""
    quote = records_request.fee_quote
    third_party = (
        quote.rule in THIRD_PARTY_RULES
        if quote is not None
        else records_request.recipient_kind == RecipientKind.THIRD_PARTY
    )
    if not third_party:
        return (
            "Release is not held up by an unpaid fee: a patient's own records are never "
            "withheld because they cannot pay (Oregon)."
        )
    if schedule.third_party_pays_first:
        return (
            "A third party's copy goes out once its fee is paid or waived: this practice "
            "waits for payment (FEE_THIRD_PARTY_PAYS_FIRST)."
        )
    return "A third party's copy goes out without waiting for payment at this practice."
