"""The audit chain keyed with an HMAC under AUDIT_KEYS (kept outside the database), rows from
before the keying still verified, key rotation, and checkpoints written outside the database
that `flask audit verify --checkpoint` holds the chain to (issue 20, item 2)."""

import socket

import pytest
import sqlalchemy as sa

from records_app import audit
from records_app.audit import keys as audit_keys
from records_app.audit.trail import unkeyed_hash
from records_app.config import ConfigurationError, load_config, new_key
from records_app.extensions import db
from records_app.models import AuditChainHead, AuditEvent
from tests.support.audit import audit_rows


def write_rows(count: int) -> list[int]:
    ids = [audit.record("test.row", details={"n": n}).id for n in range(count)]
    db.session.commit()
    return ids


def rechain(from_id: int, *, row_hash, key_id="keep") -> None:
    """Rewrites the chain from a row on, each row linked to the one before and hashed by
    `row_hash`, and moves the head: what someone who can write to the database does to
    hide a change."""
    events = [event for event in audit_rows() if event.id >= from_id]
    previous = db.session.get(AuditEvent, from_id - 1)
    previous_hash = previous.row_hash if previous else audit.GENESIS_HASH
    for event in events:
        if key_id != "keep":
            event.key_id = key_id
        event.prev_hash = previous_hash
        event.row_hash = previous_hash = row_hash(event)
    db.session.execute(sa.update(AuditChainHead).values(last_hash=previous_hash))
    db.session.commit()


def edit_row(row_id: int) -> None:
    db.session.get(AuditEvent, row_id).details = {"n": 99}
    db.session.commit()


def cut_back_to(last_id: int) -> None:
    """Deletes the rows after `last_id` and moves the head back to it."""
    last = db.session.get(AuditEvent, last_id)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id > last_id))
    db.session.execute(sa.update(AuditChainHead).values(last_id=last_id, last_hash=last.row_hash))
    db.session.commit()


def use_audit_keys(app, keys: str) -> None:
    app.config["AUDIT_KEYS"] = keys
    audit_keys.init_app(app)


def verify(runner, *options):
    return runner.invoke(args=["audit", "verify", *options])


@pytest.fixture
def checkpoint_file(app, tmp_path):
    path = tmp_path / "audit-checkpoints.log"
    app.config.update(AUDIT_CHECKPOINT_SYSLOG="", AUDIT_CHECKPOINT_FILE=str(path))
    return path


# ---- the keys --------------------------------------------------------------------------------


def test_production_refuses_to_start_without_audit_keys(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("AUDIT_KEYS")
    with pytest.raises(ConfigurationError, match="AUDIT_KEYS is not set"):
        load_config(str(tmp_path))


@pytest.mark.parametrize(
    ("keys", "message"),
    [("not base64!", "not URL-safe base64"), ("c2hvcnQ=", "keys are 32 bytes"), (",", "no key")],
)
def test_malformed_audit_keys_are_refused(keys, message):
    with pytest.raises(ConfigurationError, match=message):
        audit_keys.audit_keys_from(keys)


# ---- the keyed chain ----------------------------------------------------------------------


def test_new_rows_carry_an_hmac_under_the_newest_audit_key(app):
    (row_id,) = write_rows(1)
    event = db.session.get(AuditEvent, row_id)
    assert event.key_id == audit_keys.current().newest_id
    assert event.row_hash != unkeyed_hash(event)


def test_a_row_changed_and_the_chain_recomputed_with_sha256_is_caught(app, runner):
    ids = write_rows(4)
    edit_row(ids[1])
    rechain(ids[1], row_hash=unkeyed_hash)

    result = verify(runner)

    assert result.exit_code == 1
    assert f"Row {ids[1]} was changed" in result.output


def test_keyed_rows_rewritten_as_unkeyed_ones_are_caught(app, runner):
    ids = write_rows(4)
    edit_row(ids[2])
    rechain(ids[2], row_hash=unkeyed_hash, key_id=None)

    result = verify(runner)

    assert result.exit_code == 1
    assert f"Row {ids[2]} has no MAC after keyed rows" in result.output


def test_rows_from_before_the_keying_still_verify_and_are_counted(app, runner):
    write_rows(3)
    rechain(1, row_hash=unkeyed_hash, key_id=None)  # as the upgrade found them
    write_rows(2)

    result = verify(runner)

    assert result.exit_code == 0, result.output
    assert "5 rows verified" in result.output
    assert "3 of them were written before the trail was keyed" in result.output


def test_a_row_from_before_the_keying_cannot_be_rewritten_once_a_keyed_row_follows(app, runner):
    write_rows(3)
    rechain(1, row_hash=unkeyed_hash, key_id=None)
    write_rows(1)
    edit_row(2)
    rechain(2, row_hash=unkeyed_hash)  # the unkeyed rows again; the keyed one cannot be

    result = verify(runner)

    assert result.exit_code == 1
    assert "Row 4 was changed" in result.output


def test_rows_under_an_older_audit_key_verify_after_rotation(app, runner):
    old_keys = app.config["AUDIT_KEYS"]
    write_rows(2)
    use_audit_keys(app, f"{new_key()},{old_keys}")
    write_rows(2)

    result = verify(runner)

    assert result.exit_code == 0, result.output
    assert len({event.key_id for event in audit_rows()}) == 2


def test_a_row_under_a_key_no_longer_listed_is_reported(app, runner):
    write_rows(2)
    use_audit_keys(app, new_key())

    result = verify(runner)

    assert result.exit_code == 1
    assert "Row 1 is keyed with audit key" in result.output
    assert "not in AUDIT_KEYS" in result.output


# ---- checkpoints --------------------------------------------------------------------------


def test_a_checkpoint_is_appended_to_the_file_set(app, runner, checkpoint_file):
    ids = write_rows(3)

    result = runner.invoke(args=["audit", "checkpoint"])

    assert result.exit_code == 0, result.output
    newest = db.session.get(AuditEvent, ids[-1])
    assert f"audit checkpoint id={ids[-1]} mac={newest.row_hash} at=" in checkpoint_file.read_text()


def test_a_checkpoint_goes_to_the_system_log(app, runner):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as syslog:
        syslog.bind(("127.0.0.1", 0))
        syslog.settimeout(5)
        app.config["AUDIT_CHECKPOINT_SYSLOG"] = f"127.0.0.1:{syslog.getsockname()[1]}"
        ids = write_rows(2)

        result = runner.invoke(args=["audit", "checkpoint"])
        received = syslog.recv(4096).decode()

    assert result.exit_code == 0, result.output
    assert f"records-desk: audit checkpoint id={ids[-1]} mac=" in received


def test_a_checkpoint_is_e_mailed_to_the_addresses_set(app, runner, mail_server):
    app.config.update(AUDIT_CHECKPOINT_SYSLOG="", AUDIT_CHECKPOINT_EMAIL="it@example.org")
    ids = write_rows(2)

    result = runner.invoke(args=["audit", "checkpoint"])

    assert result.exit_code == 0, result.output
    (message,) = mail_server.messages
    assert message["To"] == "it@example.org"
    assert f"audit checkpoint id={ids[-1]} mac=" in message.get_content()


def test_a_place_that_cannot_be_written_fails_the_command_after_the_others(
    app, runner, checkpoint_file, tmp_path
):
    app.config["AUDIT_CHECKPOINT_SYSLOG"] = str(tmp_path / "no-such-socket")
    write_rows(1)

    result = runner.invoke(args=["audit", "checkpoint"])

    assert result.exit_code == 1
    assert "syslog: not written" in result.output
    assert "file: written" in result.output
    assert checkpoint_file.read_text()


def test_no_checkpoint_is_written_for_a_trail_that_does_not_verify(app, runner, checkpoint_file):
    ids = write_rows(3)
    edit_row(ids[1])

    result = runner.invoke(args=["audit", "checkpoint"])

    assert result.exit_code == 1
    assert "tampered with" in result.output
    assert not checkpoint_file.exists()


def test_checkpoint_without_a_place_to_write_is_refused(app, runner):
    app.config.update(AUDIT_CHECKPOINT_SYSLOG="", AUDIT_CHECKPOINT_FILE="")
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 1
    assert "No place to write checkpoints to" in result.output


def test_the_newest_rows_deleted_and_the_head_moved_back_are_caught_by_a_checkpoint(
    app, runner, checkpoint_file
):
    ids = write_rows(4)
    runner.invoke(args=["audit", "checkpoint"])
    cut_back_to(ids[1])
    assert verify(runner).exit_code == 0  # nothing in the database tells

    result = verify(runner, "--checkpoint", str(checkpoint_file))

    assert result.exit_code == 1
    assert f"Row {ids[-1]}, the newest at the checkpoint, is gone" in result.output


def test_a_chain_rewritten_with_the_key_is_caught_by_a_checkpoint_line(app, runner):
    ids = write_rows(3)
    line = audit.verify().last.line()
    edit_row(ids[0])
    rechain(ids[0], row_hash=audit.row_hash)
    assert verify(runner).exit_code == 0

    result = verify(runner, "--checkpoint", f"Dec  6 03:00:01 host records-desk: {line}")

    assert result.exit_code == 1
    assert f"Row {ids[-1]} no longer has the MAC the checkpoint recorded" in result.output


def test_a_trail_grown_since_its_checkpoint_verifies_against_it(app, runner, checkpoint_file):
    write_rows(2)
    runner.invoke(args=["audit", "checkpoint"])
    write_rows(2)

    result = verify(runner, "--checkpoint", str(checkpoint_file))

    assert result.exit_code == 0, result.output
    assert "4 rows verified and against the checkpoint at row 2" in result.output


def test_verify_refuses_a_checkpoint_it_cannot_read(runner):
    result = verify(runner, "--checkpoint", "yesterday's")
    assert result.exit_code == 1
    assert "No checkpoint found" in result.output
