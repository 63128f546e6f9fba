"""The fee through HTTP: staff work it out, send the quote, record an answer, a payment or a
waiver from the request's page; the requester sees it and answers on the status page. Bad
input comes back beside its field with the form as typed and nothing written; two staff
recording a payment at once: one wins, the other is told and sees it fresh."""

import threading
from decimal import Decimal

import pytest
import sqlalchemy as sa
from markupsafe import escape

from records_app import exports, lifecycle, practice
from records_app.exports import ExportFilters
from records_app.extensions import db
from records_app.formatting import long_date
from records_app.models import (
    FeePayment,
    FeeQuote,
    FeeRule,
    LetterKind,
    PaymentMethod,
    QuoteAnswer,
    Status,
)
from tests.support.clock import days_ago, days_before_today
from tests.support.desk import StaffDesk
from tests.support.factories import quote, request_in
from tests.support.fees import ATTORNEY, release
from tests.support.forms import csrf_token_from
from tests.support.letters import letters_of
from tests.support.pages import input_value
from tests.support.requester import look_up
from tests.support.stored import reload

QUOTE = {"rule": "directive", "pages": "64", "delivery": "mail", "postage": "3.88"}


@pytest.fixture
def attorneys_request(make_request, signed_in_staff):
    return request_in(Status.APPROVED, lambda: make_request(**ATTORNEY), signed_in_staff)


def quotes_stored() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(FeeQuote))


def payments_stored() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(FeePayment))


def after(desk, response) -> str:
    assert response.status_code == 302, response.text
    return desk.client.get(response.headers["Location"]).text


# ---- staff: the quote -------------------------------------------------------------------


def test_work_out_the_fee_shows_the_working_and_writes_nothing(desk, attorneys_request):
    version = attorneys_request.version
    page = desk.page(attorneys_request)
    data = {f"send_quote-{name}": value for name, value in QUOTE.items()}
    data["send_quote-version"] = str(version)
    data["send_quote-csrf_token"] = csrf_token_from(page.text)

    response = desk.client.post(f"/staff/requests/{attorneys_request.id}/fee/work-out", data=data)

    assert response.status_code == 200
    assert "<caption>The fee by this rule</caption>" in response.text
    assert 'Pages 51 to 64: 14 at $0.25</th><td class="amount">$3.50' in response.text
    assert 'Most the rule allows</th><td class="amount">$57.38' in response.text
    assert input_value(response.text, "send_quote-pages") == "64"
    assert (quotes_stored(), reload(attorneys_request).version) == (0, version)


def test_send_quote_quotes_the_rules_amount_and_the_page_shows_its_working(desk, attorneys_request):
    page = after(desk, desk.act(attorneys_request, "send_quote", **QUOTE))

    assert "Quote sent." in page
    assert "Quoted</dt><dd>$57.38 for 64 pages" in page
    assert "Waiting for the requester&#39;s answer to the quote." in page
    assert "Fee quote (PDF)" in page
    quote = reload(attorneys_request).fee_quote
    assert (quote.rule, quote.amount_cents) == (FeeRule.DIRECTIVE, 5738)


BAD_QUOTES = [
    ({"pages": "sixty"}, "pages", "Enter the number of pages as a whole number, like 64."),
    ({"pages": "0"}, "pages", "A paper copy has at least one page: enter the page count."),
    ({"postage": "-1.00"}, "postage", "Enter an amount of 0.00 or more."),
    ({"postage": "three"}, "postage", "Enter an amount in dollars and cents, like 12.50."),
    ({"postage": "1.005"}, "postage", "Enter an amount in dollars and cents, like 12.50."),
    ({"amount": "60.00"}, "amount", "The most this rule allows is $57.38; enter that or less."),
    ({"amount": "40.00"}, "lowered_reason", "Say why the fee is lower than the rule allows."),
    ({"rule": "patient_free"}, "rule", "Choose one of the fee rules offered for this request."),
]


@pytest.mark.parametrize(("typed", "field", "message"), BAD_QUOTES, ids=lambda v: None)
def test_a_bad_quote_comes_back_beside_its_field_as_typed_and_writes_nothing(
    desk, attorneys_request, typed, field, message
):
    version = attorneys_request.version
    response = desk.act(attorneys_request, "send_quote", **{**QUOTE, **typed})

    assert response.status_code == 422
    assert f'<p class="field-error" id="send_quote-{field}-error">' in response.text
    assert str(escape(message)) in response.text
    for name, value in typed.items():
        if name != "rule":
            assert input_value(response.text, f"send_quote-{name}") == value
    assert (quotes_stored(), reload(attorneys_request).version) == (0, version)


# ---- staff: answer, payment, waiver -----------------------------------------------------


def test_acceptance_by_phone_is_recorded_with_how_and_writes_the_invoice(
    desk, attorneys_request, signed_in_staff
):
    quote(attorneys_request, signed_in_staff, 5350)

    page = after(desk, desk.act(attorneys_request, "accept_quote", how="By phone on 3 May"))

    assert "Acceptance recorded." in page
    assert f"Accepted {long_date(practice.today())}, recorded by Casey Clerk" in page
    assert [letter.kind for letter in letters_of(attorneys_request)][-1] == LetterKind.INVOICE
    assert attorneys_request.events[-1].reason == "Accepted the quote of $53.50: By phone on 3 May"


def test_refusal_by_phone_needs_to_say_how(desk, attorneys_request, signed_in_staff):
    quote(attorneys_request, signed_in_staff, 5350)
    response = desk.act(attorneys_request, "decline_quote", how="")
    assert response.status_code == 422
    assert "Say how and when the requester answered." in response.text
    assert reload(attorneys_request).fee_quote.answer is None


def test_payment_form_offers_what_is_owed_and_records_it(desk, attorneys_request, signed_in_staff):
    quote(attorneys_request, signed_in_staff, 5350)
    assert input_value(desk.page(attorneys_request).text, "record_payment-amount") == "53.50"

    page = after(
        desk,
        desk.act(
            attorneys_request,
            "record_payment",
            amount="53.50",
            method="money_order",
            received_on=days_before_today(1).isoformat(),
            reference="MO 7781",
        ),
    )

    assert "Payment recorded. The receipt is under Letters." in page
    assert "Still owed</dt><dd>$0.00" in page
    assert "Money order" in page and "MO 7781" in page
    assert 'id="fulfil-form"' in page
    assert 'id="record_payment-form"' not in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("53.51", "That is more than the $53.50 owed; record at most that."),
        ("0", "Enter the amount received, more than 0.00."),
        ("", "Enter the amount received."),
        ("ten dollars", "Enter an amount in dollars and cents, like 12.50."),
    ],
)
def test_a_bad_payment_comes_back_beside_the_amount_and_writes_nothing(
    desk, attorneys_request, signed_in_staff, amount, message
):
    quote(attorneys_request, signed_in_staff, 5350)
    fields = {"amount": amount, "method": "check", "received_on": practice.today().isoformat()}

    response = desk.act(attorneys_request, "record_payment", **fields)

    assert response.status_code == 422
    assert '<p class="field-error" id="record_payment-amount-error">' in response.text
    assert str(escape(message)) in response.text
    assert input_value(response.text, "record_payment-amount") == amount
    assert payments_stored() == 0


def test_a_second_payment_after_full_payment_is_refused_beside_the_amount(
    desk, attorneys_request, signed_in_staff
):
    quote(attorneys_request, signed_in_staff, 5350)
    today = practice.today().isoformat()
    desk.act(attorneys_request, "record_payment", amount="53.50", method="cash", received_on=today)

    response = desk.act(
        attorneys_request, "record_payment", amount="1.00", method="cash", received_on=today
    )

    assert response.status_code == 422
    assert "Nothing is owed: the fee is paid or waived in full." in response.text
    assert payments_stored() == 1


def test_a_waiver_is_one_click_with_a_reason(desk, attorneys_request, signed_in_staff):
    quote(attorneys_request, signed_in_staff, 5350)
    assert desk.act(attorneys_request, "waive_fee", reason="").status_code == 422

    page = after(desk, desk.act(attorneys_request, "waive_fee", reason="Cannot pay"))

    assert "Fee waived." in page
    assert "Waived</dt><dd>$53.50" in page and "Cannot pay" in page
    assert 'id="fulfil-form"' in page


def test_a_fee_action_without_its_csrf_token_is_refused(desk, attorneys_request, signed_in_staff):
    quote(attorneys_request, signed_in_staff, 5350)
    response = desk.act(attorneys_request, "waive_fee", csrf=False, reason="Cannot pay")
    assert response.status_code == 400
    assert reload(attorneys_request).fee_quote.waived_at is None


def test_two_staff_recording_a_payment_at_once_one_wins_the_other_sees_it(
    two_desks, make_request, clerk
):
    """As test_concurrent_edits.py's simultaneous posts: the loser is caught by the version
    check or by the compare-and-set UPDATE, on either database."""
    records_request = request_in(Status.APPROVED, lambda: make_request(**ATTORNEY), clerk)
    quote(records_request, clerk, 5350)
    url = f"/staff/requests/{records_request.id}/actions/record_payment"
    forms = [
        {
            "record_payment-version": str(records_request.version),
            "record_payment-csrf_token": csrf_token_from(desk.page(records_request).text),
            "record_payment-amount": "53.50",
            "record_payment-method": "check",
            "record_payment-received_on": practice.today().isoformat(),
        }
        for desk in two_desks
    ]
    db.session.rollback()
    barrier = threading.Barrier(2, timeout=30)
    responses = [None, None]

    def post(index):
        barrier.wait()
        responses[index] = two_desks[index].client.post(url, data=forms[index])

    threads = [threading.Thread(target=post, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [response.status_code for response in responses] == [302, 302]
    pages = [desk.client.get(responses[0].headers["Location"]).text for desk in two_desks]
    assert sum("Payment recorded." in page for page in pages) == 1
    [loser] = [page for page in pages if "This request was changed by" in page]
    assert "Still owed</dt><dd>$0.00" in loser
    assert payments_stored() == 1


# ---- the deadline keeps running ---------------------------------------------------------


def test_waiting_for_an_answer_near_the_deadline_is_flagged_on_the_queue_and_the_page(
    desk, make_request, signed_in_staff
):
    near = request_in(
        Status.APPROVED, lambda: make_request(received_at=days_ago(27), **ATTORNEY), signed_in_staff
    )
    far = request_in(
        Status.APPROVED, lambda: make_request(received_at=days_ago(2), **ATTORNEY), signed_in_staff
    )
    for records_request in (near, far):
        quote(records_request, signed_in_staff, 5350)

    queue = desk.client.get("/staff/").text
    assert queue.count("Waiting for the requester&#39;s answer to the quote") == 1
    assert "The deadline is at risk:" in desk.page(near).text
    assert "The deadline is at risk:" not in desk.page(far).text


# ---- the requester, on the status page --------------------------------------------------


def test_the_status_page_shows_the_fee_its_working_and_how_to_pay(
    client, attorneys_request, signed_in_staff
):
    quote(attorneys_request, signed_in_staff, 4000)

    page = look_up(client, attorneys_request.tracking_code).text

    assert "The fee" in page and "<strong>$40.00</strong>" in page
    assert "Sent to a third party at the patient's direction" in page
    assert "Pages 11 to 50: 40 at $0.50" in page
    assert "We have lowered the fee to $40.00." in page
    assert "By check or money order" in page
    assert ">Accept the fee</button>" in page and ">Decline the fee</button>" in page
    assert "We send the copies to the person or office you named once the fee is paid." in page


def answer_on_the_status_page(client, records_request, answer: str, version=None):
    page = look_up(client, records_request.tracking_code).text
    found = input_value(page, "version") if version is None else str(version)
    return client.post(
        "/status/quote",
        data={"csrf_token": csrf_token_from(page), "version": found, answer: "y"},
    )


def test_the_requester_accepts_the_fee_on_the_status_page(
    client, attorneys_request, signed_in_staff
):
    quote(attorneys_request, signed_in_staff, 5350)

    response = answer_on_the_status_page(client, attorneys_request, "accept")

    assert (response.status_code, response.headers["Location"]) == (303, "/status/yours")
    page = client.get("/status/yours").text
    assert "Thank you: you accepted the fee." in page
    assert "Your answer</dt><dd>Accepted" in page
    fresh = reload(attorneys_request)
    assert (fresh.fee_quote.answer, fresh.fee_quote.answered_by_id) == (QuoteAnswer.ACCEPTED, None)
    assert fresh.events[-1].actor_id is None
    assert [letter.kind for letter in letters_of(fresh)][-1] == LetterKind.INVOICE


def test_the_requester_declines_the_fee_on_the_status_page(
    client, attorneys_request, signed_in_staff
):
    quote(attorneys_request, signed_in_staff, 5350)
    answer_on_the_status_page(client, attorneys_request, "decline")
    assert reload(attorneys_request).fee_quote.answer == QuoteAnswer.DECLINED
    assert "Record a payment" not in StaffDesk(client).page(attorneys_request).text


def test_an_answer_to_a_quote_replaced_meanwhile_is_not_taken(
    client, attorneys_request, signed_in_staff
):
    quote(attorneys_request, signed_in_staff, 5350)
    seen = attorneys_request.version
    quote(attorneys_request, signed_in_staff, 4000)

    response = answer_on_the_status_page(client, attorneys_request, "accept", version=seen)

    assert (
        "Your request changed while you were looking at it."
        in client.get(response.headers["Location"]).text
    )
    assert reload(attorneys_request).fee_quote.answer is None


def test_answering_without_looking_the_request_up_goes_to_the_lookup(client, attorneys_request):
    response = client.post("/status/quote", data={"accept": "y"})
    assert (response.status_code, response.headers["Location"]) == (303, "/status")


def test_a_patients_fee_says_records_are_never_held_back(client, make_request, clerk):
    records_request = request_in(Status.APPROVED, make_request, clerk)
    quote(records_request, clerk, 420)
    page = look_up(client, records_request.tracking_code).text
    assert "Your records are never held back because you cannot pay." in page


# ---- everywhere else the fee appears ----------------------------------------------------


def test_the_dashboard_sums_the_fees_of_the_last_12_weeks_by_rule(
    client, signed_in_staff, make_request
):
    paid = request_in(Status.APPROVED, lambda: make_request(**ATTORNEY), signed_in_staff)
    quote(paid, signed_in_staff, 5350)
    lifecycle.record_payment(
        paid,
        signed_in_staff,
        paid.version,
        amount_cents=2000,
        method=PaymentMethod.CARD_BY_PHONE,
        received_on=practice.today(),
    )
    db.session.commit()
    waived = request_in(Status.APPROVED, make_request, signed_in_staff)
    quote(waived, signed_in_staff, 650)
    lifecycle.waive_fee(waived, signed_in_staff, waived.version, reason="Hardship")
    db.session.commit()

    page = client.get("/staff/dashboard").text

    assert (
        '<th scope="row">Sent to a third party at the patient\'s direction</th><td>1</td>'
        "<td>$53.50</td><td>$20.00</td><td>$33.50</td><td>$0.00</td>"
    ) in page
    assert (
        '<th scope="row">All rules</th><td>2</td>'
        "<td>$60.00</td><td>$20.00</td><td>$33.50</td><td>$6.50</td>"
    ) in page


def test_the_fulfilled_export_gives_quoted_charged_paid_and_waived_apart(make_request, clerk):
    records_request = request_in(Status.APPROVED, lambda: make_request(**ATTORNEY), clerk)
    quote(records_request, clerk, 5350)
    lifecycle.waive_fee(records_request, clerk, records_request.version, reason="Hardship")
    db.session.commit()
    release(records_request, clerk)

    today = practice.today()
    [row] = exports.fulfilled_rows(ExportFilters(today, today))
    cells = dict(zip((column.title for column in exports.FULFILLED_COLUMNS), row, strict=True))
    fee_columns = ("Fee rule", "Quoted (USD)", "Charged (USD)", "Paid (USD)", "Waived (USD)")
    assert [cells[name] for name in fee_columns] == [
        "Sent to a third party at the patient's direction",
        Decimal("53.50"),
        Decimal("53.50"),
        Decimal("0.00"),
        Decimal("53.50"),
    ]
