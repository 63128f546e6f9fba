"""Staff enter a request that arrived on paper: its clock starts on the day it arrived."""

import re
from datetime import date, timedelta

import pytest

from records_app import lifecycle, practice
from records_app.models import ReceivedVia, utcnow
from tests.support.answers import form_answers, paper_answers, third_party_answers
from tests.support.clock import days_before_today
from tests.support.desk import NEW_PAPER_REQUEST_URL, enter_paper_request
from tests.support.forms import csrf_token_from, error_links, post_form, submission_token_from
from tests.support.steps import SIGN_URL, walk_to_check
from tests.support.stored import only_request, stored_requests

# ---- a request entered from paper -------------------------------------------------------


def test_mail_request_entered_ten_days_late_is_due_twenty_days_from_today(
    hard_hour, client, signed_in_staff
):
    response = enter_paper_request(client)

    stored = only_request()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/staff/requests/{stored.id}"
    assert stored.received_via == ReceivedVia.MAIL
    assert stored.received_at == practice.start_of_day(days_before_today(10))
    assert lifecycle.due_date(stored) == practice.today() + timedelta(days=20)
    assert stored.events[0].actor_id == signed_in_staff.id


def test_receipt_event_says_how_it_arrived_and_who_entered_it(client, signed_in_staff):
    enter_paper_request(client, paper_answers(received_via="in_person"))

    assert only_request().events[0].reason == "Received in person; entered by Casey Clerk"


def test_staff_are_told_the_tracking_code_and_due_date(client, signed_in_staff):
    response = enter_paper_request(client, paper_answers(received_via="fax"), follow_redirects=True)

    stored = only_request()
    due = practice.today() + timedelta(days=20)
    assert f"Request {stored.tracking_code} entered; due {due:%B} {due.day}, {due.year}." in (
        response.text
    )


def test_request_received_today_starts_its_clock_now(hard_hour, client, signed_in_staff):
    before = utcnow()
    enter_paper_request(client, paper_answers(received_on=practice.today().isoformat()))

    assert before <= only_request().received_at <= utcnow()


def test_paper_form_is_signed_on_the_date_written_beside_the_signature(client, signed_in_staff):
    enter_paper_request(client, paper_answers(signed_on=days_before_today(14).isoformat()))

    stored = only_request()
    assert stored.signed_at == practice.start_of_day(days_before_today(14))
    assert stored.received_at == practice.start_of_day(days_before_today(10))


def test_paper_release_to_a_third_party_expires_a_year_after_the_date_signed(
    client, signed_in_staff
):
    enter_paper_request(
        client,
        paper_answers(third_party_answers(), received_on="2026-03-02", signed_on="2026-02-20"),
    )

    assert only_request().authorization_expires_on == date(2027, 2, 20)


@pytest.mark.parametrize(
    ("signed_days_ago", "message"),
    [
        (None, "Enter the date written beside the signature."),
        (9, "The date signed cannot be after the date the form arrived."),
    ],
    ids=["no-date", "after-arrival"],
)
def test_a_missing_or_impossible_signature_date_is_refused(
    hard_hour, client, signed_in_staff, signed_days_ago, message
):
    signed_on = "" if signed_days_ago is None else days_before_today(signed_days_ago).isoformat()
    response = enter_paper_request(client, paper_answers(signed_on=signed_on))

    assert response.status_code == 422
    assert error_links(response.text)["signed_on"].startswith(message)
    assert stored_requests() == []


def test_a_years_permission_signed_over_a_year_ago_is_refused(hard_hour, client, signed_in_staff):
    """45 CFR 164.508(b)(2)(i): its expiry is counted from the date it was signed."""
    answers = paper_answers(third_party_answers(), signed_on=days_before_today(400).isoformat())

    response = enter_paper_request(client, answers)

    assert response.status_code == 422
    assert error_links(response.text)["signed_on"].startswith(
        "Signed on this date, the permission ended on"
    )
    assert stored_requests() == []


def test_received_date_a_full_year_back_is_accepted_and_already_overdue(
    hard_hour, client, signed_in_staff
):
    response = enter_paper_request(
        client, paper_answers(received_on=days_before_today(365).isoformat())
    )

    assert response.status_code == 303
    assert lifecycle.is_overdue(only_request())


# ---- what is refused ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_days_ago", "message"),
    [
        (-1, "The date received cannot be after today."),
        (366, "That date is more than a year ago."),
    ],
    ids=["tomorrow", "a-year-and-a-day-ago"],
)
def test_a_received_date_after_today_or_over_a_year_ago_is_refused(
    hard_hour, client, signed_in_staff, received_days_ago, message
):
    answers = paper_answers(received_on=days_before_today(received_days_ago).isoformat())

    response = enter_paper_request(client, answers)

    assert response.status_code == 422
    assert error_links(response.text)["received_on"].startswith(message)
    assert stored_requests() == []


REFUSED_ARRIVALS = [
    ({"received_on": ""}, "received_on", "Enter the date the request arrived."),
    ({"received_on": "31.12.25"}, "received_on", "Enter a real date"),
    ({"received_via": None}, "received_via", "Choose how the request arrived."),
    ({"received_via": "online"}, "received_via", "Not a valid choice"),
]


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    REFUSED_ARRIVALS,
    ids=["no-date", "unreadable-date", "no-route", "online"],
)
def test_bad_arrival_answer_is_refused_and_nothing_is_written(
    client, signed_in_staff, overrides, field_id, message
):
    response = enter_paper_request(client, paper_answers(**overrides))

    assert response.status_code == 422
    assert error_links(response.text)[field_id].startswith(message)
    assert stored_requests() == []


def test_refused_paper_request_keeps_everything_typed(client, signed_in_staff):
    answers = paper_answers(received_on="", received_via="fax")

    page = enter_paper_request(client, answers).text

    for name in ("patient_last_name", "date_of_birth", "email", "signature_name"):
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(answers[name])}"', page), name
    assert re.search(r'checked[^>]*value="fax"', page)


def test_paper_request_without_csrf_token_is_re_asked_and_writes_nothing(client, signed_in_staff):
    response = client.post(NEW_PAPER_REQUEST_URL, data=paper_answers())

    assert response.status_code == 422
    assert "for your security it was not sent" in response.text
    assert stored_requests() == []


def test_signed_out_post_is_sent_to_sign_in_and_writes_nothing(client):
    token = csrf_token_from(client.get("/staff/sign-in").text)

    response = client.post(NEW_PAPER_REQUEST_URL, data={"csrf_token": token, **paper_answers()})

    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]
    assert stored_requests() == []


def test_posting_the_same_paper_request_twice_creates_one_request(client, signed_in_staff):
    page = client.get(NEW_PAPER_REQUEST_URL).text
    answers = {
        "csrf_token": csrf_token_from(page),
        "submission_token": submission_token_from(page),
        **paper_answers(),
    }

    first = client.post(NEW_PAPER_REQUEST_URL, data=answers)
    second = client.post(NEW_PAPER_REQUEST_URL, data=answers)

    assert first.headers["Location"] == second.headers["Location"]
    assert len(stored_requests()) == 1


# ---- the page and the public form --------------------------------------------------------


def test_staff_page_asks_whether_the_signed_form_includes_each_statement(client, signed_in_staff):
    page = client.get(NEW_PAPER_REQUEST_URL).text

    assert page.count("The signed form includes") == 3
    assert "I understand that" not in page


def test_staff_pages_link_to_paper_request_entry(client, signed_in_staff):
    page = client.get("/staff/").text

    assert f'href="{NEW_PAPER_REQUEST_URL}">Enter a paper request</a>' in page


def test_public_form_does_not_offer_the_arrival_fields(client):
    page = client.get("/request").text

    assert 'name="received_via"' not in page
    assert 'name="received_on"' not in page


def test_public_form_ignores_arrival_answers_sent_to_it(client):
    before = utcnow()
    walk_to_check(client, form_answers())
    post_form(client, SIGN_URL, paper_answers())

    stored = only_request()
    assert stored.received_via == ReceivedVia.ONLINE
    assert stored.received_at >= before
    assert stored.events[0].reason == "Received online"
