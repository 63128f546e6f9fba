"""The authorization itself (45 CFR 164.508(c)): the form says "I authorize ..." in so many
words, the requester gets a copy of what they signed from the confirmation page and the
status page, and a paper form's copy gives the date written beside its signature."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import AuditEvent, LetterKind
from tests.support.answers import paper_answers, third_party_answers
from tests.support.clock import days_before_today
from tests.support.desk import enter_paper_request
from tests.support.letters import letter_text
from tests.support.pdf import pdf_text
from tests.support.requester import look_up
from tests.support.steps import every_step_page
from tests.support.stored import only_request

I_AUTHORIZE = (
    "I authorize Interventional and Vascular Consultants, through its records custodian "
    "(Records Custodian), to disclose the records described in this form to the person or "
    "office named in it"
)


def test_the_form_says_who_is_authorized_to_disclose(client):
    assert I_AUTHORIZE in every_step_page(client)


def test_the_confirmation_page_gives_a_copy_of_what_was_signed(client, submit_request):
    received = submit_request(third_party_answers(), follow_redirects=True)
    assert "/request/received/signed-request.pdf" in received.text

    response = client.get("/request/received/signed-request.pdf")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert I_AUTHORIZE in text
    assert "Typed as “Margaret Ann Holloway”" in text


def test_the_status_page_gives_a_copy_of_what_was_signed(client, submit_request):
    submit_request()
    records_request = only_request()
    page = look_up(client, records_request.tracking_code)
    assert "/status/yours/signed-request.pdf" in page.text

    response = client.get("/status/yours/signed-request.pdf")

    assert response.status_code == 200
    assert records_request.tracking_code in pdf_text(response.data)
    given = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "letter.signed_copy_given")
    ).all()
    assert [event.request_id for event in given] == [records_request.id]


def test_no_copy_without_a_request_just_sent_or_looked_up(client):
    for url in ("/request/received/signed-request.pdf", "/status/yours/signed-request.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/status")


def test_a_paper_forms_copy_gives_the_date_written_beside_the_signature(client, signed_in_staff):
    signed_on = days_before_today(14)
    enter_paper_request(client, paper_answers(signed_on=signed_on.isoformat()))
    text = letter_text(only_request(), LetterKind.AUTHORIZATION)
    assert f"dated {signed_on:%B} {signed_on.day}, {signed_on.year}" in text
