"""Spam defence on the public request form, through HTTP: the field people do not see, the
minimum fill time and the limit on requests from one client. A form held back comes back
kept as typed and stores nothing."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from records_app import spam
from records_app.extensions import db
from records_app.models import MessageStatus, OutgoingMessage
from tests.support.answers import form_answers
from tests.support.steps import SIGN_URL, answer_page, walk_to_check
from tests.support.stored import stored_requests


def send_signed(client, **answers):
    """Sends the signing page, the other steps answered already."""
    return answer_page(client, SIGN_URL, {**form_answers(), **answers})


@pytest.fixture
def min_seconds(app):
    app.config["REQUEST_FORM_MIN_SECONDS"] = 5
    return 5


def test_a_filled_honeypot_brings_the_form_back_kept_and_stores_nothing(submit_request):
    response = submit_request(form_answers(website="http://cheap-pills.example"))

    assert response.status_code == 422
    assert "Please send the form again" in response.text
    assert 'value="Margaret Ann Holloway"' in response.text
    assert 'id="website" maxlength="100" name="website" tabindex="-1" type="text" value=""' in (
        response.text
    )
    assert stored_requests() == []


def test_the_form_sent_again_without_the_honeypot_is_accepted(client, submit_request):
    submit_request(form_answers(website="x"))
    response = send_signed(client)

    assert response.status_code == 303
    assert len(stored_requests()) == 1


def test_a_form_sent_within_the_minimum_fill_time_is_held_back(client, min_seconds, frozen_clock):
    walk_to_check(client, form_answers())
    frozen_clock.shift(min_seconds - 2)
    response = send_signed(client)

    assert response.status_code == 422
    assert "We could not take your request yet" in response.text
    assert stored_requests() == []


def test_a_form_sent_after_the_minimum_fill_time_is_accepted(client, min_seconds, frozen_clock):
    walk_to_check(client, form_answers())
    frozen_clock.shift(min_seconds + 1)

    assert send_signed(client).status_code == 303


def test_the_fill_time_counts_from_the_first_step_whatever_the_page_sends(
    client, min_seconds, frozen_clock
):
    long_ago = spam.start_token()
    frozen_clock.shift(3600)
    walk_to_check(client, form_answers())
    response = send_signed(client, form_started=long_ago)

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
        assert submit_request(form_answers(signature_name="")).status_code == 422

    assert submit_request().status_code == 303


# ---- no flooding an inbox through the form -------------------------------------------------


def outbox_statuses() -> list[MessageStatus]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutgoingMessage.status).order_by(OutgoingMessage.id)))


def test_messages_to_one_address_beyond_the_days_limit_are_held_back(
    app, make_requests, send_queued_mail
):
    allowed = app.config["MAIL_PER_ADDRESS_PER_DAY"]
    make_requests(allowed + 2, email="victim@example.net")
    send_queued_mail()

    statuses = outbox_statuses()
    assert statuses[:allowed] == [MessageStatus.LOGGED] * allowed
    assert statuses[allowed:] == [MessageStatus.HELD_BACK] * 2


def test_a_held_back_message_is_never_sent(app, make_requests, mail_server, send_queued_mail):
    app.config["MAIL_PER_ADDRESS_PER_DAY"] = 1
    make_requests(2, email="victim@example.net")
    send_queued_mail()
    send_queued_mail()

    assert len(mail_server.received) == 1
    assert outbox_statuses() == [MessageStatus.SENT, MessageStatus.HELD_BACK]


def test_the_address_limit_counts_each_address_on_its_own(app, make_requests, send_queued_mail):
    app.config["MAIL_PER_ADDRESS_PER_DAY"] = 1
    make_requests(1, email="victim@example.net")
    make_requests(1, email="Someone.Else@example.net")
    send_queued_mail()

    assert outbox_statuses() == [MessageStatus.LOGGED, MessageStatus.LOGGED]


def test_the_address_limit_starts_again_after_a_day(
    app, make_requests, send_queued_mail, frozen_clock
):
    app.config["MAIL_PER_ADDRESS_PER_DAY"] = 1
    make_requests(1, email="victim@example.net")
    send_queued_mail()
    frozen_clock.shift(timedelta(days=1, minutes=1))
    make_requests(1, email="VICTIM@example.net")
    send_queued_mail()

    assert outbox_statuses() == [MessageStatus.LOGGED, MessageStatus.LOGGED]
