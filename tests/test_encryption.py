"""Encryption at rest: what the database holds is sealed, what the app reads is plain,
searches still find by keyed hash, and a changed value stops the read."""

import logging
from datetime import date

import pytest
import sqlalchemy as sa

from records_app import letters, worklist
from records_app.config import ConfigurationError, load_config, new_key
from records_app.crypto import keyring
from records_app.documents import identity
from records_app.extensions import db
from records_app.models import DocumentKind, LetterKind, RecordsRequest, StaffNote
from tests.support.letters import written_letter
from tests.support.stored import holds

DISTINCTIVE = {
    "patient_first_name": "Zenobia",
    "patient_last_name": "Quillfeather",
    "date_of_birth": date(1947, 11, 3),
    "email": "zenobia.quill@example.net",
    "phone": "(503) 555-0977",
    "address_street": "77 NW Wisteria Lane",
}
DOCUMENT_BYTES = b"%PDF-1.4\n% Zenobia Quillfeather passport scan\n%%EOF\n"


def raw_update(table: str, column: str, value: bytes, row_id: int) -> None:
    db.session.execute(
        sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
        {"value": value, "id": row_id},
    )
    db.session.commit()


def raw_value(table: str, column: str, row_id: int) -> bytes:
    return bytes(
        db.session.execute(
            sa.text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}
        ).scalar_one()
    )


@pytest.mark.parametrize(
    "text", ["Zenobia", "Quillfeather", "quillfeather", "1947-11-03", "zenobia.quill", "Wisteria"]
)
def test_the_request_row_holds_no_patient_detail_in_plaintext(make_request, text):
    make_request(**DISTINCTIVE)
    assert not holds("records_request", text)


def test_the_tracking_code_is_not_stored_in_plaintext(make_request):
    records_request = make_request()
    assert not holds("records_request", records_request.tracking_code)


def test_the_app_reads_every_sealed_value_back(make_request):
    records_request = make_request(
        **DISTINCTIVE,
        record_categories=["lab_results"],
        sensitive_initials={"mental_health": "ZQ"},
    )
    request_id = records_request.id
    db.session.expire_all()
    stored = db.session.get(RecordsRequest, request_id)
    for field, value in DISTINCTIVE.items():
        assert getattr(stored, field) == value
    assert stored.record_categories == ["lab_results"]
    assert stored.sensitive_initials == {"mental_health": "ZQ"}


def test_notes_event_reasons_and_two_step_secrets_are_sealed(make_request, make_staff):
    records_request = make_request()
    clerk = make_staff()
    clerk.totp_secret = "JBSWY3DPEHPK3PXPQUILL"
    note = StaffNote(request=records_request, author=clerk, body="Zenobia phoned")
    db.session.add(note)
    db.session.commit()
    assert not holds("staff_note", "Zenobia")
    assert not holds("staff_user", "JBSWY3DPEHPK3PXPQUILL")
    assert not holds("request_event", "Received online")
    db.session.expire_all()
    assert note.body == "Zenobia phoned"
    assert clerk.totp_secret == "JBSWY3DPEHPK3PXPQUILL"


def test_identity_document_bytes_are_sealed_and_read_back_verified(make_request):
    records_request = make_request()
    prepared = identity.PreparedDocument(DocumentKind.PHOTO_ID, "application/pdf", DOCUMENT_BYTES)
    [document] = identity.attach(records_request, [prepared])
    db.session.commit()
    raw = db.session.execute(sa.text("SELECT content FROM identity_document_content")).scalar()
    assert b"Quillfeather" not in bytes(raw)
    assert identity.read_verified(document) == DOCUMENT_BYTES


def test_letters_are_sealed_and_read_back_verified(make_request):
    acknowledgement = written_letter(make_request(), LetterKind.ACKNOWLEDGEMENT)

    raw = db.session.execute(sa.text("SELECT content FROM letter")).scalars().all()

    assert raw and not any(bytes(content).startswith(b"%PDF") for content in raw)
    assert letters.read_verified(acknowledgement).startswith(b"%PDF")


@pytest.mark.parametrize(
    "search",
    [
        worklist.Search(last_name="QUILLFEATHER"),
        worklist.Search(date_of_birth=date(1947, 11, 3)),
        worklist.Search(last_name="quillfeather", date_of_birth=date(1947, 11, 3)),
    ],
)
def test_search_by_last_name_and_date_of_birth_finds_the_sealed_row(make_request, search):
    wanted = make_request(**DISTINCTIVE)
    make_request()
    assert worklist.search_page(search).rows == [wanted]


def test_search_by_tracking_code_finds_the_sealed_row(make_request):
    wanted = make_request()
    make_request()
    assert worklist.search_page(worklist.Search(tracking_code=wanted.tracking_code)).rows == [
        wanted
    ]


def test_a_changed_byte_stops_the_read_instead_of_returning_garbage(make_request):
    request_id = make_request(**DISTINCTIVE).id
    sealed = bytearray(raw_value("records_request", "patient_last_name", request_id))
    sealed[-1] ^= 1
    raw_update("records_request", "patient_last_name", bytes(sealed), request_id)
    db.session.expire_all()
    with pytest.raises(keyring.DecryptionFailed, match="integrity check"):
        db.session.get(RecordsRequest, request_id)


def test_a_value_moved_to_another_column_does_not_open(make_request):
    request_id = make_request(**DISTINCTIVE).id
    first_name = raw_value("records_request", "patient_first_name", request_id)
    raw_update("records_request", "patient_last_name", first_name, request_id)
    db.session.expire_all()
    with pytest.raises(keyring.DecryptionFailed):
        db.session.get(RecordsRequest, request_id)


def test_a_value_under_an_unknown_key_does_not_open(app, make_request):
    request_id = make_request().id
    app.extensions[keyring.EXTENSION_NAME] = keyring.keyring_from(
        new_key(), app.config["RECORDS_LOOKUP_KEY"]
    )
    db.session.expire_all()
    with pytest.raises(keyring.DecryptionFailed, match="not sealed under any configured key"):
        db.session.get(RecordsRequest, request_id)


def test_sql_comparison_of_an_encrypted_column_is_refused(app):
    with pytest.raises(TypeError, match="encrypted"):
        RecordsRequest.patient_last_name == "Quillfeather"  # noqa: B015


# ---- keys from configuration --------------------------------------------------------------


@pytest.mark.parametrize("setting", ["RECORDS_KEYS", "RECORDS_LOOKUP_KEY"])
def test_production_refuses_to_start_without_its_keys(monkeypatch, tmp_path, setting):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv(setting)
    with pytest.raises(ConfigurationError, match=f"{setting} is not set"):
        load_config(str(tmp_path))


def test_development_generates_the_keys_once_and_reuses_them(monkeypatch, tmp_path, caplog):
    monkeypatch.delenv("RECORDS_KEYS")
    monkeypatch.delenv("RECORDS_LOOKUP_KEY")
    with caplog.at_level(logging.WARNING, logger="records_app.config"):
        first = load_config(str(tmp_path))
    second = load_config(str(tmp_path))
    assert first["RECORDS_KEYS"] == second["RECORDS_KEYS"]
    assert (tmp_path / "records_keys").read_text() == first["RECORDS_KEYS"]
    assert (tmp_path / "records_lookup_key").read_text() == first["RECORDS_LOOKUP_KEY"]
    assert "RECORDS_KEYS is not set: generated" in caplog.text
    assert first["RECORDS_KEYS"] not in caplog.text


@pytest.mark.parametrize(
    ("records_keys", "message"),
    [("not base64!", "not URL-safe base64"), ("c2hvcnQ=", "keys are 32 bytes"), (",", "no key")],
)
def test_a_malformed_key_is_refused_at_start(records_keys, message):
    with pytest.raises(ConfigurationError, match=message):
        keyring.keyring_from(records_keys, new_key())
