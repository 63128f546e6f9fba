"""The commands cron and the operator run on the requests' files: `flask mail send`,
`flask letters write`, `flask retention purge`, `flask drafts purge`, `flask queue recount`
and `flask canned-texts seed`."""

import click
from flask import current_app
from flask.cli import AppGroup

from records_app import audit, canned_texts, letters, lifecycle, request_drafts
from records_app.cli.common import cli_actor
from records_app.documents import retention
from records_app.extensions import db
from records_app.mail import outbox, smtp
from records_app.models import MessageStatus
from records_app.releases import retention as release_retention

mail_group = AppGroup("mail", help="E-mail to requesters.")


@mail_group.command("send")
def send_mail() -> None:
    """Send the e-mails to requesters that are waiting, and those that failed at least ten
    minutes ago (each is tried at most MAIL_MAX_ATTEMPTS times and never sent twice). Web
    requests only queue them: run this from cron every minute. Prints nothing when nothing
    waits; with e-mail off it writes each message to the log instead of sending it."""
    outcomes = [outcome for message_id in outbox.waiting() if (outcome := deliver(message_id))]
    if not outcomes:
        return
    if not smtp.is_on(current_app.config):
        click.echo("E-mail is off (MAIL_SERVER is not set): messages are logged, not sent.")
    for outcome in outcomes:
        line = (
            f"message {outcome.message_id} ({outcome.kind}, request {outcome.request_id}): "
            f"{outcome.status.label.lower()} (attempt {outcome.attempts})"
        )
        click.echo(line + (f" - {outcome.reason}" if outcome.reason else ""))
    sent = sum(outcome.status == MessageStatus.SENT for outcome in outcomes)
    click.echo(f"{sent} sent, {len(outcomes) - sent} not sent.")


# The command's name until sending moved out of the web requests: cron lines keep working.
mail_group.add_command(
    click.Command("retry", callback=send_mail.callback, help="Same as `send`.", hidden=True)
)


def deliver(message_id: int, written_by=None) -> outbox.MessageOutcome | None:
    """One message, in two transactions: its claim, committed before the mail server is
    talked to, and how the sending went. None when another sender had claimed it.
    `written_by` writes a message that is not a requester's (`outbox.send`)."""
    claim = outbox.claim(message_id)
    db.session.commit()
    if claim is None:
        return None
    outcome = outbox.record(claim, outbox.send(claim, current_app.config, written_by))
    db.session.commit()
    return outcome


letters_group = AppGroup("letters", help="Letters written after the response.")


@letters_group.command("write")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after writing this many letters; the next run goes on from there.",
)
def write_letters(limit: int | None) -> None:
    """Write the receipt letters still pending, oldest first, committing every few; safe to
    run from cron every minute and alongside another run (no letter is written twice).
    Prints nothing when nothing was pending, so that a job run every minute logs only work."""
    written = 0
    for batch in letters.write_pending(limit=limit):
        db.session.commit()
        written += batch
    if written:
        click.echo(f"Letters written: {written}. Still pending: {letters.pending_count()}.")


retention_group = AppGroup("retention", help="Apply the retention rule.")


@retention_group.command("purge")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Days after a request closed (default: RETENTION_DAYS_AFTER_CLOSE, 90).",
)
@click.option(
    "--release-days",
    type=click.IntRange(min=0),
    default=None,
    help="Days after release for released files (default: RELEASE_DAYS_KEPT, 90).",
)
def purge_documents(days: int | None, release_days: int | None) -> None:
    """Remove the identity documents of requests closed more than --days days ago, and the
    bytes of released files more than --release-days days after release. The rest of each
    request is kept (45 CFR 164.530(j)), released files' manifest included; safe to run
    again, e.g. from cron."""
    if days is None:
        days = current_app.config["RETENTION_DAYS_AFTER_CLOSE"]
    if release_days is None:
        release_days = current_app.config["RELEASE_DAYS_KEPT"]
    document_ids = retention.purge_identity_documents(days)
    released_ids = release_retention.purge_released_files(release_days)
    audit.record_by(
        cli_actor(),
        "retention.purged",
        details={
            "days_after_close": days,
            "documents_removed": len(document_ids),
            "days_after_release": release_days,
            "released_files_removed": len(released_ids),
        },
    )
    db.session.commit()
    click.echo(
        f"Removed {len(document_ids)} identity documents of requests closed more than "
        f"{days} days ago."
    )
    if document_ids:
        click.echo("Document ids: " + ", ".join(str(document_id) for document_id in document_ids))
    click.echo(
        f"Removed the bytes of {len(released_ids)} released files of requests released more "
        f"than {release_days} days ago; their manifest stays."
    )
    if released_ids:
        click.echo("Released file ids: " + ", ".join(str(file_id) for file_id in released_ids))


drafts_group = AppGroup("drafts", help="The answers of request forms not sent yet.")


@drafts_group.command("purge")
@click.option("--verbose", is_flag=True, help="Say how many were removed.")
def purge_drafts(verbose: bool) -> None:
    """Remove the answers of request forms left unsent for longer than
    REQUEST_ANSWERS_KEPT_FOR_MINUTES. Each new answer removes them too; this is for quiet
    days. Prints nothing unless --verbose, so that cron mails nothing."""
    purged = request_drafts.purge_expired()
    db.session.commit()
    if verbose:
        click.echo(f"Removed the answers of {purged} unsent request forms.")


queue_group = AppGroup("queue", help="The staff queue.")


@queue_group.command("recount")
def recount_statuses() -> None:
    """Set the queue's count of requests in each status from the requests themselves. The
    app keeps the counts as it goes; run this after requests were imported or restored by
    other means than the app. Safe to run while the app serves."""
    counts = lifecycle.recount()
    db.session.commit()
    for status, count in counts.items():
        click.echo(f"{status.label}: {count}")


canned_texts_group = AppGroup("canned-texts", help="Standard wordings for staff.")


@canned_texts_group.command("seed")
def seed_canned_texts() -> None:
    """Add a few default texts for requests for information and denials, when there are no
    canned texts at all; safe to run again (it then adds nothing)."""
    added = canned_texts.seed_defaults(by=cli_actor())
    db.session.commit()
    if added:
        click.echo(f"Added {added} default canned texts; admins can change them in the app.")
    else:
        click.echo("There are canned texts already; nothing was added.")
