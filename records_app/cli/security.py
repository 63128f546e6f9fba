"""The commands that keep the records safe: `flask audit verify`, `flask audit checkpoint`
and `flask keys ...`."""

import click
from flask import current_app
from flask.cli import AppGroup

from records_app import audit
from records_app.audit import checkpoints
from records_app.cli.common import cli_actor
from records_app.config import new_key
from records_app.crypto import keyring, rotation
from records_app.extensions import db

audit_group = AppGroup("audit", help="Check the audit trail.")


@audit_group.command("verify")
@click.option(
    "--checkpoint",
    "given",
    default=None,
    help="A checkpoint line (`audit checkpoint id=… mac=…`) or the file they are written to: "
    "also find the trail cut back or rewritten before it.",
)
def verify_audit(given: str | None) -> None:
    """Walk the audit trail's chain of MACs and report the first row changed or removed
    (45 CFR 164.312(b) audit controls, 164.312(c)(1) integrity)."""
    try:
        checkpoint = checkpoints.parse(given) if given else None
    except checkpoints.CheckpointUnreadable as unreadable:
        raise click.ClickException(str(unreadable)) from None
    verification = _verified(checkpoint)
    checked = f" and against the checkpoint at row {checkpoint.last_id}" if checkpoint else ""
    click.echo(f"{verification.rows} rows verified{checked}; the audit trail is intact.")
    if verification.unkeyed:
        click.echo(
            f"{verification.unkeyed} of them were written before the trail was keyed: "
            "their hashes are plain SHA-256, covered by the first keyed row after them."
        )


@audit_group.command("checkpoint")
def checkpoint_audit() -> None:
    """Verify the trail, then write its newest row's id and MAC to the places set in
    AUDIT_CHECKPOINT_SYSLOG, AUDIT_CHECKPOINT_FILE and AUDIT_CHECKPOINT_EMAIL (run from
    cron). Nothing is written for a trail that does not verify."""
    places = checkpoints.destinations(current_app.config)
    if not places:
        raise click.ClickException(
            "No place to write checkpoints to: set AUDIT_CHECKPOINT_SYSLOG, "
            "AUDIT_CHECKPOINT_FILE or AUDIT_CHECKPOINT_EMAIL."
        )
    verification = _verified(None)
    if verification.last is None:
        click.echo("The audit trail is empty: no checkpoint written.")
        return
    outcomes = checkpoints.write(verification.last, current_app.config)
    for place, failure in outcomes.items():
        click.echo(f"{place}: {'not written: ' + failure if failure else 'written'}")
    click.echo(verification.last.line())
    if any(outcomes.values()):
        raise click.ClickException("The checkpoint could not be written everywhere (above).")


def _verified(checkpoint: audit.Checkpoint | None) -> audit.Verification:
    verification = audit.verify(checkpoint)
    if verification.problem:
        raise click.ClickException(
            f"The audit trail has been tampered with. {verification.problem} "
            f"({verification.rows} rows before it verified.)"
        )
    return verification


keys_group = AppGroup("keys", help="Manage the keyring keys (docs/keyring.md).")


@keys_group.command("generate")
def generate_key() -> None:
    """Print a new key for RECORDS_KEYS, RECORDS_LOOKUP_KEY or AUDIT_KEYS. Nothing is
    stored."""
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
    resealed = dict.fromkeys((sealed.table.name for sealed in rotation.sealed_tables()), 0)
    try:
        for batch in rotation.reseal_batches(batch_size, limit):
            db.session.commit()
            resealed[batch.table] += batch.rows
    except keyring.DecryptionFailed as failure:
        db.session.rollback()
        _report_rotation(resealed, rotation.rows_left())
        raise click.ClickException(
            f"Stopped: {failure} Batches before it are done; fix or restore that row, "
            "then run the command again."
        ) from failure
    left = rotation.rows_left()
    audit.record_by(
        cli_actor(),
        "keys.rotated",
        details={
            "key_id": keyring.current().newest_id.hex(),
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
