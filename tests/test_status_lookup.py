"""The public status lookup: tracking code and date of birth, sent by POST, never in a URL."""

import re
from datetime import date, timedelta

import pytest

from records_app import lifecycle, practice
from records_app.extensions import db
from tests.support.forms import csrf_token_from
from tests.support.requester import STATUS_URL, look_up

BIRTH_DATE = date(1951, 4, 17)


def without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", html)


@pytest.fixture
def filed(make_request):
    return make_request(date_of_birth=BIRTH_DATE)


def test_status_form_sends_nothing_in_the_url(client):
    page = client.get(STATUS_URL).text

    assert '<form method="post" action="/status"' in page


def test_right_code_and_birth_date_show_the_status_in_plain_words(client, filed):
    page = look_up(client, filed.tracking_code).text

    assert filed.tracking_code in page
    assert "Received" in page
    assert "We have your request. We will start on it soon." in page
    assert practice.local_date(filed.received_at).strftime("%B") in page


def test_found_request_shows_its_due_date(client, filed):
    page = look_up(client, filed.tracking_code).text
    due_on = lifecycle.due_date(filed)

    assert f"{due_on:%B} {due_on.day}, {due_on.year}" in page


@pytest.mark.parametrize("typed", ["rr-{}-{}", " {} {} ", "RR{}{}"])
def test_tracking_code_may_be_typed_in_any_case_and_spacing(client, filed, typed):
    first, second = filed.tracking_code.split("-")[1:]

    page = look_up(client, typed.format(first.lower(), second.lower())).text

    assert filed.tracking_code in page


def test_page_says_what_to_do_when_information_is_needed(client, filed, make_staff):
    clerk = make_staff()
    lifecycle.start_review(filed, clerk, filed.version)
    lifecycle.request_info(filed, clerk, filed.version, "Please send a copy of your photo ID.")
    db.session.commit()

    page = look_up(client, filed.tracking_code).text

    assert "Waiting for information" in page
    assert "What you need to do" in page
    assert "Please send a copy of your photo ID." in page


def test_extended_due_date_and_its_reason_are_shown(client, filed, make_staff):
    new_due_on = lifecycle.due_date(filed) + timedelta(days=20)
    lifecycle.extend(
        filed, make_staff(), filed.version, new_due_on=new_due_on, reason="Records are in storage."
    )
    db.session.commit()

    page = look_up(client, filed.tracking_code).text

    assert "New answer date" in page
    assert f"{new_due_on:%B} {new_due_on.day}, {new_due_on.year}" in page
    assert "Records are in storage." in page


def test_wrong_code_and_wrong_birth_date_get_the_same_answer(client, filed):
    wrong_code = look_up(client, "RR-2222-2222")
    wrong_birth_date = look_up(client, filed.tracking_code, "1951-04-18")

    assert wrong_code.status_code == wrong_birth_date.status_code == 200
    assert "No request matches" in wrong_code.text
    assert without_csrf_token(wrong_code.text) == without_csrf_token(wrong_birth_date.text)
    assert filed.tracking_code not in wrong_birth_date.text


def test_text_that_cannot_be_a_code_gets_the_same_no_match_answer(client, filed):
    wrong_code = look_up(client, "RR-2222-2222")
    not_a_code = look_up(client, "hello")

    assert without_csrf_token(not_a_code.text) == without_csrf_token(wrong_code.text)


def test_lookup_without_a_birth_date_asks_for_it(client, filed):
    response = look_up(client, filed.tracking_code, "")

    assert response.status_code == 422
    assert "Enter the patient's date of birth." in response.text


def test_repeated_misses_from_one_client_are_refused(client, filed):
    for _attempt in range(10):
        assert look_up(client, "RR-2222-2222").status_code == 200

    refused = look_up(client, filed.tracking_code)

    assert refused.status_code == 429
    assert "Too many tries" in refused.text
    assert filed.tracking_code not in refused.text


def test_successful_lookups_are_not_counted_as_misses(client, filed):
    for _attempt in range(12):
        response = look_up(client, filed.tracking_code)

    assert response.status_code == 200
    assert filed.tracking_code in response.text


def test_lookup_without_csrf_token_is_re_asked_not_answered(client, filed):
    client.get(STATUS_URL)
    response = client.post(
        STATUS_URL,
        data={"tracking_code": filed.tracking_code, "date_of_birth": BIRTH_DATE.isoformat()},
    )

    assert response.status_code == 422
    assert "for your security it was not sent" in response.text
    assert "We have your request" not in response.text
    assert csrf_token_from(response.text)


def test_a_reviewable_denial_says_how_to_ask_for_a_review(client, filed, make_staff):
    clerk = make_staff()
    lifecycle.start_review(filed, clerk, filed.version)
    lifecycle.deny(
        filed, clerk, filed.version, basis="endangerment", explanation="Access could harm you."
    )
    db.session.commit()

    page = look_up(client, filed.tracking_code).text

    assert "If you disagree" in page
    assert "reviewed by a licensed health professional" in page


def test_a_denial_that_cannot_be_reviewed_does_not_offer_a_review(client, filed, make_staff):
    clerk = make_staff()
    lifecycle.start_review(filed, clerk, filed.version)
    lifecycle.deny(
        filed, clerk, filed.version, basis="requester_not_authorized", explanation="None held."
    )
    db.session.commit()

    assert "If you disagree" not in look_up(client, filed.tracking_code).text
