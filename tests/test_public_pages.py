"""The home page and the confirmation page a requester sees after sending the form."""

from datetime import UTC, datetime, timedelta

import time_machine

from records_app import lifecycle
from tests.support.answers import form_answers
from tests.support.stored import stored_requests

PERSONAL_VALUES = ("Margaret", "Holloway", "1951", "555", "margaret", "Alder", "97214")


def test_home_page_explains_and_links_to_the_form_and_the_status_page(client, app):
    page = client.get("/").text

    assert app.config["PRACTICE_NAME"] in page
    assert 'href="/request">Start a request</a>' in page
    assert 'href="/status">Check the status of a request</a>' in page


def test_public_pages_declare_their_language(client):
    for url in ("/", "/request", "/status"):
        assert '<html lang="en">' in client.get(url).text


def test_sent_form_leads_to_a_confirmation_url_without_personal_data(submit_request):
    response = submit_request()
    location = response.headers["Location"]

    assert location == "/request/received"
    assert stored_requests()[0].tracking_code not in location
    assert [value for value in PERSONAL_VALUES if value.lower() in location.lower()] == []


def test_confirmation_shows_the_tracking_code_and_asks_to_save_it(submit_request, client):
    submit_request()
    page = client.get("/request/received").text

    assert stored_requests()[0].tracking_code in page
    assert "Save this tracking code: write it down or print this page." in page


def test_confirmation_gives_the_30_day_due_date_and_custodian_contact(submit_request, client, app):
    submit_request()
    page = client.get("/request/received").text
    due_on = lifecycle.due_date(stored_requests()[0])

    assert f"{due_on:%B} {due_on.day}, {due_on.year}" in page
    assert "30 days" in page
    assert app.config["PRACTICE_PHONE"] in page
    assert app.config["PRACTICE_ADDRESS"] in page
    assert 'href="/status"' in page


def test_confirmation_shows_no_personal_details(submit_request, client):
    submit_request(form_answers())
    page = client.get("/request/received").text

    assert "Holloway" not in page
    assert "margaret@example.net" not in page


def test_confirmation_is_not_shown_to_a_browser_that_sent_nothing(make_request, client):
    make_request()
    response = client.get("/request/received")

    assert response.status_code == 302
    assert response.headers["Location"] == "/status"


def test_confirmation_is_no_longer_shown_after_half_an_hour(submit_request, client):
    submit_request()
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=31)):
        response = client.get("/request/received")

    assert response.status_code == 302
    assert stored_requests()[0].tracking_code not in response.text
