"""A request entered from paper keeps the scan of its signed form: checked like an identity
document (bytes sniffed, images re-encoded), shown on the request's page, and kept through
the retention purge of identity documents."""

import sqlalchemy as sa
from PIL import Image

from records_app import lifecycle
from records_app.documents import identity, storage
from records_app.extensions import db
from records_app.models import DocumentKind, IdentityDocument, RecordsRequest
from tests.support.answers import paper_answers
from tests.support.clock import days_ago
from tests.support.desk import enter_paper_request
from tests.support.stored import only_request
from tests.support.uploads import PDF_BYTES, image_bytes, upload


def stored_documents() -> list[IdentityDocument]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(IdentityDocument).order_by(IdentityDocument.id)))


def test_the_scan_of_the_signed_form_is_kept_with_the_request(client, signed_in_staff):
    answers = {**paper_answers(), "paper_scan": upload(PDF_BYTES, "scan.pdf")}

    response = enter_paper_request(client, answers, follow_redirects=True)

    (scan,) = stored_documents()
    assert (scan.kind, scan.content_type, scan.uploaded_by_id) == (
        DocumentKind.SIGNED_PAPER_FORM,
        "application/pdf",
        signed_in_staff.id,
    )
    assert identity.read_verified(scan) == PDF_BYTES
    assert "Scan of the signed paper request" in response.text


def test_a_photographed_form_is_re_encoded_without_its_exif(client, signed_in_staff):
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    photo = image_bytes("JPEG", exif=exif)
    answers = {**paper_answers(), "paper_scan": upload(photo, "form.jpg")}

    enter_paper_request(client, answers)

    (scan,) = stored_documents()
    kept = identity.read_verified(scan)
    assert b"SecretCameraMaker" in photo and b"SecretCameraMaker" not in kept


def test_a_scan_that_is_not_a_pdf_or_photo_is_refused_beside_the_field(client, signed_in_staff):
    answers = {**paper_answers(), "paper_scan": upload(b"MZ\x90\x00 not a scan", "form.exe")}

    response = enter_paper_request(client, answers)

    assert response.status_code == 422
    assert "not a JPEG or PNG photo or a PDF" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecordsRequest)) == 0


def test_the_scan_outlasts_the_retention_purge_of_identity_documents(
    runner, client, signed_in_staff
):
    answers = {
        **paper_answers(),
        "paper_scan": upload(PDF_BYTES, "scan.pdf"),
        "photo_id": upload(image_bytes(), "id.png"),
    }
    enter_paper_request(client, answers)
    records_request = only_request()
    lifecycle.withdraw(records_request, signed_in_staff, records_request.version, "By phone.")
    db.session.execute(
        sa.update(RecordsRequest)
        .values(closed_at=days_ago(400))
        .where(RecordsRequest.id == records_request.id)
    )
    db.session.commit()

    result = runner.invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    photo, scan = sorted(
        stored_documents(), key=lambda document: document.kind != DocumentKind.PHOTO_ID
    )
    assert storage.read(photo) is None
    assert storage.read(scan) is not None and scan.purged_at is None
