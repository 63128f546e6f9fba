"""The commands that keep the records safe: `flask audit verify` and `flask keys ...`."""

import click
from flask.cli import AppGroup

from records_app import audit
from records_app.cli.common import cli_actor
from records_app.config import new_key
from records_app.crypto import keyring, rotation
from records_app.extensions import db

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


keys_group = AppGroup("keys", help="Manage the keyring keys (docs/keyring.md).")


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
