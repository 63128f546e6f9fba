"""Where a request's fee stands: quoted, charged, paid, waived, and what is still owed; what
the records are charged when they go out; and what a payment or a waiver may be.

One set of rules serves the request page, the status page, the letters, the export and the
dashboard: `ledger_from` takes plain values, so that a row of a query gives the same answer
as a request loaded whole.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from records_app.fees.errors import FeeRefused
from records_app.formatting import money
from records_app.models import (
    FeePayment,
    FeeQuote,
    FulfilmentMethod,
    QuoteAnswer,
    RecordsRequest,
    Status,
)


@dataclass(frozen=True)
class Ledger:
    """`charged` is what the requester owes: before release the quote unless they declined
    it, after release what the records were charged when they went out, and nothing for a
    request closed without a release (withdrawn, denied). `asked` is what the practice
    still asks to have paid or waived: the quote, declined or not, until release."""

    quoted: int
    charged: int
    asked: int
    paid: int
    waived: int
    released: bool

    @property
    def outstanding(self) -> int:
        """Owed and neither paid nor waived: what a payment may be, at most."""
        return max(self.charged - self.paid - self.waived, 0)

    @property
    def unsettled(self) -> int:
        """What a waiver waives, and what a third party owes before release."""
        return max(self.asked - self.paid - self.waived, 0)

    @property
    def refund_due(self) -> int:
        """Paid beyond the charge: when the records went out too late for the prompt-mailing
        amount that was paid with the quote, or the request closed after a payment."""
        return max(self.paid - max(self.charged - self.waived, 0), 0)


def ledger_from(
    *,
    quoted: int,
    answer: QuoteAnswer | None,
    status: Status,
    charged_at_release: int,
    paid: int,
    waived: int,
) -> Ledger:
    released = status == Status.FULFILLED
    if released:
        charged = asked = charged_at_release
    elif not status.is_open:
        charged = asked = 0
    else:
        charged, asked = (0 if answer == QuoteAnswer.DECLINED else quoted), quoted
    return Ledger(quoted, charged, asked, paid, waived, released)


def ledger_of_row(row) -> Ledger:
    """`ledger_from` for a result row holding a quote's amount_cents, answer and
    waived_cents, its request's status and fee_cents, and `paid_column` as paid."""
    return ledger_from(
        quoted=row.amount_cents,
        answer=row.answer,
        status=row.status,
        charged_at_release=row.fee_cents,
        paid=row.paid,
        waived=row.waived_cents,
    )


def paid_per_quote():
    """The SQL twin of `FeeQuote.paid_cents`, for queries over many quotes: a subquery of
    (quote_id, paid) to outer-join on the quote's id, read through `paid_column`. Grouped
    once rather than summed per row, so that a million-row export reads the payments once."""
    return (
        sa.select(FeePayment.quote_id, sa.func.sum(FeePayment.amount_cents).label("paid"))
        .group_by(FeePayment.quote_id)
        .subquery("paid_per_quote")
    )


def paid_column(paid_per_quote):
    """What was paid on the row's quote, 0 when nothing was (or there is no quote)."""
    return sa.func.coalesce(paid_per_quote.c.paid, 0).label("paid")


def ledger_of(records_request: RecordsRequest) -> Ledger | None:
    """None when no fee was quoted."""
    quote = records_request.fee_quote
    if quote is None:
        return None
    return ledger_from(
        quoted=quote.amount_cents,
        answer=quote.answer,
        status=records_request.status,
        charged_at_release=records_request.fee_cents,
        paid=quote.paid_cents,
        waived=quote.waived_cents,
    )


def quote_replaceable(records_request: RecordsRequest) -> bool:
    """A new quote may replace the last one until something is paid or waived on it."""
    quote = records_request.fee_quote
    return quote is None or not (quote.payments or quote.waived_at)


def awaits_answer(records_request: RecordsRequest) -> bool:
    """A quote of more than nothing, not yet accepted or declined."""
    quote = records_request.fee_quote
    return quote is not None and quote.answer is None and quote.amount_cents > 0


def awaits_answer_condition():
    """The SQL twin of `awaits_answer`: the request of the row has such a quote."""
    return sa.exists().where(
        FeeQuote.request_id == RecordsRequest.id,
        FeeQuote.answer.is_(None),
        FeeQuote.amount_cents > 0,
    )


def charge_at_release(quote: FeeQuote | None, sent_on: date, method: FulfilmentMethod) -> int:
    """What the records are charged when they go out: the quote, unless it was declined
    (then nothing), less Oregon's prompt-mailing amount when it was quoted but the records
    did not go out first class by its day (ORS 192.563)."""
    if quote is None or quote.answer == QuoteAnswer.DECLINED:
        return 0
    cap = quote.cap_cents
    if quote.prompt_mailing_by is not None and not (
        method == FulfilmentMethod.MAIL and sent_on <= quote.prompt_mailing_by
    ):
        cap -= quote.prompt_mailing_cents
    return min(quote.amount_cents, cap)


def check_payment(ledger: Ledger | None, amount_cents: int, received_on: date, today: date):
    """A payment is of what is owed, at most, and received by today."""
    if ledger is None:
        raise FeeRefused("amount", "No fee was quoted, so nothing is owed.")
    if ledger.outstanding == 0:
        raise FeeRefused("amount", "Nothing is owed: the fee is paid or waived in full.")
    if amount_cents <= 0:
        raise FeeRefused("amount", "Enter the amount received, more than 0.00.")
    if amount_cents > ledger.outstanding:
        raise FeeRefused(
            "amount",
            f"That is more than the {money(ledger.outstanding)} owed; record at most that.",
        )
    if received_on > today:
        raise FeeRefused("received_on", "The date received cannot be in the future.")


def check_waiver(ledger: Ledger | None) -> None:
    if ledger is None or ledger.unsettled == 0:
        raise FeeRefused("reason", "There is nothing left to waive.")
