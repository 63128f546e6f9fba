"""Command-line interface: `flask users ...`, `flask export ...`, `flask audit ...`,
`flask retention ...`, `flask mail ...`, `flask letters ...`, `flask keys ...`,
`flask canned-texts ...` and `flask queue ...`.

Whoever can run these commands can already read the database, so they need no sign-in; they
are how the first admin is made and how access is restored when no admin can sign in.
"""

import getpass
import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from . import (
    accounts,
    audit,
    canned_texts,
    encryption,
    exports,
    key_rotation,
    letters,
    lifecycle,
    mailer,
    outbox,
    retention,
)
from .config import new_key
from .exports import ExportFilters
from .extensions import db
from .models import FulfilmentMethod, MessageStatus, RequesterKind, Role, StaffUser

users = AppGroup("users", help="Manage staff accounts.")

ROLE_CHOICE = click.Choice([role.value for role in Role])


def stdin_is_terminal() -> bool:
    """Its own function so that tests can stand in for a person at a terminal."""
    return sys.stdin.isatty()


def read_new_password() -> str:
    """Asks twice, hidden, on a terminal. Otherwise reads the first line of standard input,
    so a script can pipe the password in without it showing in the process list."""
    if not stdin_is_terminal():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("No password was given on standard input.")
        return password
    password = click.prompt("Password", hide_input=True)
    if click.prompt("Password again", hide_input=True) != password:
        raise click.ClickException("The two passwords are not the same. Nothing was changed.")
    return password


@contextmanager
def refusals_reported():
    """An account rule's refusal becomes an error message and exit status 1, with nothing
    written."""
    try:
        yield
    except accounts.AccountRefused as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from refused


def cli_actor() -> audit.Actor:
    """The audit trail's "who" for a command: the operating-system user who ran it."""
    return audit.Actor(label=f"cli:{getpass.getuser()}")


def _timestamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", type=ROLE_CHOICE, default=Role.STAFF.value, show_default=True)
def create_user(email: str, name: str, role: str) -> None:
    """Create a staff account; asks for its password."""
    with refusals_reported():
        email, name = accounts.check_new_account(email, name)
        user = accounts.create(email, name, Role(role), read_new_password(), by=cli_actor())
    db.session.commit()
    click.echo(f"Created {user.role} account for {user.name} <{user.email}>.")


@users.command("list")
def list_users() -> None:
    """List staff accounts (never their passwords)."""
    header = ("E-MAIL", "NAME", "ROLE", "ACTIVE", "LAST SIGN-IN", "EXPIRES")
    rows = [header] + [_row(user) for user in accounts.all_accounts()]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _row(user: StaffUser) -> tuple[str, ...]:
    return (
        user.email,
        user.name,
        str(user.role),
        "yes" if user.active else "no",
        _timestamp(user.last_sign_in_at),
        _timestamp(user.expires_at),
    )


@users.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Deactivate an account and sign it out everywhere."""
    with refusals_reported():
        user = accounts.find(email)
        accounts.deactivate(user, by=cli_actor())
    db.session.commit()
    click.echo(f"Deactivated {user.email}; its sessions have ended.")


@users.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set an account's password; asks for it, and signs the account out everywhere."""
    with refusals_reported():
        user = accounts.find(email)
        accounts.set_password(user, read_new_password(), by=cli_actor())
    db.session.commit()
    click.echo(f"Password changed for {user.email}; its sessions have ended.")


@users.command("break-glass")
@click.option(
    "--hours",
    type=click.IntRange(1, accounts.BREAK_GLASS_MAX_HOURS),
    required=True,
    help=f"How long the account works (at most {accounts.BREAK_GLASS_MAX_HOURS}).",
)
@click.option("--reason", required=True, help="Why emergency access is needed; it is logged.")
def break_glass(hours: int, reason: str) -> None:
    """Open a temporary admin account for emergency access (45 CFR 164.312(a)(2)(ii))."""
    with refusals_reported():
        user, password = accounts.open_break_glass(hours, reason)
    db.session.commit()
    click.echo(f"Emergency admin account: {user.email}")
    click.echo(f"Password (shown only now): {password}")
    click.echo(f"It stops working at {_timestamp(user.expires_at)}.")


export = AppGroup("export", help="Export request lists as CSV or XLSX.")
DATE = click.DateTime(formats=["%Y-%m-%d"])


def export_options(command):
    """The options every export takes; `-o -` writes to standard output."""
    options = [
        click.option("--from", "start", type=DATE, required=True, help="First day, YYYY-MM-DD."),
        click.option("--to", "end", type=DATE, required=True, help="Last day, YYYY-MM-DD."),
        click.option(
            "--format",
            "file_format",
            type=click.Choice(["csv", "xlsx"]),
            default="csv",
            show_default=True,
        ),
        click.option("-o", "--output", required=True, help="File to write, or - for stdout."),
        click.option(
            "--requester-type",
            type=click.Choice([kind.value for kind in RequesterKind]),
            help="Only requests from patients, or only from representatives.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@export.command("fulfilled")
@export_options
@click.option(
    "--delivery-method",
    type=click.Choice([method.value for method in FulfilmentMethod]),
    help="Only requests sent this way.",
)
def export_fulfilled(start, end, file_format, output, requester_type, delivery_method):
    """One row per request whose records were sent between --from and --to."""
    filters = _filters(start, end, requester_type, delivery_method)
    _export("fulfilled", filters, file_format, output)


@export.command("all-requests")
@export_options
def export_all_requests(start, end, file_format, output, requester_type):
    """Every request received between --from and --to, whatever its status."""
    _export("all-requests", _filters(start, end, requester_type, None), file_format, output)


def _filters(start, end, requester_type, delivery_method) -> ExportFilters:
    if start > end:
        raise click.BadParameter("--from must be on or before --to.", param_hint="--from")
    return ExportFilters(
        start=start.date(),
        end=end.date(),
        delivery_method=FulfilmentMethod(delivery_method) if delivery_method else None,
        requester_kind=RequesterKind(requester_type) if requester_type else None,
    )


def _export(kind: str, filters: ExportFilters, file_format: str, output: str) -> None:
    """Writes the file, then records the export (who, range, filters, row count) in the
    audit trail, as the staff page does."""
    export_kind = exports.EXPORT_KINDS[kind]
    rows = exports.RowCounter(export_kind.rows(filters))
    if file_format == "csv":
        with click.open_file(output, "wb") as destination:
            for chunk in exports.csv_chunks(export_kind.columns, rows):
                destination.write(chunk.encode("utf-8"))
    else:
        _write_xlsx(output, export_kind, rows)
    audit.record_by(
        cli_actor(),
        f"export.{kind}",
        details=exports.audit_details(kind, filters, file_format, rows.count),
    )
    db.session.commit()
    click.echo(f"{rows.count} rows written to {output}.", err=True)


def _write_xlsx(output: str, export_kind: exports.ExportKind, rows) -> None:
    """A workbook is a zip whose directory comes last, so standard output gets it from a
    temporary file once it is complete."""
    if output != "-":
        with open(output, "wb") as destination:
            exports.write_xlsx(destination, export_kind.columns, rows)
        return
    with tempfile.TemporaryFile() as workbook:
        exports.write_xlsx(workbook, export_kind.columns, rows)
        workbook.seek(0)
        shutil.copyfileobj(workbook, click.get_binary_stream("stdout"))


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


def register(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(export)
    app.cli.add_command(audit_group)
    app.cli.add_command(retention_group)
    app.cli.add_command(mail_group)
    app.cli.add_command(letters_group)
    app.cli.add_command(keys_group)
    app.cli.add_command(canned_texts_group)
    app.cli.add_command(queue_group)
