"""The fee's letters, to the requester: the quote (the working line by line, the rule and
why it applies, how to answer and to pay), the invoice once the quote is accepted, and a
receipt for each payment. Each is written as of its step, from the request's quote."""

from datetime import datetime

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
    page = to_requester(r, LetterKind.FEE_QUOTE, written_at, "The fee for your copies")
    page.paragraph(
        f"We are writing about {reference(r)}. Before we send the copies, here is the fee, "
        "worked out as the law allows."
    )
    _working(page, quote)
    page.heading("Why this rule")
    page.paragraph(f"{quote.rule.label}. {fees.WHY[quote.rule]}")
    if quote.amount_cents:
        page.heading("Your answer")
        page.paragraph(
            "Please tell us whether you accept this fee: on the status page, or by phone at "
            f"{page.practice.phone}. {status_page_sentence(r)} "
            f"We will answer your request by {long_date(practice.local_date(r.due_at))} in any "
            "case."
        )
        _how_to_pay(page)
    _release_rule(page, quote)
    return signed_off(page)


def invoice(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """Written when the quote is accepted: what is owed, and how to pay it."""
    r = records_request
    quote = r.fee_quote
    ledger = fees.ledger_of(r)
    page = to_requester(r, LetterKind.INVOICE, written_at, "Invoice")
    page.paragraph(f"Thank you for accepting the fee for {reference(r)}.")
    page.items(
        [
            ("Tracking code", r.tracking_code),
            ("For", f"Copies of medical records, {quote.page_count} pages"),
            ("Rule", quote.rule.label),
            ("Fee", money(ledger.charged)),
            ("Paid so far", money(ledger.paid) if ledger.paid else ""),
            ("Waived", money(ledger.waived) if ledger.waived else ""),
            ("Amount due", money(ledger.outstanding)),
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
    page = to_requester(r, LetterKind.RECEIPT, written_at, "Receipt for your payment")
    page.paragraph(f"We received a payment towards the fee for {reference(r)}. Thank you.")
    page.items(
        [
            ("Amount received", money(payment.amount_cents)),
            ("Paid by", payment.method.label),
            ("Received on", long_date(payment.received_on)),
            ("Reference", payment.reference or ""),
            ("Fee", f"{money(ledger.charged)} ({quote.rule.label})"),
            ("Paid in all", money(paid_in_all)),
            ("Still owed", money(still_owed) if still_owed else "Nothing: paid in full."),
        ]
    )
    return signed_off(page)


def _working(page: LetterPage, quote: FeeQuote) -> None:
    page.heading("How the fee is worked out")
    rows = [(description, money(cents)) for description, cents in quote.lines]
    rows.append(("Most the rule allows", money(quote.cap_cents)))
    if quote.amount_cents < quote.cap_cents:
        rows.append(("We have lowered it to", money(quote.amount_cents)))
        rows.append(("Because", quote.lowered_reason or ""))
    page.items(rows, label_width=60)
    total = money(quote.amount_cents) if quote.amount_cents else "Nothing: there is no charge."
    page.items([("Fee", total)], label_width=60)


def _how_to_pay(page: LetterPage) -> None:
    page.heading("How to pay")
    page.items(fees.how_to_pay())


def _release_rule(page: LetterPage, quote: FeeQuote) -> None:
    if quote.rule in fees.THIRD_PARTY_RULES:
        if fees.current().third_party_pays_first:
            page.paragraph("We send the copies to the third party once the fee is paid.")
        return
    page.paragraph(
        "A patient's records are never held back because they cannot pay. If the fee is a "
        f"hardship, call us at {page.practice.phone}: we can waive it."
    )
