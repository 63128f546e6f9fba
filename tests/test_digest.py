"""The morning digest (`flask digest send`): through the outbox and a real SMTP server on
127.0.0.1, counts and tracking codes with a link to the queue, never a patient's details;
each staff member may turn it off."""

from datetime import date, timedelta

import sqlalchemy as sa

from records_app import practice, reminders
from records_app.extensions import db
from records_app.models import MessageKind, MessageStatus, OutgoingMessage, Status
from tests.support.clock import days_ago
from tests.support.factories import quote, request_in
from tests.support.forms import post_form
from tests.support.smtp import PUBLIC_BASE_URL


def send_digest(runner):
    result = runner.invoke(args=["digest", "send"])
    assert result.exit_code == 0, result.output
    return result


def body_of(message) -> str:
    return message.get_content().replace("\r\n", "\n")


def section(body: str, title: str) -> list[str]:
    """The lines under a title of the digest, up to the blank line that ends it."""
    lines = body.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(title + ":"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].strip())
    return [lines[start].split(": ")[1], *(line.strip() for line in lines[start + 1 : end])]


def test_digest_gives_each_kind_its_count_and_tracking_codes(
    mail_server, runner, make_request, clerk
):
    overdue = make_request(received_at=days_ago(35))
    due_soon = make_request(received_at=days_ago(25))
    with_quote = request_in(Status.IN_REVIEW, make_request, clerk)
    quote(with_quote, clerk, 420)

    send_digest(runner)

    (message,) = mail_server.messages
    body = body_of(message)
    assert message["To"] == "clerk@example.org"
    assert section(body, "Overdue") == ["1", overdue.tracking_code]
    assert section(body, "Due within 7 days") == ["1", due_soon.tracking_code]
    assert section(body, "Open and assigned to nobody") == [
        "2",
        overdue.tracking_code,
        due_soon.tracking_code,
    ]
    assert section(body, "Quotes waiting for the requester's answer") == [
        "1",
        with_quote.tracking_code,
    ]
    assert f"{PUBLIC_BASE_URL}/staff/" in body


def test_a_request_waiting_for_information_more_than_fourteen_days_is_in_the_digest(
    mail_server, runner, make_request, clerk, frozen_clock
):
    waiting = request_in(Status.NEEDS_INFO, make_request, clerk)
    frozen_clock.shift(timedelta(days=15))

    send_digest(runner)

    body = body_of(mail_server.messages[0])
    assert section(body, "Waiting for information for more than 14 days") == [
        "1",
        waiting.tracking_code,
    ]


def test_digest_holds_no_patient_details(mail_server, runner, clerk, make_request):
    records_request = make_request(received_at=days_ago(35))

    send_digest(runner)

    raw = mail_server.received[-1].content.decode()
    born = records_request.date_of_birth
    for detail in (
        records_request.patient_first_name,
        records_request.patient_last_name,
        born.isoformat(),
        f"{born:%B} {born.day}",
        "555-0142",
        records_request.email,
        records_request.address_street,
    ):
        assert detail not in raw


def test_digest_goes_to_every_active_staff_member_once_a_day(
    mail_server, runner, make_staff, make_request
):
    make_staff("one@example.org", name="One")
    make_staff("two@example.org", name="Two")
    make_staff("gone@example.org", name="Gone", active=False)

    first = send_digest(runner)
    second = send_digest(runner)

    assert sorted(message["To"] for message in mail_server.messages) == [
        "one@example.org",
        "two@example.org",
    ]
    assert "Digests queued today: 2. Sent: 2." in first.output
    assert "Digests queued today: 0. Sent: 0." in second.output


def test_a_staff_member_who_turns_the_digest_off_gets_none(
    mail_server, runner, client, signed_in_staff, make_staff
):
    make_staff("other@example.org", name="Other")

    page = post_form(client, "/staff/digest", {}, follow_redirects=True)
    send_digest(runner)

    assert page.status_code == 200
    assert "Morning digest off." in page.text
    assert [message["To"] for message in mail_server.messages] == ["other@example.org"]


def test_a_digest_that_failed_is_sent_by_the_next_run_the_same_day(
    mail_server, runner, clerk, frozen_clock
):
    mail_server.stop()
    failed = send_digest(runner)
    mail_server.start()
    frozen_clock.shift(timedelta(minutes=11))
    again = send_digest(runner)

    assert "Sent: 0. Not sent: 1." in failed.output
    assert "Digests queued today: 0. Sent: 1." in again.output
    (row,) = db.session.scalars(sa.select(OutgoingMessage)).all()
    assert (row.kind, row.status, row.digest_on) == (
        MessageKind.DIGEST,
        MessageStatus.SENT,
        date(2026, 6, 17),
    )


def test_the_mail_sender_leaves_digests_to_the_digest_command(
    mail_server, runner, clerk, send_queued_mail
):
    reminders.queue_digests(practice.today())
    db.session.commit()

    send_queued_mail()

    assert mail_server.messages == []


def test_an_expired_emergency_account_gets_no_digest(mail_server, runner, make_staff):
    expired = make_staff("glass@example.org", name="Break Glass")
    expired.expires_at = days_ago(1)
    db.session.commit()

    send_digest(runner)

    assert mail_server.messages == []
