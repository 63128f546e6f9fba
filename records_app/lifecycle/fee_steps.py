"""The fee's steps: send a quote, record the requester's answer, a payment or a waiver.

Each is an event of the request, taken like any other step: the transition table says
where it may be taken (it leaves the status as it is, so the 30-day clock keeps running),
it is a compare-and-set on (id, version, status), so that of two staff recording a payment
at once one wins and the other is told, and it leaves its letter and e-mail behind. The
amounts and what they may be are the fee rules' (`records_app.fees`): a breach raises
`fees.FeeRefused` naming the field at fault, after the version and the transition are
checked, so that news of someone else's change comes first. The caller commits.
"""

from datetime import date

from records_app import fees, practice
from records_app.extensions import db
from records_app.formatting import long_date, money
from records_app.lifecycle.errors import ActionRefused
from records_app.lifecycle.rules import Action
from records_app.lifecycle.transition import apply, checked_next_status, required
from records_app.models import (
    FeePayment,
    FeeQuote,
    PaymentMethod,
    QuoteAnswer,
    RecordsRequest,
    StaffUser,
    utcnow,
)


def send_quote(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    terms: fees.QuoteTerms,
    amount_cents: int | None = None,
    lowered_reason: str = "",
) -> None:
    """The fee the rule allows, or less with a reason (`amount_cents`); it replaces an
    earlier quote on which nothing was paid or waived, and waits for a new answer."""
    checked_next_status(request, Action.SEND_QUOTE, expected_version)
    if not fees.quote_replaceable(request):
        raise ActionRefused("Something was paid or waived on the quote, so it stays as it is.")
    schedule = fees.current()
    calculation = fees.work_out(request, terms, practice.today(), schedule)
    allowed = calculation.total_cents
    amount = allowed if amount_cents is None else amount_cents
    fees.check_quoted_amount(calculation, amount, lowered_reason)
    bonus_by = (
        fees.prompt_mailing_deadline(practice.local_date(request.received_at), schedule.holidays)
        if terms.prompt_mailing
        else None
    )
    now, quoted_by_id = utcnow(), actor.id  # read before the quote is half set
    quote = request.fee_quote or FeeQuote(request_id=request.id)
    quote.rule = calculation.rule
    quote.page_count = terms.pages
    quote.delivery = terms.delivery
    quote.lines = [list(line) for line in calculation.lines]
    quote.cap_cents = allowed
    quote.amount_cents = amount
    quote.lowered_reason = lowered_reason.strip() if amount < allowed else None
    quote.prompt_mailing_cents = schedule.prompt_mailing_cents if bonus_by else 0
    quote.prompt_mailing_by = bonus_by
    quote.quoted_at, quote.quoted_by_id = now, quoted_by_id
    quote.answer = quote.answered_at = quote.answered_by_id = None
    db.session.add(quote)
    reason = f"{money(amount)} quoted: {calculation.rule.label}"
    if amount < allowed:
        reason += f"; lowered from {money(allowed)}: {quote.lowered_reason}"
    apply(request, Action.SEND_QUOTE, actor, expected_version, reason=reason, now=now)


def answer_quote(
    request: RecordsRequest,
    actor: StaffUser | None,
    expected_version: int,
    *,
    accepted: bool,
    how: str = "",
) -> None:
    """The requester's yes or no to the quote: given on the status page (`actor` None), or
    by phone or letter and recorded by staff, who say how."""
    action = Action.ACCEPT_QUOTE if accepted else Action.DECLINE_QUOTE
    checked_next_status(request, action, expected_version)
    if not fees.awaits_answer(request):
        raise ActionRefused("The quote has already been answered.")
    how = required(how, "Say how and when the requester answered.") if actor else ""
    quote = request.fee_quote
    now = utcnow()
    answered_by_id = actor.id if actor else None  # read before the answer is half set
    quote.answer = QuoteAnswer.ACCEPTED if accepted else QuoteAnswer.DECLINED
    quote.answered_at, quote.answered_by_id = now, answered_by_id
    reason = f"{quote.answer.label} the quote of {money(quote.amount_cents)}"
    reason += f": {how}" if how else " on the status page"
    apply(request, action, actor, expected_version, reason=reason, now=now)


def record_payment(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    amount_cents: int,
    method: PaymentMethod,
    received_on: date,
    reference: str = "",
) -> None:
    """A payment of what is owed, at most; paying a quote not yet answered accepts it."""
    checked_next_status(request, Action.RECORD_PAYMENT, expected_version)
    ledger = fees.ledger_of(request)
    fees.check_payment(ledger, amount_cents, received_on, practice.today())
    quote = request.fee_quote
    now = utcnow()
    if quote.answer is None:
        quote.answer, quote.answered_at, quote.answered_by_id = QuoteAnswer.ACCEPTED, now, actor.id
    quote.payments.append(
        FeePayment(
            amount_cents=amount_cents,
            method=method,
            received_on=received_on,
            reference=reference.strip() or None,
            recorded_at=now,
            recorded_by_id=actor.id,
        )
    )
    left = ledger.outstanding - amount_cents
    reason = (
        f"{money(amount_cents)} received by {method.label.lower()} on {long_date(received_on)}; "
        + (f"{money(left)} still owed" if left else "paid in full")
    )
    apply(request, Action.RECORD_PAYMENT, actor, expected_version, reason=reason, now=now)


def waive_fee(request: RecordsRequest, actor: StaffUser, expected_version: int, *, reason: str):
    """Oregon forbids withholding a patient's records because they cannot pay; any fee may
    be waived, with a reason. What is neither paid nor waived yet is waived."""
    checked_next_status(request, Action.WAIVE_FEE, expected_version)
    ledger = fees.ledger_of(request)
    fees.check_waiver(ledger)
    reason = required(reason, "Give the reason for the waiver.")
    quote = request.fee_quote
    now, waived_by_id = utcnow(), actor.id
    quote.waived_cents += ledger.unsettled
    quote.waiver_reason, quote.waived_at, quote.waived_by_id = reason, now, waived_by_id
    apply(
        request,
        Action.WAIVE_FEE,
        actor,
        expected_version,
        reason=f"{money(ledger.unsettled)} waived: {reason}",
        now=now,
    )
