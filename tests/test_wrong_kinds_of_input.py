"""Input of the wrong kind is bad input like any other: a file part where a typed answer
goes, or a JSON body where a form goes, gets a message and a 422, never a 500, and nothing
is written."""

import pytest

from records_app.web.forms import FILE_IN_A_TEXT_FIELD
from tests.support.answers import form_answers
from tests.support.forms import error_links, post_form
from tests.support.stored import stored_requests
from tests.support.uploads import upload

FORM_URL = "/request"
# The message as an English page shows it (the lazy string, read outside a request).
TYPED_NOT_A_FILE = str(FILE_IN_A_TEXT_FIELD)


@pytest.mark.parametrize(
    "field", ["patient_first_name", "patient_last_name", "phone", "email", "date_of_birth"]
)
def test_a_typed_answer_sent_as_a_file_is_refused_on_the_request_form(submit_request, field):
    answers = {**form_answers(), field: upload(b"Holloway", "name.txt", "text/plain")}

    response = submit_request(answers, content_type="multipart/form-data")

    assert response.status_code == 422
    assert error_links(response.text)[field] == TYPED_NOT_A_FILE
    assert stored_requests() == []


@pytest.mark.parametrize("field", ["tracking_code", "date_of_birth"])
def test_a_typed_answer_sent_as_a_file_is_refused_on_the_status_lookup(client, field):
    answers = {"tracking_code": "RR-7KQ4-M2XD", "date_of_birth": "1951-04-17"}
    answers[field] = upload(b"RR-7KQ4-M2XD", "code.txt", "text/plain")

    response = post_form(client, "/status", answers, content_type="multipart/form-data")

    assert response.status_code == 422
    assert TYPED_NOT_A_FILE in response.text


@pytest.mark.parametrize("field", ["email", "password"])
def test_a_typed_answer_sent_as_a_file_is_refused_on_the_sign_in(client, make_staff, field):
    make_staff()
    answers = {"email": "clerk@example.org", "password": "a password of some length"}
    answers[field] = upload(b"clerk@example.org", "who.txt", "text/plain")

    response = post_form(client, "/staff/sign-in", answers, content_type="multipart/form-data")

    assert response.status_code == 422
    assert TYPED_NOT_A_FILE in response.text


@pytest.mark.parametrize("body", [{"patient_last_name": 42}, [1, 2], "text", None])
def test_a_json_body_is_not_read_as_the_form(client, body):
    client.get(FORM_URL)

    response = client.post(FORM_URL, json=body)

    assert response.status_code < 500
    assert stored_requests() == []
