"""Forgot your tracking code? The code goes by e-mail to the request's own address (sent by
`flask mail send` through the suite's SMTP server); the page answers the same whether or not
a request matched; asking is rate-limited. And the receipt: a PDF from the confirmation page,
and the receipt e-mail's way back to a lost code."""

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from records_app.extensions import db
from records_app.models import MessageKind, OutgoingMessage, utcnow
from records_app.public.forgotten_code_views import FORGOTTEN_CODE_LIMIT
from tests.support.forms import error_links, post_form
from tests.support.pdf import pdf_text
from tests.support.smtp import PUBLIC_BASE_URL
from tests.support.stored import only_request

URL = "/status/forgotten-code"
ADDRESS = "margaret@example.net"


def ask(client, email=ADDRESS, date_of_birth="1951-04-17"):
    return post_form(client, URL, {"email": email, "date_of_birth": date_of_birth})


def code_messages() -> list[OutgoingMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutgoingMessage).where(OutgoingMessage.kind == MessageKind.TRACKING_CODE)
        )
    )


def test_status_page_links_to_the_forgotten_code_page(client):
    assert f'href="{URL}">Forgot your tracking code?</a>' in client.get("/status").text


def test_forgotten_code_page_says_to_call_without_an_e_mail_address(client, app):
    page = client.get(URL).text

    assert "If you did not give an e-mail address, call us on" in page
    assert f'href="tel:{app.config["PRACTICE_PHONE"]}"' in page


def test_a_matching_request_has_its_code_e_mailed_to_its_address(
    client, make_request, mail_server, send_queued_mail
):
    records_request = make_request()
    mail_server.received.clear()
    ask(client)
    send_queued_mail()

    [message] = [m for m in mail_server.messages if m["Subject"] == "Your tracking code"]
    assert message["To"] == ADDRESS
    body = message.get_content()
    assert f"Your tracking code is: {records_request.tracking_code}" in body
    assert f"{PUBLIC_BASE_URL}/status" in body
    assert "Holloway" not in body and "1951" not in body


def test_the_answer_is_the_same_whether_or_not_a_request_matched(client, make_request):
    make_request()
    matched = ask(client)
    unmatched = ask(client, email="someone.else@example.net")

    assert matched.status_code == unmatched.status_code == 303
    assert matched.headers["Location"] == unmatched.headers["Location"] == f"{URL}/asked"
    assert "If a request matches that e-mail address" in client.get(f"{URL}/asked").text


def test_an_address_with_another_date_of_birth_sends_nothing(client, make_request):
    make_request()
    ask(client, date_of_birth="1951-04-18")

    assert code_messages() == []


def test_the_address_matches_whatever_its_case_and_spaces(client, make_request):
    make_request()
    ask(client, email="  Margaret@Example.NET ")

    assert len(code_messages()) == 1


def test_a_requests_code_is_sent_again_at_most_once_an_hour(client, make_request):
    make_request()
    ask(client)
    ask(client)
    assert len(code_messages()) == 1

    with time_machine.travel(utcnow() + timedelta(hours=1, minutes=1)):
        ask(client)
    assert len(code_messages()) == 2


def test_asking_is_rate_limited_by_client(client):
    allowed = int(FORGOTTEN_CODE_LIMIT.split()[0])
    for _ in range(allowed):
        assert ask(client).status_code == 303

    assert ask(client).status_code == 429


def test_a_malformed_address_is_shown_beside_the_field_and_kept(client, make_request):
    make_request()
    response = ask(client, email="margaret-at-example")

    assert response.status_code == 422
    assert error_links(response.text) == {"email": "Enter an e-mail address like name@example.com."}
    assert 'value="margaret-at-example"' in response.text
    assert code_messages() == []


def test_receipt_e_mail_says_where_a_lost_code_can_be_sent_again(
    submit_request, mail_server, send_queued_mail
):
    submit_request()
    send_queued_mail()

    body = mail_server.messages[0].get_content().replace("\r\n", "\n")
    assert f"we can e-mail it to this address:\n{PUBLIC_BASE_URL}{URL}\n" in body


def test_confirmation_page_offers_the_receipt_as_a_pdf(submit_request, client):
    submit_request()
    page = client.get("/request/received").text

    assert 'href="/request/received/receipt.pdf" download>Download your receipt (PDF)' in page


def test_receipt_pdf_gives_the_code_what_was_asked_and_how_to_check(submit_request, client):
    submit_request()
    response = client.get("/request/received/receipt.pdf")
    text = pdf_text(response.data)

    assert response.mimetype == "application/pdf"
    assert only_request().tracking_code in text
    assert "All of the patient's records" in text
    assert "/status and enter the tracking code above and the patient's date of birth" in text
    assert "Holloway" not in text


def test_receipt_pdf_is_not_given_once_the_confirmation_is_forgotten(client):
    response = client.get("/request/received/receipt.pdf")

    assert response.status_code == 302
    assert response.headers["Location"] == "/status"
