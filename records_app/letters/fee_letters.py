"""The fee's letters, to the requester: the quote (the working line by line, the rule and
why it applies, how to answer and to pay), the invoice once the quote is accepted, and a
receipt for each payment. Each is written as of its step, from the request's quote."""

from datetime import datetime

from flask_babel import gettext

from records_app import fees, practice
from records_app.formatting import long_date, money
from records_app.letters.compose import (
    reference,
    signed_off,
    status_page_sentence,
    to_requester,
)
from records_app.letters.page import LetterPage
from records_app.models import FeeQuote, LetterKind, RecordsRequest


def fee_quote(records_request: RecordsRequest, written_at: datetime) -> bytes:
    r = records_request
    quote = r.fee_quote
    page = to_requester(r, LetterKind.FEE_QUOTE, written_at, gettext("The fee for your copies"))
    page.paragraph(
        gettext(
            "We are writing about %(reference)s. Before we send the copies, here is the fee, "
            "worked out as the law allows.",
            reference=reference(r),
        )
    )
    _working(page, quote)
    page.heading(gettext("Why this rule"))
    page.paragraph(f"{quote.rule.label}. {fees.WHY[quote.rule]}")
    if quote.amount_cents:
        page.heading(gettext("Your answer"))
        page.paragraph(
            " ".join(
                (
                    gettext(
                        "Please tell us whether you accept this fee: on the status page, or "
                        "by phone at %(phone)s.",
                        phone=page.practice.phone,
                    ),
                    status_page_sentence(r),
                    gettext(
                        "We will answer your request by %(due)s in any case.",
                        due=long_date(practice.local_date(r.due_at)),
                    ),
                )
            )
        )
        _how_to_pay(page)
    _release_rule(page, quote)
    return signed_off(page)


def invoice(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """Written when the quote is accepted: what is owed, and how to pay it."""
    r = records_request
    quote = r.fee_quote
    ledger = fees.ledger_of(r)
    page = to_requester(r, LetterKind.INVOICE, written_at, gettext("Invoice"))
    page.paragraph(
        gettext("Thank you for accepting the fee for %(reference)s.", reference=reference(r))
    )
    page.items(
        [
            (gettext("Tracking code"), r.tracking_code),
            (
                gettext("For"),
                gettext("Copies of medical records, %(num)s pages", num=quote.page_count),
            ),
            (gettext("Rule"), str(quote.rule.label)),
            (gettext("Fee"), money(ledger.charged)),
            (gettext("Paid so far"), money(ledger.paid) if ledger.paid else ""),
            (gettext("Waived"), money(ledger.waived) if ledger.waived else ""),
            (gettext("Amount due"), money(ledger.outstanding)),
        ]
    )
    _how_to_pay(page)
    _release_rule(page, quote)
    return signed_off(page)


def receipt(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """For the payment recorded at the moment this letter was written (the last recorded by
    then: the letter may be written later, `letters.WRITTEN_AFTER_THE_RESPONSE`), with
    what was still owed after it."""
    r = records_request
    quote = r.fee_quote
    paid_by_then = [payment for payment in quote.payments if payment.recorded_at <= written_at]
    payment = paid_by_then[-1]
    ledger = fees.ledger_of(r)
    paid_in_all = sum(payment.amount_cents for payment in paid_by_then)
    still_owed = max(ledger.charged - ledger.waived - paid_in_all, 0)
    page = to_requester(r, LetterKind.RECEIPT, written_at, gettext("Receipt for your payment"))
    page.paragraph(
        gettext(
            "We received a payment towards the fee for %(reference)s. Thank you.",
            reference=reference(r),
        )
    )
    page.items(
        [
            (gettext("Amount received"), money(payment.amount_cents)),
            (gettext("Paid by"), str(payment.method.label)),
            (gettext("Received on"), long_date(payment.received_on)),
            (gettext("Reference"), payment.reference or ""),
            (gettext("Fee"), f"{money(ledger.charged)} ({quote.rule.label})"),
            (gettext("Paid in all"), money(paid_in_all)),
            (
                gettext("Still owed"),
                money(still_owed) if still_owed else gettext("Nothing: paid in full."),
            ),
        ]
    )
    return signed_off(page)


def _working(page: LetterPage, quote: FeeQuote) -> None:
    page.heading(gettext("How the fee is worked out"))
    rows = [(description, money(cents)) for description, cents in quote.lines]
    rows.append((gettext("Most the rule allows"), money(quote.cap_cents)))
    if quote.amount_cents < quote.cap_cents:
        rows.append((gettext("We have lowered it to"), money(quote.amount_cents)))
        rows.append((gettext("Because"), quote.lowered_reason or ""))
    page.items(rows, label_width=60)
    total = (
        money(quote.amount_cents) if quote.amount_cents else gettext("Nothing: there is no charge.")
    )
    page.items([(gettext("Fee"), total)], label_width=60)


def _how_to_pay(page: LetterPage) -> None:
    page.heading(gettext("How to pay"))
    page.items(fees.how_to_pay())


def _release_rule(page: LetterPage, quote: FeeQuote) -> None:
    if quote.rule in fees.THIRD_PARTY_RULES:
        if fees.current().third_party_pays_first:
            page.paragraph(gettext("We send the copies to the third party once the fee is paid."))
        return
    page.paragraph(
        gettext(
            "A patient's records are never held back because they cannot pay. If the fee is a "
            "hardship, call us at %(phone)s: we can waive it.",
            phone=page.practice.phone,
        )
    )
