"""The fee's steps through the lifecycle (no HTTP): a quote, the answer, payments, a waiver,
what each leaves behind, what release waits for, and what is charged when the records go
out. The amounts themselves are the calculator's (test_fee_calculator.py)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from records_app import fees, lifecycle, practice
from records_app.extensions import db
from records_app.lifecycle import Action, ActionRefused, RequestChanged
from records_app.models import (
    FeePayment,
    FeeQuote,
    FeeRule,
    FulfilmentMethod,
    LetterKind,
    MessageKind,
    OutgoingMessage,
    QuoteAnswer,
    Status,
)
from tests.support.clock import days_ago
from tests.support.factories import letters_left_pending, request_in
from tests.support.fees import ATTORNEY, pay, release
from tests.support.letters import letter_text
from tests.support.stored import reload

# The example: 64 pages mailed to an attorney, $53.50 plus postage.
SIXTY_FOUR_PAGES = fees.QuoteTerms(
    FeeRule.DIRECTIVE, pages=64, delivery=FulfilmentMethod.MAIL, postage_cents=388
)


@pytest.fixture
def attorneys_request(make_request, clerk):
    """A patient's request to send their records to an attorney, approved."""
    return request_in(Status.APPROVED, lambda: make_request(**ATTORNEY), clerk)


@letters_left_pending()
def send_quote(records_request, clerk, terms=SIXTY_FOUR_PAGES, **kw):
    lifecycle.send_quote(records_request, clerk, records_request.version, terms=terms, **kw)
    db.session.commit()


def refusal_of(step) -> fees.FeeRefused:
    with pytest.raises(fees.FeeRefused) as refused:
        step()
    db.session.rollback()
    return refused.value


# ---- the quote --------------------------------------------------------------------------


def test_a_quote_to_an_attorney_is_oregons_cap_and_its_letter_shows_the_working(
    attorneys_request, clerk
):
    send_quote(attorneys_request, clerk)

    quote = reload(attorneys_request).fee_quote
    assert (quote.rule, quote.cap_cents, quote.amount_cents) == (FeeRule.DIRECTIVE, 5738, 5738)
    text = letter_text(attorneys_request, LetterKind.FEE_QUOTE)
    assert "The first 10 pages or fewer $30.00" in text
    assert "Pages 11 to 50: 40 at $0.50 $20.00" in text
    assert "Pages 51 to 64: 14 at $0.25 $3.50" in text
    assert "Postage $3.88" in text
    assert "Fee $57.38" in text
    assert "Ciox Health v. Azar" in text and "ORS 192.563" in text
    assert "Payable to Interventional and Vascular Consultants" in text
    assert "We send the copies to the third party once the fee is paid." in text


def test_a_quote_leaves_the_status_and_the_30_day_clock_as_they_were(attorneys_request, clerk):
    before = (attorneys_request.status, attorneys_request.due_at, attorneys_request.version)

    send_quote(attorneys_request, clerk)

    fresh = reload(attorneys_request)
    assert (fresh.status, fresh.due_at, fresh.version) == (before[0], before[1], before[2] + 1)
    event = fresh.events[-1]
    assert (event.action, event.from_status, event.to_status) == (
        Action.SEND_QUOTE,
        Status.APPROVED,
        Status.APPROVED,
    )
    assert event.reason.startswith("$57.38 quoted: Sent to a third party")


def test_a_quote_is_emailed_to_the_requester(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    kinds = db.session.scalars(
        sa.select(OutgoingMessage.kind)
        .where(OutgoingMessage.request_id == attorneys_request.id)
        .order_by(OutgoingMessage.id)
    ).all()
    assert kinds[-1] == MessageKind.FEE_QUOTED


def test_staff_may_lower_a_quote_with_a_reason_and_the_letter_says_so(attorneys_request, clerk):
    send_quote(attorneys_request, clerk, amount_cents=4000, lowered_reason="Long-time patient")

    quote = reload(attorneys_request).fee_quote
    assert (quote.cap_cents, quote.amount_cents, quote.lowered_reason) == (
        5738,
        4000,
        "Long-time patient",
    )
    text = letter_text(attorneys_request, LetterKind.FEE_QUOTE)
    assert "We have lowered it to $40.00 Because Long-time patient" in text


def test_a_quote_above_the_cap_is_refused_and_nothing_is_written(attorneys_request, clerk):
    version = attorneys_request.version
    refused = refusal_of(lambda: send_quote(attorneys_request, clerk, amount_cents=5739))
    assert refused.field == "amount"
    assert reload(attorneys_request).version == version
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeeQuote)) == 0


def test_a_new_quote_replaces_the_last_until_something_is_paid(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    lifecycle.answer_quote(
        attorneys_request, clerk, attorneys_request.version, accepted=False, how="By phone"
    )
    db.session.commit()
    ten_pages = fees.QuoteTerms(FeeRule.AUTHORIZATION, pages=10, delivery=FulfilmentMethod.MAIL)

    send_quote(attorneys_request, clerk, terms=ten_pages)
    quote = reload(attorneys_request).fee_quote
    assert (quote.rule, quote.amount_cents, quote.answer) == (FeeRule.AUTHORIZATION, 3000, None)

    pay(attorneys_request, clerk, 1000)
    assert not lifecycle.is_allowed(reload(attorneys_request), Action.SEND_QUOTE)


# ---- the answer and payments ------------------------------------------------------------


def test_acceptance_by_phone_writes_the_invoice(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    lifecycle.answer_quote(
        attorneys_request, clerk, attorneys_request.version, accepted=True, how="By phone on 3 May"
    )
    db.session.commit()

    quote = reload(attorneys_request).fee_quote
    assert (quote.answer, quote.answered_by_id) == (QuoteAnswer.ACCEPTED, clerk.id)
    text = letter_text(attorneys_request, LetterKind.INVOICE)
    assert "Amount due $57.38" in text
    assert "Rule Sent to a third party at the patient's direction" in text


def test_paying_an_unanswered_quote_accepts_it_and_the_receipt_says_what_is_left(
    attorneys_request, clerk
):
    send_quote(attorneys_request, clerk)
    pay(attorneys_request, clerk, 2000)

    quote = reload(attorneys_request).fee_quote
    assert quote.answer == QuoteAnswer.ACCEPTED
    assert fees.ledger_of(reload(attorneys_request)).outstanding == 3738
    text = letter_text(attorneys_request, LetterKind.RECEIPT)
    assert "Amount received $20.00" in text
    assert "Paid by Check" in text
    assert "Still owed $37.38" in text


def test_a_payment_larger_than_what_is_owed_is_refused(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    refused = refusal_of(lambda: pay(attorneys_request, clerk, 5739))
    assert (refused.field, str(refused)) == (
        "amount",
        "That is more than the $57.38 owed; record at most that.",
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeePayment)) == 0


def test_a_second_payment_after_full_payment_is_refused(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    pay(attorneys_request, clerk, 5738)
    assert not lifecycle.is_allowed(reload(attorneys_request), Action.RECORD_PAYMENT)
    refused = refusal_of(lambda: pay(attorneys_request, clerk, 100))
    assert str(refused) == "Nothing is owed: the fee is paid or waived in full."


def test_a_payment_received_tomorrow_is_refused(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    tomorrow = practice.today() + timedelta(days=1)
    assert refusal_of(lambda: pay(attorneys_request, clerk, 100, on=tomorrow)).field == (
        "received_on"
    )


def test_of_two_payments_recorded_on_the_same_version_the_second_is_told(
    attorneys_request, clerk, make_staff
):
    send_quote(attorneys_request, clerk)
    seen = attorneys_request.version
    pay(attorneys_request, clerk, 5738, version=seen)
    colleague = make_staff("sam@example.org", name="Sam Second")

    with pytest.raises(RequestChanged, match="changed by Casey Clerk"):
        pay(attorneys_request, colleague, 5738, version=seen)
    db.session.rollback()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeePayment)) == 1


# ---- release ----------------------------------------------------------------------------


def test_a_third_partys_copy_waits_for_payment_where_the_practice_says_so(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    assert Action.FULFIL not in lifecycle.allowed_actions(attorneys_request)
    with pytest.raises(ActionRefused, match="once the fee is paid or waived"):
        release(attorneys_request, clerk)
    db.session.rollback()

    pay(attorneys_request, clerk, 5738)
    release(attorneys_request, clerk)

    released = reload(attorneys_request)
    assert (released.status, released.fee_cents) == (Status.FULFILLED, 5738)


def test_a_practice_that_does_not_wait_sends_a_third_partys_copy_unpaid(
    app, attorneys_request, clerk
):
    app.config["FEE_THIRD_PARTY_PAYS_FIRST"] = False
    send_quote(attorneys_request, clerk)
    release(attorneys_request, clerk)
    assert fees.ledger_of(reload(attorneys_request)).outstanding == 5738


def test_a_patients_copy_is_never_held_up_by_an_unpaid_fee(make_request, clerk):
    records_request = request_in(Status.APPROVED, make_request, clerk)
    terms = fees.QuoteTerms(FeeRule.PATIENT_SCHEDULE, pages=42, delivery=FulfilmentMethod.MAIL)
    send_quote(records_request, clerk, terms=terms)

    release(records_request, clerk)

    released = reload(records_request)
    assert (released.status, released.fee_cents) == (Status.FULFILLED, 420)
    assert lifecycle.allowed_actions(released) == [
        Action.REOPEN,
        Action.RECORD_PAYMENT,
        Action.WAIVE_FEE,
    ]
    pay(released, clerk, 420)
    assert fees.ledger_of(reload(records_request)).outstanding == 0


def test_a_declined_patient_quote_is_not_charged(make_request, clerk):
    records_request = request_in(Status.APPROVED, make_request, clerk)
    terms = fees.QuoteTerms(FeeRule.PATIENT_SCHEDULE, pages=42, delivery=FulfilmentMethod.MAIL)
    send_quote(records_request, clerk, terms=terms)
    lifecycle.answer_quote(
        records_request, None, records_request.version, accepted=False, how="ignored"
    )
    db.session.commit()

    release(records_request, clerk)

    assert reload(records_request).fee_cents == 0
    assert "Fee None: there is no charge." in letter_text(records_request, LetterKind.COVER_LETTER)


def test_a_waiver_settles_what_is_left_and_lets_the_copy_go(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    pay(attorneys_request, clerk, 2000)
    lifecycle.waive_fee(
        attorneys_request, clerk, attorneys_request.version, reason="Cannot pay the rest"
    )
    db.session.commit()

    quote = reload(attorneys_request).fee_quote
    assert (quote.waived_cents, quote.waiver_reason) == (3738, "Cannot pay the rest")
    release(attorneys_request, clerk)
    text = letter_text(attorneys_request, LetterKind.COVER_LETTER)
    assert "Fee $57.38 ($20.00 paid, $37.38 waived)" in text
    assert "How the fee was set: Sent to a third party at the patient's direction." in text


def test_prompt_mailing_is_charged_only_if_the_copy_goes_out_by_its_day(
    make_request, clerk, frozen_clock
):
    records_request = request_in(
        Status.APPROVED, lambda: make_request(received_at=days_ago(0), **ATTORNEY), clerk
    )
    prompt = fees.QuoteTerms(
        FeeRule.DIRECTIVE, pages=64, delivery=FulfilmentMethod.MAIL, prompt_mailing=True
    )
    send_quote(records_request, clerk, terms=prompt)
    pay(records_request, clerk, 5850)
    # Wednesday 17 June: the seventh business day after it is Friday 26 June.
    assert reload(records_request).fee_quote.prompt_mailing_by.isoformat() == "2026-06-26"

    frozen_clock.shift(timedelta(days=10))
    release(records_request, clerk)

    released = reload(records_request)
    assert released.fee_cents == 5350
    assert fees.ledger_of(released).refund_due == 500


def test_a_withdrawn_request_owes_nothing(attorneys_request, clerk):
    send_quote(attorneys_request, clerk)
    lifecycle.withdraw(attorneys_request, clerk, attorneys_request.version, "Called to cancel")
    db.session.commit()
    ledger = fees.ledger_of(reload(attorneys_request))
    assert (ledger.quoted, ledger.charged, ledger.outstanding, ledger.unsettled) == (5738, 0, 0, 0)
