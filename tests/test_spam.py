"""Spam defence on the public request form, through HTTP: the field people do not see, the
minimum fill time and the limit on requests from one client. A form held back comes back
kept as typed and stores nothing."""

import re

import pytest

from tests.support.answers import form_answers
from tests.support.forms import csrf_token_from
from tests.support.stored import stored_requests

_STARTED = re.compile(r'name="form_started" type="hidden" value="([^"]+)"')


def send(client, page_html: str, **answers):
    """Sends the form on the given page as a browser would, its hidden fields included."""
    return client.post(
        "/request",
        data={
            "csrf_token": csrf_token_from(page_html),
            "form_started": _STARTED.search(page_html).group(1),
            **form_answers(),
            **answers,
        },
    )


@pytest.fixture
def min_seconds(app):
    app.config["REQUEST_FORM_MIN_SECONDS"] = 5
    return 5


def test_a_filled_honeypot_brings_the_form_back_kept_and_stores_nothing(client):
    response = send(client, client.get("/request").text, website="http://cheap-pills.example")

    assert response.status_code == 422
    assert "Please send the form again" in response.text
    assert 'value="Holloway"' in response.text
    assert 'id="website" maxlength="100" name="website" tabindex="-1" type="text" value=""' in (
        response.text
    )
    assert stored_requests() == []


def test_the_form_sent_again_without_the_honeypot_is_accepted(client):
    held_back = send(client, client.get("/request").text, website="x")
    response = send(client, held_back.text)

    assert response.status_code == 303
    assert len(stored_requests()) == 1


def test_a_form_sent_within_the_minimum_fill_time_is_held_back(client, min_seconds, frozen_clock):
    page = client.get("/request").text
    frozen_clock.shift(min_seconds - 2)
    response = send(client, page)

    assert response.status_code == 422
    assert "We could not take your request yet" in response.text
    assert stored_requests() == []


def test_a_form_sent_after_the_minimum_fill_time_is_accepted(client, min_seconds, frozen_clock):
    page = client.get("/request").text
    frozen_clock.shift(min_seconds + 1)

    assert send(client, page).status_code == 303


def test_a_made_up_start_mark_counts_as_filled_at_once(client, min_seconds, frozen_clock):
    page = client.get("/request").text
    frozen_clock.shift(min_seconds + 1)
    response = send(client, page, form_started="started.AAAAAA.forged")

    assert response.status_code == 422
    assert stored_requests() == []


def test_one_client_may_send_five_requests_an_hour_then_gets_a_calm_page(
    client, submit_request, app
):
    assert app.config["REQUEST_SUBMISSIONS_PER_CLIENT"] == "5 per hour"
    for number in range(5):
        assert submit_request(form_answers(signature_name=f"Margaret Holloway {number}"))

    refused = submit_request()

    assert refused.status_code == 429
    assert "Please wait before sending another request" in refused.text
    assert len(stored_requests()) == 5


def test_forms_sent_back_with_mistakes_do_not_count_towards_the_limit(client, submit_request):
    for _ in range(6):
        assert submit_request(form_answers(patient_last_name="")).status_code == 422

    assert submit_request().status_code == 303
