"""The per-patient disclosure history page: every request for one patient and every release
made, found by last name and date of birth sent by POST, never in a URL or a log line."""

import logging
import re
from datetime import date

import pytest

from records_app.models import RecipientKind, Status
from tests.support.clock import days_ago
from tests.support.factories import request_in
from tests.support.forms import csrf_token_from
from tests.support.pages import codes_on

DISCLOSURES = "/staff/disclosures"
_URL_ATTRIBUTE = re.compile(r'(?:href|action|src|formaction)="([^"]*)"')


@pytest.fixture
def look_up(client, signed_in_staff):
    """Sends the search form from the page, as a browser does."""

    def look_up(last_name="Holloway", date_of_birth="1951-04-17"):
        page = client.get(DISCLOSURES)
        return client.post(
            DISCLOSURES,
            data={
                "csrf_token": csrf_token_from(page.text),
                "last_name": last_name,
                "date_of_birth": date_of_birth,
            },
        )

    return look_up


@pytest.fixture
def patient_history(make_request, fulfil):
    """Margaret Holloway's two requests (one released to her new doctor), and requests of
    two other patients who share her last name or her date of birth."""
    released = fulfil(
        make_request(
            received_at=days_ago(40),
            recipient_kind=RecipientKind.THIRD_PARTY,
            recipient_name="Dr. Priya Natarajan",
            recipient_organization="Cascade Vein Clinic",
            recipient_address="200 NE Pine St\nPortland, OR 97232",
            purpose="Continuing care",
        ),
        sent_days_ago=30,
        sent_to="Dr. Priya Natarajan, Cascade Vein Clinic",
        records_sent="Office notes 2015-2022, 42 pages",
    )
    still_open = make_request(received_at=days_ago(2))
    make_request(date_of_birth=date(1960, 1, 1))
    make_request(patient_last_name="Hall")
    return {"released": released, "open": still_open}


def test_disclosure_history_needs_sign_in(client):
    page = client.get("/staff/sign-in")
    answers = {"csrf_token": csrf_token_from(page.text), "last_name": "Holloway"}
    for response in (client.get(DISCLOSURES), client.post(DISCLOSURES, data=answers)):
        assert response.status_code == 302
        assert "/staff/sign-in" in response.headers["Location"]


def test_history_lists_every_request_of_the_patient_and_no_one_else(look_up, patient_history):
    response = look_up(last_name="  HOLLOWAY ")
    assert response.status_code == 200
    assert codes_on(response.text) == [
        patient_history["released"].tracking_code,
        patient_history["open"].tracking_code,
    ]


def test_history_links_each_request_to_its_page(look_up, patient_history):
    page = look_up().text
    for records_request in patient_history.values():
        assert f'href="/staff/requests/{records_request.id}"' in page


def test_history_shows_when_what_and_to_whom_records_were_released(look_up, patient_history):
    released = patient_history["released"]
    page = look_up().text
    sent_on = f"{released.sent_on:%B} {released.sent_on.day}, {released.sent_on.year}"
    assert f"{sent_on} by mail to Dr. Priya Natarajan, Cascade Vein Clinic" in page
    assert "Office notes 2015-2022, 42 pages" in page
    assert "Purpose: Continuing care" in page
    assert "Nothing released" in page


def test_search_terms_never_reach_a_url_or_a_log_record(look_up, patient_history, caplog):
    caplog.set_level(logging.DEBUG)
    response = look_up(last_name="Holloway", date_of_birth="1951-04-17")
    assert len(codes_on(response.text)) == 2
    urls = _URL_ATTRIBUTE.findall(response.text) + [response.request.url]
    for term in ("holloway", "1951-04-17", "1951"):
        assert not [url for url in urls if term in url.lower()]
        assert not [rec for rec in caplog.records if term in rec.getMessage().lower()]


def test_terms_in_a_query_string_are_ignored(client, signed_in_staff, patient_history):
    response = client.get(f"{DISCLOSURES}?last_name=Holloway&date_of_birth=1951-04-17")
    assert response.status_code == 200
    assert codes_on(response.text) == []


def test_search_without_csrf_is_refused(client, signed_in_staff, patient_history):
    response = client.post(
        DISCLOSURES, data={"last_name": "Holloway", "date_of_birth": "1951-04-17"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("terms", "field", "message"),
    [
        ({"last_name": ""}, "last_name", "Enter the patient&#39;s last name."),
        ({"date_of_birth": ""}, "date_of_birth", "Enter the patient&#39;s date of birth."),
        ({"date_of_birth": "2199-01-01"}, "date_of_birth", "cannot be in the future"),
    ],
)
def test_a_missing_term_is_told_beside_the_field(terms, field, message, look_up, patient_history):
    response = look_up(**terms)
    assert response.status_code == 422
    assert f'<p class="field-error" id="{field}-error">' in response.text
    assert message in response.text
    assert codes_on(response.text) == []


def test_no_match_says_so(look_up, patient_history):
    response = look_up(last_name="Nobody")
    assert response.status_code == 200
    assert "No requests for a patient with that last name and date of birth." in response.text


def test_history_shows_a_partial_release_as_such(look_up, make_request, signed_in_staff):
    request_in(Status.FULFILLED, make_request, signed_in_staff, part_withheld=True)
    html = look_up().text
    assert "Part withheld:" in html
    assert "Psychiatric consultation notes of 2019" in html
