"""E-mail to requesters: queued with the status change, sent by `flask mail send` (run from
cron; `send_queued_mail` in conftest) through a real SMTP server on 127.0.0.1 (`mail_server`),
never from inside a web request, with nothing but the first name, and tried again later when
the server was down."""

import logging
import re
import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from records_app import lifecycle, practice
from records_app.cli.records import deliver
from records_app.config import ConfigurationError, load_config
from records_app.extensions import db
from records_app.formatting import local_time
from records_app.mail import outbox
from records_app.models import (
    MessageKind,
    MessageStatus,
    OutgoingMessage,
    PaymentMethod,
    RepresentativeAuthority,
    RequesterKind,
    Status,
)
from tests.support.answers import form_answers
from tests.support.desk import enter_paper_request, valid_fields
from tests.support.factories import quote, request_in
from tests.support.smtp import PUBLIC_BASE_URL
from tests.support.stored import only_request, reload

ADDRESS = "margaret@example.net"


def outbox_rows() -> list[OutgoingMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutgoingMessage).order_by(OutgoingMessage.id)))


def only_row() -> OutgoingMessage:
    rows = outbox_rows()
    assert len(rows) == 1
    return rows[0]


def body_of(message) -> str:
    return message.get_content().replace("\r\n", "\n")


def phi_of(records_request) -> list[str]:
    """What must never be in an e-mail: everything that identifies the patient but the
    first name, and the tracking code that, with the date of birth, opens the status page."""
    born = records_request.date_of_birth
    return [
        records_request.patient_last_name,
        records_request.patient_middle_name,
        records_request.tracking_code,
        born.isoformat(),
        born.strftime("%m/%d/%Y"),
        f"{born:%B} {born.day}",
        # The phone number's own part (the practice's number shares 503-555); not its last
        # four digits alone, which a random Message-ID holds now and then.
        "555-0142",
        "5550142",
        records_request.address_street,
        records_request.address_zip,
    ]


def assert_no_phi(raw: bytes, records_request) -> None:
    text = raw.decode()
    for term in phi_of(records_request):
        assert term not in text


def emailed_by(step, mail_server, send_queued_mail) -> list:
    """The messages that one step leads the sender to send: what was queued before it is
    sent first."""
    send_queued_mail()
    already = len(mail_server.received)
    step()
    send_queued_mail()
    return mail_server.messages[already:]


def after_the_retry_wait(traveller) -> None:
    traveller.shift(outbox.RETRY_FAILED_AFTER + timedelta(seconds=1))


# ---- nothing is sent from inside a web request -------------------------------------------


def test_a_submission_queues_its_message_and_sends_nothing_until_the_sender_runs(
    submit_request, mail_server, send_queued_mail
):
    submit_request()
    assert mail_server.received == []
    assert only_row().status == MessageStatus.PENDING
    send_queued_mail()
    assert len(mail_server.received) == 1
    assert only_row().status == MessageStatus.SENT


def test_a_staff_action_queues_its_message_and_sends_nothing_until_the_sender_runs(
    desk, make_request, signed_in_staff, mail_server, send_queued_mail
):
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    send_queued_mail()
    desk.act(records_request, "approve", **valid_fields("approve"))
    assert len(mail_server.received) == 1
    approval = outbox_rows()[-1]
    assert (approval.kind, approval.status) == (MessageKind.APPROVED, MessageStatus.PENDING)
    send_queued_mail()
    assert mail_server.messages[-1]["Subject"] == "Your records request is approved"


def test_a_mail_server_that_never_answers_does_not_hold_up_a_submission(app, submit_request):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # would accept, and never greet
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.getsockname()[1])
        response = submit_request()
        silent.setblocking(False)
        with pytest.raises(BlockingIOError):
            silent.accept()  # nobody connected
    assert response.status_code == 303
    assert only_row().status == MessageStatus.PENDING


# ---- what a message says -----------------------------------------------------------------


def test_receipt_through_the_public_form_is_emailed_to_the_requester(
    submit_request, mail_server, send_queued_mail
):
    submit_request()
    send_queued_mail()
    [envelope] = mail_server.received
    [message] = mail_server.messages
    assert envelope.rcpt_tos == [ADDRESS]
    assert message["To"] == ADDRESS
    assert message["Subject"] == "We received your records request"


def test_message_greets_by_first_name_and_links_to_the_status_page(
    submit_request, mail_server, send_queued_mail
):
    submit_request()
    send_queued_mail()
    body = body_of(mail_server.messages[0])
    assert body.startswith("Hello Margaret,\n")
    assert f"{PUBLIC_BASE_URL}/status\n" in body


def test_message_carries_nothing_about_the_patient_but_the_first_name(
    submit_request, mail_server, send_queued_mail
):
    submit_request()
    send_queued_mail()
    assert_no_phi(mail_server.received[0].content, only_request())


def test_message_comes_from_the_practice_and_replies_go_to_its_custodian(
    app, submit_request, mail_server, send_queued_mail
):
    app.config.update(MAIL_SENDER="no-reply@records.example.org")
    submit_request()
    send_queued_mail()
    message = mail_server.messages[0]
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        app.config["PRACTICE_NAME"],
        "no-reply@records.example.org",
    )
    assert mail_server.received[0].mail_from == "no-reply@records.example.org"
    assert message["Reply-To"] == app.config["PRACTICE_EMAIL"]
    assert message["Auto-Submitted"] == "auto-generated"


def test_representative_is_greeted_without_the_patients_name(
    make_request, mail_server, send_queued_mail
):
    make_request(
        requester_kind=RequesterKind.REPRESENTATIVE,
        representative_name="Daniel Holloway",
        representative_authority=RepresentativeAuthority.HEALTH_CARE_POA,
    )
    send_queued_mail()
    assert body_of(mail_server.messages[0]).startswith("Hello,\n")


def test_paper_request_with_an_email_address_is_acknowledged(
    client, signed_in_staff, mail_server, send_queued_mail
):
    enter_paper_request(client)
    send_queued_mail()
    [message] = mail_server.messages
    assert message["To"] == ADDRESS
    assert message["Subject"] == "We received your records request"


def test_request_without_an_email_address_gets_no_message(
    submit_request, mail_server, send_queued_mail
):
    submit_request(form_answers(email=""))
    send_queued_mail()
    assert mail_server.received == []
    assert outbox_rows() == []


# ---- which status changes are e-mailed ---------------------------------------------------


@pytest.mark.parametrize(
    ("start", "action", "subject"),
    [
        (Status.IN_REVIEW, "request_info", "We need something from you for your records request"),
        (Status.IN_REVIEW, "approve", "Your records request is approved"),
        (Status.IN_REVIEW, "deny", "A decision on your records request"),
        (Status.APPROVED, "fulfil", "Your records have been sent"),
        (Status.SUBMITTED, "extend", "We need more time for your records request"),
        (Status.NEEDS_INFO, "withdraw", "Your records request was cancelled"),
    ],
)
def test_status_change_the_requester_should_know_of_is_emailed(
    start, action, subject, desk, make_request, signed_in_staff, mail_server, send_queued_mail
):
    records_request = request_in(start, make_request, signed_in_staff)
    new_messages = emailed_by(
        lambda: desk.act(records_request, action, **valid_fields(action)),
        mail_server,
        send_queued_mail,
    )
    assert [message["Subject"] for message in new_messages] == [subject]
    assert_no_phi(mail_server.received[-1].content, records_request)


def test_the_fees_steps_are_emailed_without_the_amount_or_patient_details(
    make_request, clerk, mail_server, send_queued_mail
):
    records_request = request_in(Status.APPROVED, make_request, clerk)

    def fee_steps():
        today = practice.today()
        quote(records_request, clerk, 650)
        for step, arguments in (
            (
                lifecycle.record_payment,
                {"amount_cents": 200, "method": PaymentMethod.CASH, "received_on": today},
            ),
            (lifecycle.waive_fee, {"reason": "Hardship"}),
        ):
            step(records_request, clerk, records_request.version, **arguments)
            db.session.commit()

    new_messages = emailed_by(fee_steps, mail_server, send_queued_mail)

    assert [message["Subject"] for message in new_messages] == [
        "The fee for your records request",
        "We received your payment",
        "The fee for your records request is waived",
    ]
    for envelope in mail_server.received[-3:]:
        assert_no_phi(envelope.content, records_request)
        assert b"$" not in envelope.content


@pytest.mark.parametrize(
    ("action", "subject"),
    [
        ("uphold_denial", "The review of our decision on your records request"),
        ("overturn_denial", "The review of our decision on your records request"),
    ],
)
def test_the_outcome_of_a_denial_review_is_emailed(
    action, subject, desk, make_request, make_staff, signed_in_staff, mail_server, send_queued_mail
):
    denier = make_staff("denier@example.org", name="Dana Denier")
    records_request = request_in(Status.DENIAL_REVIEW, make_request, denier)
    new_messages = emailed_by(
        lambda: desk.act(records_request, action, **valid_fields(action)),
        mail_server,
        send_queued_mail,
    )
    assert [message["Subject"] for message in new_messages] == [subject]


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (Status.SUBMITTED, "start_review"),
        (Status.NEEDS_INFO, "receive_info"),
        (Status.IN_REVIEW, "assign"),
    ],
)
def test_internal_steps_send_no_message(
    start, action, desk, make_request, signed_in_staff, mail_server, send_queued_mail
):
    records_request = request_in(start, make_request, signed_in_staff)
    new_messages = emailed_by(
        lambda: desk.act(records_request, action, **valid_fields(action)),
        mail_server,
        send_queued_mail,
    )
    assert new_messages == []


def test_a_refused_action_queues_no_message(desk, make_request, mail_server, send_queued_mail):
    records_request = make_request()
    desk.act(records_request, "approve", **valid_fields("approve"))  # not yet in review
    send_queued_mail()
    assert reload(records_request).status == Status.SUBMITTED
    assert [row.kind for row in outbox_rows()] == [MessageKind.RECEIVED]
    assert len(mail_server.received) == 1


def test_a_rolled_back_status_change_sends_nothing(
    make_request, make_staff, mail_server, send_queued_mail
):
    records_request = make_request()
    lifecycle.withdraw(records_request, make_staff(), records_request.version, "Called.")
    db.session.rollback()
    send_queued_mail()
    assert [row.kind for row in outbox_rows()] == [MessageKind.RECEIVED]
    assert len(mail_server.received) == 1


# ---- when the mail server fails ----------------------------------------------------------


def test_a_mail_server_that_is_down_is_written_on_the_message(
    desk, make_request, signed_in_staff, mail_server, send_queued_mail
):
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    mail_server.stop()
    desk.act(records_request, "approve", **valid_fields("approve"))
    send_queued_mail()
    approval = outbox_rows()[-1]
    assert (approval.kind, approval.status, approval.attempts) == (
        MessageKind.APPROVED,
        MessageStatus.FAILED,
        1,
    )
    assert approval.last_error == "Could not reach the mail server (ConnectionRefusedError)."


def test_the_sender_stops_waiting_for_a_mail_server_that_never_answers(
    app, make_request, send_queued_mail
):
    make_request()
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never greets
        app.config.update(
            MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.getsockname()[1], MAIL_TIMEOUT=0.5
        )
        send_queued_mail()
    assert only_row().status == MessageStatus.FAILED
    assert only_row().last_error == "The mail server did not answer in time."


def test_a_failed_message_is_sent_by_a_later_run_once_the_server_is_up(
    make_request, mail_server, send_queued_mail
):
    mail_server.stop()
    records_request = make_request()
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        send_queued_mail()
        mail_server.start()
        after_the_retry_wait(traveller)
        result = send_queued_mail()
    message_id = only_row().id
    assert (
        f"message {message_id} (received, request {records_request.id}): sent (attempt 2)"
        in result.output
    )
    assert "1 sent, 0 not sent." in result.output
    assert len(mail_server.received) == 1
    assert only_row().status == MessageStatus.SENT


def test_a_failed_message_is_not_tried_again_before_the_retry_wait(
    make_request, mail_server, send_queued_mail
):
    mail_server.stop()
    make_request()
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        send_queued_mail()
        mail_server.start()
        traveller.shift(outbox.RETRY_FAILED_AFTER - timedelta(seconds=1))
        assert send_queued_mail().output == ""
    assert mail_server.received == []
    assert (only_row().status, only_row().attempts) == (MessageStatus.FAILED, 1)


def test_the_sender_never_sends_a_message_twice(make_request, mail_server, send_queued_mail):
    make_request()
    send_queued_mail()
    assert send_queued_mail().output == ""
    assert len(mail_server.received) == 1


def test_mail_retry_is_the_former_name_of_mail_send(runner, make_request, mail_server):
    make_request()
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 0
    assert "1 sent, 0 not sent." in result.output
    assert len(mail_server.received) == 1


def test_two_senders_at_once_send_a_message_once(app, make_request, mail_server):
    make_request()
    message_id = only_row().id
    both_ready = threading.Barrier(2)
    outcomes = []

    def sender():
        with app.app_context():
            both_ready.wait()
            outcomes.append(deliver(message_id))
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome is None for outcome in outcomes) == [False, True]
    assert len(mail_server.received) == 1


def test_mail_gives_up_after_the_last_attempt_and_the_request_page_says_so(
    app, desk, make_request, mail_server, send_queued_mail
):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    mail_server.stop()
    records_request = make_request()
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        send_queued_mail()
        after_the_retry_wait(traveller)
        assert "not sent; gave up (attempt 2)" in send_queued_mail().output
        after_the_retry_wait(traveller)
        assert send_queued_mail().output == ""
    assert only_row().status == MessageStatus.GAVE_UP
    assert "did not get this e-mail; tell them another way" in desk.page(records_request).text


def test_a_refused_recipient_is_recorded_without_the_address(
    make_request, mail_server, send_queued_mail
):
    mail_server.refused_recipients.add(ADDRESS)
    make_request()
    send_queued_mail()
    row = only_row()
    assert row.status == MessageStatus.FAILED
    assert row.last_error == "The mail server refused the recipient (reply 550)."


def test_mail_user_name_and_password_sign_in_to_the_server(
    app, make_request, mail_server, send_queued_mail
):
    app.config.update(MAIL_USERNAME="desk", MAIL_PASSWORD="mail-password")
    make_request()
    send_queued_mail()
    assert mail_server.signed_in == ["desk"]
    assert len(mail_server.received) == 1


def test_a_refused_password_is_recorded_as_such(app, make_request, mail_server, send_queued_mail):
    app.config.update(MAIL_USERNAME="desk", MAIL_PASSWORD="wrong password")
    make_request()
    send_queued_mail()
    assert (
        only_row().last_error == "The mail server refused MAIL_USERNAME/MAIL_PASSWORD (reply 535)."
    )
    assert mail_server.received == []


# ---- e-mail off --------------------------------------------------------------------------


def test_with_email_off_the_sender_logs_the_message_without_patient_details(
    make_request, send_queued_mail, caplog
):
    caplog.set_level(logging.INFO, logger="records_app.mail")
    records_request = make_request()
    send_queued_mail()
    [line] = [r.getMessage() for r in caplog.records if r.name == "records_app.mail"]
    assert f"kind=received request_id={records_request.id}" in line
    for term in [*phi_of(records_request), "Margaret", ADDRESS]:
        assert term not in line
    assert only_row().status == MessageStatus.LOGGED


def test_staff_pages_say_that_email_is_off(client, signed_in_staff):
    assert "E-mail to requesters is off" in client.get("/staff/").text


def test_staff_pages_say_nothing_of_email_when_it_is_on(client, signed_in_staff, mail_server):
    assert "E-mail to requesters is off" not in client.get("/staff/").text


def test_public_pages_do_not_show_the_email_banner(client):
    assert "E-mail to requesters is off" not in client.get("/request").text


def test_mail_send_with_email_off_says_so(make_request, send_queued_mail):
    records_request = make_request()
    output = send_queued_mail().output
    assert "E-mail is off (MAIL_SERVER is not set): messages are logged, not sent." in output
    assert (
        f"message {only_row().id} (received, request {records_request.id}): "
        "not sent; e-mail was off (attempt 1)"
    ) in output


# ---- the request page --------------------------------------------------------------------


def test_request_page_says_a_queued_message_is_waiting_to_be_sent(desk, make_request):
    records_request = make_request()
    page = desk.page(records_request).text
    assert re.search(r"<td>Request received</td>\s*<td>Waiting to be sent</td>", page)


def test_request_page_lists_the_messages_with_their_dates(
    desk, make_request, mail_server, send_queued_mail
):
    records_request = make_request()
    send_queued_mail()
    page = desk.page(records_request).text
    sent_at = local_time(only_row().sent_at)
    assert re.search(rf"<td>Request received</td>\s*<td>Sent</td>\s*<td>{sent_at}</td>", page)


def test_request_page_says_when_no_address_was_given(desk, make_request):
    records_request = make_request(email=None)
    assert "gave no e-mail address" in desk.page(records_request).text


# ---- settings ----------------------------------------------------------------------------


def test_starttls_and_ssl_together_are_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    monkeypatch.setenv("MAIL_USE_SSL", "true")
    with pytest.raises(ConfigurationError, match="not both"):
        load_config(str(tmp_path))


@pytest.mark.parametrize("address", ["", "http://records.example.org"])
def test_production_needs_the_public_https_address(address, monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("PUBLIC_BASE_URL", address)
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL must be set"):
        load_config(str(tmp_path))


@pytest.mark.parametrize(("flag", "port"), [("MAIL_USE_SSL", 465), ("MAIL_USE_TLS", 587)])
def test_mail_port_defaults_to_the_encryptions_port(flag, port, monkeypatch, tmp_path):
    monkeypatch.setenv(flag, "true")
    assert load_config(str(tmp_path))["MAIL_PORT"] == port
