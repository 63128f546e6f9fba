"""The commands cron and the operator run: `flask audit verify`, `flask retention purge`,
`flask mail send`, `flask letters write`, `flask keys ...`, `flask canned-texts seed` and
`flask queue recount`."""

import click
from flask import current_app
from flask.cli import AppGroup

from .. import (
    audit,
    canned_texts,
    encryption,
    key_rotation,
    letters,
    lifecycle,
    mailer,
    outbox,
    retention,
)
from ..config import new_key
from ..extensions import db
from ..models import MessageStatus
from .common import cli_actor

audit_group = AppGroup("audit", help="Check the audit trail.")


@audit_group.command("verify")
def verify_audit() -> None:
    """Walk the audit trail's hash chain and report the first row changed or removed
    (45 CFR 164.312(b) audit controls, 164.312(c)(1) integrity)."""
    verification = audit.verify()
    if verification.problem:
        raise click.ClickException(
            f"The audit trail has been tampered with. {verification.problem} "
            f"({verification.rows} rows before it verified.)"
        )
    click.echo(f"{verification.rows} rows verified; the audit trail is intact.")


retention_group = AppGroup("retention", help="Apply the retention rule.")


@retention_group.command("purge")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Days after a request closed (default: RETENTION_DAYS_AFTER_CLOSE, 90).",
)
def purge_documents(days: int | None) -> None:
    """Remove the identity documents of requests closed more than --days days ago. The
    rest of each request is kept (45 CFR 164.530(j)); safe to run again, e.g. from cron."""
    if days is None:
        days = current_app.config["RETENTION_DAYS_AFTER_CLOSE"]
    document_ids = retention.purge_identity_documents(days)
    audit.record_by(
        cli_actor(),
        "retention.purged",
        details={"days_after_close": days, "documents_removed": len(document_ids)},
    )
    db.session.commit()
    click.echo(
        f"Removed {len(document_ids)} identity documents of requests closed more than "
        f"{days} days ago."
    )
    if document_ids:
        click.echo("Document ids: " + ", ".join(str(document_id) for document_id in document_ids))


mail_group = AppGroup("mail", help="E-mail to requesters.")


@mail_group.command("send")
def send_mail() -> None:
    """Send the e-mails to requesters that are waiting, and those that failed at least ten
    minutes ago (each is tried at most MAIL_MAX_ATTEMPTS times and never sent twice). Web
    requests only queue them: run this from cron every minute. Prints nothing when nothing
    waits; with e-mail off it writes each message to the log instead of sending it."""
    outcomes = outbox.send_waiting()
    if not outcomes:
        return
    if not mailer.is_on(current_app.config):
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
    written = letters.write_pending(limit=limit)
    if written:
        click.echo(f"Letters written: {written}. Still pending: {letters.pending_count()}.")


keys_group = AppGroup("keys", help="Manage the encryption keys (docs/encryption.md).")


@keys_group.command("generate")
def generate_key() -> None:
    """Print a new key for RECORDS_KEYS or RECORDS_LOOKUP_KEY. Nothing is stored."""
    click.echo(new_key())


@keys_group.command("rotate")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after re-encrypting this many rows; the next run goes on from there.",
)
def rotate_keys(batch_size: int, limit: int | None) -> None:
    """Re-encrypt every stored value under the newest key of RECORDS_KEYS, committing each
    batch. Rows already under it are skipped, so a run stopped part-way resumes when run
    again. Once no rows are left, older keys can be removed from RECORDS_KEYS."""
    resealed = dict.fromkeys((sealed.table.name for sealed in key_rotation.sealed_tables()), 0)
    try:
        for batch in key_rotation.reseal_batches(batch_size, limit):
            db.session.commit()
            resealed[batch.table] += batch.rows
    except encryption.DecryptionFailed as failure:
        db.session.rollback()
        _report_rotation(resealed, key_rotation.rows_left())
        raise click.ClickException(
            f"Stopped: {failure} Batches before it are done; fix or restore that row, "
            "then run the command again."
        ) from failure
    left = key_rotation.rows_left()
    audit.record_by(
        cli_actor(),
        "keys.rotated",
        details={
            "key_id": encryption.keyring().newest_id.hex(),
            "rows_reencrypted": sum(resealed.values()),
            "rows_left": sum(left.values()),
        },
    )
    db.session.commit()
    _report_rotation(resealed, left)


def _report_rotation(resealed: dict[str, int], left: dict[str, int]) -> None:
    for table, rows in resealed.items():
        click.echo(f"{table}: {rows} rows re-encrypted, {left[table]} left under older keys")
    if any(left.values()):
        click.echo("Not finished: run `flask keys rotate` again to go on.")
    else:
        click.echo("Every value is under the newest key; older keys can be removed.")


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
