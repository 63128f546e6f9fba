"""The migration to encryption at rest (201c1a177b6c) over a database that already holds
plaintext rows, and its downgrade back to plaintext. These tests move the suite's own
database down one revision and back to the head."""

import hashlib
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from records_app import tracking, worklist
from records_app.documents import identity
from records_app.extensions import db
from records_app.models import IdentityDocument, RecordsRequest, StaffNote, StaffUser
from tests.support.answers import request_fields
from tests.support.letters import write_pending_letters
from tests.support.stored import holds

BEFORE_ENCRYPTION = "8decdd611622"
TRACKING_CODE = "RR-7KQ4-M2XD"
DOCUMENT_BYTES = b"%PDF-1.4 Quillfeather driving licence"
PLAINTEXT = ("Zenobia", "Quillfeather", "1947-11-03", "zenobia.quill", TRACKING_CODE)


@pytest.fixture
def before_encryption(app, new_connections):
    """The database at the revision before this migration, taken back to the head after."""
    db.session.remove()
    downgrade(revision=BEFORE_ENCRYPTION)
    yield
    db.session.remove()
    upgrade()


def insert_plain(table_name: str, **values) -> int:
    """A row written as the previous version of the app wrote it (reflected table)."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=db.session.connection())
    result = db.session.execute(table.insert().values(**values).returning(table.c.id))
    return result.scalar_one()


def plaintext_database() -> dict[str, int]:
    now = datetime.now(UTC).replace(tzinfo=None)
    fields = request_fields(
        patient_first_name="Zenobia",
        patient_last_name="Quillfeather",
        date_of_birth=date(1947, 11, 3),
        email="zenobia.quill@example.net",
        record_categories=["lab_results"],
        sensitive_initials={"mental_health": "ZQ"},
    )
    fields = {
        name: str(value) if hasattr(value, "value") else value for name, value in fields.items()
    }
    request_id = insert_plain(
        "records_request",
        **{**fields, "signed_at": now},
        tracking_code=TRACKING_CODE,
        patient_last_name_key="quillfeather",
        status="submitted",
        version=1,
        received_via="online",
        received_at=now,
        original_due_at=now,
        due_at=now,
        fee_cents=0,
        created_at=now,
    )
    clerk_id = insert_plain(
        "staff_user",
        email="clerk@example.org",
        name="Casey Clerk",
        role="staff",
        active=True,
        password_hash="not-a-real-hash",
        must_change_password=False,
        created_at=now,
        failed_sign_ins=0,
        recovery_code_hashes=[],
        totp_secret="JBSWY3DPEHPK3PXP",
    )
    insert_plain(
        "request_event",
        request_id=request_id,
        occurred_at=now,
        action="receive",
        to_status="submitted",
        reason="Received online; Zenobia phoned first",
    )
    insert_plain(
        "staff_note", request_id=request_id, author_id=clerk_id, created_at=now, body="Zenobia"
    )
    document_id = insert_plain(
        "identity_document",
        request_id=request_id,
        kind="photo_id",
        content_type="application/pdf",
        byte_size=len(DOCUMENT_BYTES),
        sha256=hashlib.sha256(DOCUMENT_BYTES).hexdigest(),
        stored_at=now,
    )
    content = sa.table("identity_document_content", sa.column("document_id"), sa.column("content"))
    db.session.execute(content.insert().values(document_id=document_id, content=DOCUMENT_BYTES))
    db.session.commit()
    return {"request": request_id, "clerk": clerk_id, "document": document_id}


@pytest.mark.parametrize(
    "table",
    ["records_request", "request_event", "staff_note", "staff_user", "identity_document_content"],
)
def test_upgrade_seals_the_rows_already_there(before_encryption, table):
    plaintext_database()
    upgrade()
    assert not any(holds(table, text) for text in (*PLAINTEXT, "JBSWY3DPEHPK3PXP"))


def test_upgrade_leaves_the_rows_readable_through_the_app(before_encryption):
    ids = plaintext_database()
    upgrade()
    stored = db.session.get(RecordsRequest, ids["request"])
    assert (stored.patient_first_name, stored.patient_last_name) == ("Zenobia", "Quillfeather")
    assert stored.date_of_birth == date(1947, 11, 3)
    assert stored.tracking_code == TRACKING_CODE
    assert stored.record_categories == ["lab_results"]
    assert stored.sensitive_initials == {"mental_health": "ZQ"}
    assert stored.events[0].reason == "Received online; Zenobia phoned first"
    assert db.session.scalars(sa.select(StaffNote.body)).one() == "Zenobia"
    assert db.session.get(StaffUser, ids["clerk"]).totp_secret == "JBSWY3DPEHPK3PXP"
    document = db.session.get(IdentityDocument, ids["document"])
    assert identity.read_verified(document) == DOCUMENT_BYTES


def test_upgrade_fills_the_lookups_so_searches_find_old_rows(before_encryption):
    ids = plaintext_database()
    upgrade()
    search = worklist.Search(last_name="QUILLFEATHER", date_of_birth=date(1947, 11, 3))
    assert [row.id for row in worklist.search_page(search).rows] == [ids["request"]]
    found = tracking.find_request(TRACKING_CODE.lower(), date(1947, 11, 3))
    assert found.id == ids["request"]


def test_downgrade_opens_every_value_back_into_plaintext(make_request, before_encryption):
    # before_encryption went down already; come back up to write through today's models.
    upgrade()
    request_id = make_request(patient_last_name="Quillfeather").id
    write_pending_letters()  # a pending letter stops the downgrade (5e0c7a9d2b14)
    db.session.remove()
    downgrade(revision=BEFORE_ENCRYPTION)
    row = db.session.execute(
        sa.text(
            "SELECT patient_last_name, patient_last_name_key, date_of_birth FROM records_request "
            "WHERE id = :id"
        ),
        {"id": request_id},
    ).one()
    assert row.patient_last_name == "Quillfeather"
    assert row.patient_last_name_key == "quillfeather"
    assert str(row.date_of_birth) == "1951-04-17"
