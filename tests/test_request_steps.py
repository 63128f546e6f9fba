"""The public request form in steps, through HTTP: which steps a request's answers lead
through, the answers kept between them (sealed, expiring, never a request), "Change" from the
answers page, and what a step opened or sent out of order, late, or with a made-up token
gets: a calm page, nothing sent."""

import re
from datetime import timedelta

import pytest

from records_app import practice
from tests.support.answers import form_answers, third_party_answers
from tests.support.forms import csrf_token_from, error_links
from tests.support.steps import (
    CHECK_URL,
    SIGN_URL,
    START_URL,
    answer_page,
    pages_walked,
    walk_to_check,
)
from tests.support.stored import holds, stored_drafts, stored_requests

GONE = "We do not have your answers to the form"
KEPT_FOR = timedelta(hours=2)


def change(client, url: str, **answers):
    """Opens a step from the answers page's "Change" link and sends it changed."""
    return answer_page(client, f"{url}?then=check", {**form_answers(), **answers})


def headings(pages: list[str]) -> list[str]:
    return [re.search(r"<h1>([^<]+)</h1>", page).group(1) for page in pages]


# ---- which steps apply --------------------------------------------------------------------


def test_a_representative_is_asked_their_name_and_for_proof_of_authority(client):
    answers = form_answers(
        requester_kind="representative",
        representative_authority="legal_guardian",
        representative_name="Daniel Holloway",
    )
    pages = pages_walked(client, answers)

    assert headings(pages)[1] == "About you"
    assert 'name="authority_documents"' in pages[-1]


def test_a_patient_is_not_asked_for_proof_of_authority(client):
    assert 'name="authority_documents"' not in pages_walked(client, form_answers())[-1]


def test_records_to_a_third_party_bring_in_its_details_and_the_permission(client):
    assert headings(pages_walked(client, third_party_answers())) == [
        "About this request",
        "Patient and records",
        "How to reach you",
        "Who gets the records",
        "Your permission",
        "Check your answers",
        "Sign and send",
    ]


def test_only_some_records_bring_in_the_kinds_of_records(client):
    answers = form_answers(records_scope="selected", record_categories=["billing"])
    assert "Which kinds of records" in headings(pages_walked(client, answers))


def test_ordinary_e_mail_brings_in_its_risk(client):
    answers = form_answers(
        delivery="unencrypted_email", record_format="pdf_email", unencrypted_risk_accepted="y"
    )
    assert "Records by ordinary e-mail" in headings(pages_walked(client, answers))


def test_a_step_asks_only_its_own_questions(client):
    page = client.get(START_URL).text

    assert 'name="requester_kind"' in page
    assert 'name="recipient_kind"' in page
    assert 'name="patient_last_name"' not in page
    assert 'name="signature_name"' not in page


def test_a_step_that_does_not_apply_leads_to_the_next_that_does(client):
    walk_to_check(client, form_answers())

    response = client.get("/request/permission")

    assert response.status_code == 303
    assert response.location.endswith(CHECK_URL)


# ---- the answers kept between the steps ----------------------------------------------------


def test_nothing_is_stored_as_a_request_before_the_last_step(client):
    checked = walk_to_check(client, third_party_answers())

    assert checked.status_code == 200
    assert stored_requests() == []
    assert len(stored_drafts()) == 1


def test_the_answers_between_steps_are_sealed_in_the_database(client):
    walk_to_check(client, third_party_answers())

    assert not holds("request_draft", "Holloway")
    assert not holds("request_draft", "Natarajan")


def test_the_session_cookie_holds_a_token_not_the_answers(client):
    walk_to_check(client, form_answers())

    with client.session_transaction() as session:
        assert "Holloway" not in repr(dict(session))


def test_sending_the_request_removes_its_answers(submit_request):
    assert submit_request().status_code == 303
    assert stored_drafts() == []


def test_the_back_button_finds_each_step_as_answered(client):
    walk_to_check(client, form_answers())

    page = client.get("/request/patient")

    assert page.status_code == 200
    assert 'value="Holloway"' in page.text


def test_expired_answers_are_not_read_and_the_form_starts_again(client, frozen_clock):
    walk_to_check(client, form_answers())
    frozen_clock.shift(KEPT_FOR + timedelta(minutes=1))

    response = client.get(CHECK_URL, follow_redirects=True)

    assert response.request.path == START_URL
    assert GONE in response.text
    assert 'value="Holloway"' not in client.get("/request/patient", follow_redirects=True).text


def test_answers_are_kept_for_two_hours_after_the_last_step(client, frozen_clock):
    walk_to_check(client, form_answers())
    frozen_clock.shift(KEPT_FOR - timedelta(minutes=1))

    assert client.get(CHECK_URL).status_code == 200


def test_how_long_answers_are_kept_is_a_setting(client, app, frozen_clock):
    app.config["REQUEST_ANSWERS_KEPT_FOR_MINUTES"] = 10
    walk_to_check(client, form_answers())
    frozen_clock.shift(timedelta(minutes=11))

    assert client.get(CHECK_URL).status_code == 303


def test_signing_after_the_answers_expired_sends_nothing(client, frozen_clock):
    walk_to_check(client, form_answers())
    page = client.get(SIGN_URL).text
    frozen_clock.shift(KEPT_FOR + timedelta(minutes=1))

    response = client.post(
        SIGN_URL,
        data={"csrf_token": csrf_token_from(page), **form_answers()},
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert GONE in response.text
    assert stored_requests() == []


def test_expired_answers_are_purged_by_the_next_answers_written(client, app, frozen_clock):
    walk_to_check(client, form_answers())
    frozen_clock.shift(KEPT_FOR + timedelta(minutes=1))
    answer_page(app.test_client(), START_URL, form_answers())

    assert len(stored_drafts()) == 1


def test_flask_drafts_purge_removes_expired_answers_quietly(client, runner, frozen_clock):
    walk_to_check(client, form_answers())
    frozen_clock.shift(KEPT_FOR + timedelta(minutes=1))

    result = runner.invoke(args=["drafts", "purge"])

    assert (result.exit_code, result.output) == (0, "")
    assert stored_drafts() == []


def test_flask_drafts_purge_keeps_answers_still_in_time(client, runner):
    walk_to_check(client, form_answers())

    result = runner.invoke(args=["drafts", "purge", "--verbose"])

    assert result.output == "Removed the answers of 0 unsent request forms.\n"
    assert len(stored_drafts()) == 1


# ---- out of order, made up ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/request/patient", CHECK_URL, SIGN_URL])
def test_a_later_page_opened_first_leads_calmly_to_the_first_step(client, url):
    response = client.get(url, follow_redirects=True)

    assert response.status_code == 200
    assert response.request.path == START_URL
    assert GONE in response.text


def test_a_step_sent_before_the_first_keeps_its_answers_and_asks_the_first(client):
    token = csrf_token_from(client.get(START_URL).text)
    response = client.post(
        "/request/patient",
        data={"csrf_token": token, **form_answers()},
        follow_redirects=True,
    )

    assert response.request.path == START_URL
    assert "We kept the answers you just gave" in response.text
    answer_page(client, START_URL, form_answers())
    assert 'value="Holloway"' in client.get("/request/patient").text
    assert stored_requests() == []


def test_signing_sent_before_the_other_steps_leads_to_the_first_unanswered(client):
    answer_page(client, START_URL, form_answers())
    token = csrf_token_from(client.get(START_URL).text)

    response = client.post(SIGN_URL, data={"csrf_token": token, **form_answers()})

    assert response.status_code == 303
    assert "/request/patient" in response.location
    assert stored_requests() == []


def test_a_made_up_token_finds_no_answers(client):
    walk_to_check(client, form_answers())
    with client.session_transaction() as session:
        session["request_draft"] = "A" * 43

    response = client.get(CHECK_URL, follow_redirects=True)

    assert response.request.path == START_URL
    assert GONE in response.text


def test_a_token_of_the_wrong_shape_finds_no_answers(client):
    with client.session_transaction() as session:
        session["request_draft"] = {"id": 1}

    assert client.get(CHECK_URL, follow_redirects=True).request.path == START_URL


def test_an_unknown_step_is_not_found(client):
    assert client.get("/request/nonsense").status_code == 404


# ---- check your answers, and change -------------------------------------------------------


def test_the_answers_page_lists_each_answer_in_words_with_a_change_link(client):
    page = walk_to_check(client, form_answers()).text

    assert "<dd>Holloway</dd>" in page
    assert "<dd>April 17, 1951</dd>" in page
    assert "<dd>1420 SE Alder St, Portland, OR 97214</dd>" in page
    assert "<dd>I am the patient</dd>" in page
    assert 'href="/request/patient?then=check"' in page


def test_a_change_from_the_answers_page_comes_back_to_it(client):
    walk_to_check(client, form_answers())

    response = change(client, "/request/patient", patient_last_name="Dunn")

    assert response.location.endswith(CHECK_URL)
    assert "<dd>Dunn</dd>" in client.get(CHECK_URL).text


def test_a_change_that_brings_in_steps_asks_them_before_the_answers_page(client):
    walk_to_check(client, form_answers())

    response = change(client, START_URL, recipient_kind="third_party")

    assert "/request/patient-contact?then=check" in response.location
    assert client.get(CHECK_URL).location.endswith("/request/patient-contact?then=check")


def test_an_answer_found_wrong_at_signing_is_shown_on_its_step(client, app, frozen_clock):
    app.config["REQUEST_ANSWERS_KEPT_FOR_MINUTES"] = 48 * 60
    tomorrow = (practice.today() + timedelta(days=1)).isoformat()
    walk_to_check(client, third_party_answers(expiry="on_date", expires_on=tomorrow))
    frozen_clock.shift(timedelta(days=1))

    response = answer_page(client, SIGN_URL, form_answers())

    assert response.status_code == 422
    assert "<h1>Your permission</h1>" in response.text
    assert error_links(response.text)["expires_on"] == "Choose a date after today."
    assert stored_requests() == []
