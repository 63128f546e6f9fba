"""`flask keys rotate` and `flask keys generate`: every sealed value moves to the newest key,
batch by batch, and a run stopped part-way goes on from where it stopped."""

import base64

import pytest
import sqlalchemy as sa

from records_app.config import new_key
from records_app.crypto import keyring, rotation
from records_app.documents import identity
from records_app.extensions import db
from records_app.models import AuditEvent, DocumentKind, RecordsRequest, StaffNote


@pytest.fixture
def use_keys(app):
    """Puts the app on these RECORDS_KEYS (newest first), as a restart with them would."""

    def use(*keys: str) -> None:
        app.extensions[keyring.EXTENSION_NAME] = keyring.keyring_from(
            ",".join(keys), app.config["RECORDS_LOOKUP_KEY"]
        )
        db.session.expire_all()

    return use


@pytest.fixture
def add_new_key(app, use_keys):
    """Puts a new key in front of the current one, as an operator starting a rotation does."""

    def add() -> str:
        key = new_key()
        use_keys(key, app.config["RECORDS_KEYS"])
        return key

    return add


@pytest.fixture
def requests_with_everything(make_request, make_staff):
    """Requests, a note, a two-step secret and a document: a value in every sealed table."""

    def make(count: int = 3) -> list[int]:
        made = [make_request(patient_last_name=f"Quillfeather{n}") for n in range(count)]
        clerk = make_staff()
        clerk.totp_secret = "JBSWY3DPEHPK3PXP"
        db.session.add(StaffNote(request=made[0], author=clerk, body="Called back"))
        prepared = identity.PreparedDocument(
            DocumentKind.PHOTO_ID, "application/pdf", b"%PDF-1.4 scan"
        )
        identity.attach(made[0], [prepared])
        db.session.commit()
        return [records_request.id for records_request in made]

    return make


def key_ids(table: str, column: str) -> set[bytes]:
    """The key id of every stored value of the column, read from the raw bytes."""
    values = db.session.execute(sa.text(f"SELECT {column} FROM {table}")).scalars()
    return {bytes(value)[1:5] for value in values if value is not None}


def newest_key_id() -> bytes:
    return keyring.current().newest_id


def everything_reads(request_ids: list[int]) -> bool:
    db.session.expire_all()
    for request_id in request_ids:
        records_request = db.session.get(RecordsRequest, request_id)
        assert records_request.patient_last_name.startswith("Quillfeather")
        assert [event.reason for event in records_request.events]
    note = db.session.scalars(sa.select(StaffNote)).one()
    [document] = db.session.get(RecordsRequest, request_ids[0]).identity_documents
    return note.body == "Called back" and identity.read_verified(document) is not None


def test_rotation_puts_every_sealed_value_under_the_newest_key(
    runner, requests_with_everything, add_new_key
):
    requests_with_everything()
    add_new_key()
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "records_request: 3 rows re-encrypted, 0 left" in result.output
    assert "older keys can be removed" in result.output
    for table, column in [
        ("records_request", "patient_last_name"),
        ("records_request", "tracking_code"),
        ("request_event", "reason"),
        ("staff_note", "body"),
        ("staff_user", "totp_secret"),
        ("identity_document_content", "content"),
    ]:
        assert key_ids(table, column) == {newest_key_id()}


def test_after_rotation_the_old_key_can_be_removed(
    runner, use_keys, requests_with_everything, add_new_key
):
    request_ids = requests_with_everything()
    new = add_new_key()
    runner.invoke(args=["keys", "rotate"])
    use_keys(new)
    assert everything_reads(request_ids)


def test_searches_still_find_rotated_rows(runner, requests_with_everything, add_new_key):
    request_ids = requests_with_everything()
    add_new_key()
    runner.invoke(args=["keys", "rotate"])
    found = db.session.scalars(
        sa.select(RecordsRequest.id).where(
            RecordsRequest.patient_last_name_lookup
            == keyring.lookup("patient_last_name", "quillfeather1")
        )
    ).all()
    assert found == [request_ids[1]]


def test_a_limited_run_stops_part_way_and_the_next_run_finishes(
    runner, use_keys, requests_with_everything, add_new_key
):
    request_ids = requests_with_everything(5)
    new = add_new_key()
    first = runner.invoke(args=["keys", "rotate", "--limit", "4", "--batch-size", "3"])
    assert "Not finished" in first.output
    assert sum(rotation.rows_left().values()) > 0
    second = runner.invoke(args=["keys", "rotate", "--batch-size", "3"])
    assert second.exit_code == 0
    assert rotation.rows_left() == dict.fromkeys(rotation.rows_left(), 0)
    use_keys(new)
    assert everything_reads(request_ids)


def test_rows_already_under_the_newest_key_are_skipped(runner, requests_with_everything):
    requests_with_everything()
    result = runner.invoke(args=["keys", "rotate"])
    assert "records_request: 0 rows re-encrypted, 0 left" in result.output


def test_a_run_stopped_by_a_damaged_row_keeps_its_batches_and_resumes_once_it_is_restored(
    runner, requests_with_everything, use_keys, add_new_key
):
    request_ids = requests_with_everything(4)
    third = request_ids[2]
    original = db.session.execute(
        sa.text("SELECT phone FROM records_request WHERE id = :id"), {"id": third}
    ).scalar_one()
    damaged = bytearray(original)
    damaged[-1] ^= 1
    set_phone = sa.text("UPDATE records_request SET phone = :phone WHERE id = :id")
    db.session.execute(set_phone, {"phone": bytes(damaged), "id": third})
    db.session.commit()
    new = add_new_key()

    stopped = runner.invoke(args=["keys", "rotate", "--batch-size", "1"])
    assert stopped.exit_code == 1
    assert f"records_request row {third}" in stopped.output
    assert rotation.rows_left()["records_request"] == 2

    db.session.execute(set_phone, {"phone": original, "id": third})
    db.session.commit()
    resumed = runner.invoke(args=["keys", "rotate", "--batch-size", "1"])
    assert resumed.exit_code == 0, resumed.output
    assert "records_request: 2 rows re-encrypted" in resumed.output
    use_keys(new)
    assert everything_reads(request_ids)


def test_rotation_is_audited_with_counts_only(runner, requests_with_everything, add_new_key):
    requests_with_everything()
    add_new_key()
    runner.invoke(args=["keys", "rotate"])
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "keys.rotated")
    ).one()
    assert event.actor_label.startswith("cli:")
    assert event.details["rows_reencrypted"] >= 3
    assert event.details["rows_left"] == 0
    assert event.details["key_id"] == newest_key_id().hex()


def test_generate_prints_a_new_32_byte_key(runner):
    result = runner.invoke(args=["keys", "generate"])
    assert result.exit_code == 0
    assert len(base64.urlsafe_b64decode(result.output.strip())) == 32
    assert result.output != runner.invoke(args=["keys", "generate"]).output
