"""The commands that remind the desk of its work: `flask digest send` (cron, each morning)
and `flask requests sweep` (cron or an operator)."""

import click
from flask import current_app
from flask.cli import AppGroup

from records_app import audit, practice, reminders
from records_app.cli.common import cli_actor
from records_app.cli.records import deliver
from records_app.extensions import db
from records_app.mail import outbox
from records_app.models import MessageStatus

digest_group = AppGroup("digest", help="The staff's morning digest.")


@digest_group.command("send")
def send_digest() -> None:
    """E-mail today's digest to every active staff member who has not turned it off: counts
    and tracking codes of the requests overdue, due soon, waiting too long for information,
    unassigned or waiting for a quote's answer, with a link to the queue. Run from cron
    each morning; a second run the same day sends only what the first could not."""
    queued = reminders.queue_digests(practice.today())
    db.session.commit()
    picture = reminders.desk_picture(practice.today())
    config = current_app.config
    outcomes = [
        outcome
        for message_id in outbox.waiting(digests=True)
        if (
            outcome := deliver(
                message_id,
                lambda claim: reminders.digest_message(picture, claim.recipient, config),
            )
        )
    ]
    sent = sum(outcome.status == MessageStatus.SENT for outcome in outcomes)
    click.echo(f"Digests queued today: {queued}. Sent: {sent}. Not sent: {len(outcomes) - sent}.")
    for outcome in outcomes:
        if outcome.reason:
            click.echo(f"message {outcome.message_id}: {outcome.reason}")


requests_group = AppGroup("requests", help="The requests' files as a whole.")


@requests_group.command("sweep")
def sweep() -> None:
    """Print the desk's picture (what the morning digest says). With
    CLOSE_UNANSWERED_AFTER_DAYS set, also close each request that has waited longer than
    that for information the requester never sent, with a letter and an e-mail saying why
    and how to start again. Safe to run beside another run: each closing is a
    compare-and-set."""
    click.echo(reminders.desk_picture(practice.today()).as_text().rstrip())
    days = current_app.config["CLOSE_UNANSWERED_AFTER_DAYS"]
    if days is None:
        click.echo("Closing unanswered requests is off (CLOSE_UNANSWERED_AFTER_DAYS is not set).")
        return
    closed = []
    for tracking_code in reminders.close_unanswered_requests(days):
        if tracking_code is None:
            db.session.rollback()
            continue
        db.session.commit()
        closed.append(tracking_code)
    if closed:
        audit.record_by(cli_actor(), "requests.swept", details={"closed": len(closed)})
        db.session.commit()
    click.echo(f"Closed after {days} days without an answer: {len(closed)}")
    for tracking_code in closed:
        click.echo(f"  {tracking_code}")
