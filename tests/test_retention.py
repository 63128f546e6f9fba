"""`flask retention purge`: the identity documents of requests closed more than N days ago
lose their bytes; their metadata rows and everything else of the request stay."""

import re

import pytest
import sqlalchemy as sa

from records_app import lifecycle
from records_app.documents import identity, storage
from records_app.documents.identity import PreparedDocument
from records_app.extensions import db
from records_app.models import AuditEvent, DocumentKind, IdentityDocument, RecordsRequest, Status
from tests.support.clock import days_ago

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def request_with_document(make_request, make_staff):
    """A request with one photo ID (or another kind of document), closed `closed_days_ago`
    days ago (None: still open)."""
    clerk = make_staff("closer@example.org", name="Cory Closer")

    def make(
        closed_days_ago: int | None, kind: DocumentKind = DocumentKind.PHOTO_ID
    ) -> IdentityDocument:
        records_request = make_request()
        prepared = PreparedDocument(kind, "application/pdf", PDF_BYTES)
        [document] = identity.attach(records_request, [prepared])
        if closed_days_ago is not None:
            lifecycle.withdraw(records_request, clerk, records_request.version, "By phone.")
            db.session.execute(
                sa.update(RecordsRequest)
                .where(RecordsRequest.id == records_request.id)
                .values(closed_at=days_ago(closed_days_ago))
            )
        db.session.commit()
        return document

    return make


def purge(runner, *arguments):
    result = runner.invoke(args=["retention", "purge", *arguments])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def has_bytes(document: IdentityDocument) -> bool:
    return storage.read(document) is not None


def test_purge_removes_only_documents_of_requests_closed_more_than_n_days_ago(
    runner, request_with_document
):
    old = request_with_document(closed_days_ago=91)
    recent = request_with_document(closed_days_ago=89)
    still_open = request_with_document(closed_days_ago=None)
    purge(runner)
    assert not has_bytes(old)
    assert has_bytes(recent) and has_bytes(still_open)


def test_proof_of_authority_is_kept_six_years_after_the_request_closed(
    runner, request_with_document
):
    """45 CFR 164.530(j): the disclosure rested on it; only photo IDs go after 90 days."""
    proof = request_with_document(closed_days_ago=91, kind=DocumentKind.PROOF_OF_AUTHORITY)
    photo = request_with_document(closed_days_ago=91)
    purge(runner)
    assert has_bytes(proof)
    assert not has_bytes(photo)


def test_proof_of_authority_goes_after_six_years(runner, request_with_document):
    proof = request_with_document(
        closed_days_ago=6 * 366 + 91, kind=DocumentKind.PROOF_OF_AUTHORITY
    )
    purge(runner)
    assert not has_bytes(proof)


def test_purge_takes_the_days_from_the_option(runner, request_with_document):
    closed_a_week_ago = request_with_document(closed_days_ago=7)
    purge(runner, "--days", "30")
    assert has_bytes(closed_a_week_ago)
    purge(runner, "--days", "5")
    assert not has_bytes(closed_a_week_ago)


def test_purge_takes_the_default_days_from_the_configuration(app, runner, request_with_document):
    app.config["RETENTION_DAYS_AFTER_CLOSE"] = 10
    closed_eleven_days_ago = request_with_document(closed_days_ago=11)
    purge(runner)
    assert not has_bytes(closed_eleven_days_ago)


def test_purge_keeps_the_metadata_row_and_the_rest_of_the_request(runner, request_with_document):
    document = request_with_document(closed_days_ago=200)
    purge(runner)
    kept = db.session.get(IdentityDocument, document.id)
    assert kept.purged_at is not None
    assert kept.sha256 and kept.byte_size == len(PDF_BYTES)
    records_request = db.session.get(RecordsRequest, document.request_id)
    assert records_request.status == Status.WITHDRAWN
    assert records_request.patient_last_name == "Holloway"
    assert len(records_request.events) == 2


def test_purge_is_idempotent(runner, request_with_document):
    document = request_with_document(closed_days_ago=100)
    first = purge(runner)
    purged_at = db.session.get(IdentityDocument, document.id).purged_at
    second = purge(runner)
    assert "Removed 1 identity documents" in first.output
    assert "Removed 0 identity documents" in second.output
    assert db.session.get(IdentityDocument, document.id).purged_at == purged_at


def test_purge_reports_counts_and_document_ids_without_phi(runner, request_with_document):
    documents = [request_with_document(closed_days_ago=100) for _ in range(2)]
    output = purge(runner).output
    assert "Removed 2 identity documents" in output
    assert f"Document ids: {documents[0].id}, {documents[1].id}" in output
    assert not re.search("Holloway|Margaret|1951", output)


def test_each_run_writes_one_audit_row_with_the_count(runner, request_with_document):
    request_with_document(closed_days_ago=100)
    purge(runner)
    purge(runner)
    runs = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "retention.purged").order_by(AuditEvent.id)
    ).all()
    assert [run.details["documents_removed"] for run in runs] == [1, 0]
    assert runs[0].actor_label.startswith("cli:")


def test_the_request_page_says_when_a_document_was_removed(
    client, signed_in_staff, runner, request_with_document
):
    document = request_with_document(closed_days_ago=100)
    purge(runner)
    page = client.get(f"/staff/requests/{document.request_id}").text
    assert "under the retention rule" in page
    url = f"/staff/requests/{document.request_id}/documents/{document.id}"
    assert url not in page
    assert client.get(url).status_code == 404
