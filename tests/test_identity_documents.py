"""Identity documents: JPEG, PNG or PDF told from their bytes, at most 10 MB each and 3 in
all; images re-encoded without metadata; a SHA-256 checked on every view; viewed by staff
only, and every view audited."""

import hashlib
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader, PdfWriter

from records_app import practice
from records_app.documents import identity, storage
from records_app.documents.active_content import remove_active_content
from records_app.documents.identity import PreparedDocument
from records_app.extensions import db
from records_app.models import AuditEvent, DocumentKind, IdentityDocument, IdentityDocumentContent
from tests.support.answers import form_answers
from tests.support.forms import post_form
from tests.support.steps import SIGN_URL, walk_to_check
from tests.support.stored import stored_requests
from tests.support.uploads import (
    PDF_BYTES,
    image_bytes,
    pdf_with_active_content,
    upload,
    zeros_png,
)


def representative_answers(**overrides) -> dict:
    return form_answers(
        requester_kind="representative",
        representative_name="Daniel Holloway",
        representative_authority="health_care_poa",
        **overrides,
    )


def stored_documents() -> list[IdentityDocument]:
    return list(db.session.scalars(sa.select(IdentityDocument).order_by(IdentityDocument.id)))


def only_document() -> IdentityDocument:
    documents = stored_documents()
    assert len(documents) == 1
    return documents[0]


def assert_refused(response, message: str) -> None:
    assert response.status_code == 422
    assert message in response.text
    assert "choose" in response.text and "again" in response.text
    assert 'value="Margaret Ann Holloway"' in response.text  # the signature is kept
    assert stored_requests() == []
    assert stored_documents() == []


@pytest.mark.parametrize(
    ("content", "filename", "content_type"),
    [
        (image_bytes("JPEG"), "licence.jpg", "image/jpeg"),
        (image_bytes("PNG"), "licence.png", "image/png"),
        (PDF_BYTES, "licence.pdf", "application/pdf"),
    ],
)
def test_jpeg_png_and_pdf_are_accepted_by_their_bytes(
    submit_request, content, filename, content_type
):
    response = submit_request(form_answers(photo_id=upload(content, filename)))
    assert response.status_code == 303
    document = only_document()
    assert document.kind == DocumentKind.PHOTO_ID
    assert document.content_type == content_type
    assert document.request_id == stored_requests()[0].id
    assert document.uploaded_by_id is None


def test_the_signing_page_is_sent_as_multipart(client):
    walk_to_check(client, form_answers())
    assert 'enctype="multipart/form-data"' in client.get(SIGN_URL).text


def test_a_text_file_named_jpg_is_refused(submit_request):
    response = submit_request(
        form_answers(photo_id=upload(b"just some text", "licence.jpg", "image/jpeg"))
    )
    assert_refused(response, "not a JPEG or PNG photo or a PDF")


def test_a_png_named_pdf_is_stored_as_png(submit_request):
    response = submit_request(
        form_answers(photo_id=upload(image_bytes("PNG"), "licence.pdf", "application/pdf"))
    )
    assert response.status_code == 303
    assert only_document().content_type == "image/png"


def test_a_file_over_the_size_limit_is_refused(submit_request, monkeypatch):
    monkeypatch.setattr(identity, "MAX_DOCUMENT_BYTES", len(PDF_BYTES) - 1)
    response = submit_request(form_answers(photo_id=upload(PDF_BYTES, "licence.pdf")))
    assert_refused(response, "larger than")


def test_four_files_are_refused(submit_request):
    proofs = [upload(PDF_BYTES, f"court-{number}.pdf") for number in range(3)]
    response = submit_request(
        representative_answers(
            photo_id=upload(PDF_BYTES, "licence.pdf"), authority_documents=proofs
        )
    )
    assert_refused(response, "at most 3 files")


def test_a_representative_sends_a_photo_id_and_proof_of_authority(submit_request):
    proofs = [upload(PDF_BYTES, "poa.pdf"), upload(image_bytes("JPEG"), "letter.jpg")]
    response = submit_request(
        representative_answers(
            photo_id=upload(image_bytes("PNG"), "id.png"), authority_documents=proofs
        )
    )
    assert response.status_code == 303
    assert [document.kind for document in stored_documents()] == [
        DocumentKind.PHOTO_ID,
        DocumentKind.PROOF_OF_AUTHORITY,
        DocumentKind.PROOF_OF_AUTHORITY,
    ]


def test_a_patient_sends_no_proof_of_authority(submit_request):
    response = submit_request(form_answers(authority_documents=[upload(PDF_BYTES, "poa.pdf")]))
    assert response.status_code == 303
    assert stored_documents() == []


# 1: any image is over the limit (DecompressionBombError); 10: a 12-pixel image is over it
# but under twice it (DecompressionBombWarning, which must be refused too).
@pytest.mark.parametrize("max_pixels", [1, 10])
def test_a_decompression_bomb_is_refused(submit_request, monkeypatch, max_pixels):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", max_pixels)
    response = submit_request(form_answers(photo_id=upload(image_bytes("PNG"), "id.png")))
    assert_refused(response, "could not be read")


def test_a_damaged_image_is_refused(submit_request):
    truncated = image_bytes("PNG")[:20]
    response = submit_request(form_answers(photo_id=upload(truncated, "id.png")))
    assert_refused(response, "could not be read")


def test_exif_is_stripped_from_photos(submit_request):
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x0131] = "SecretSoftware"  # Software
    original = image_bytes("JPEG", exif=exif)
    assert b"SecretCameraMaker" in original
    submit_request(form_answers(photo_id=upload(original, "id.jpg")))
    stored = storage.read(only_document())
    assert b"SecretCameraMaker" not in stored and b"SecretSoftware" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}


# ---- large images: refused from their header, shrunk, decoded last ---------------------


def test_a_photo_of_too_many_pixels_is_refused_from_its_header(submit_request):
    hostile = zeros_png(9400, 9400, bit_depth=1)  # 11 KB sent, 88 million pixels
    response = submit_request(form_answers(photo_id=upload(hostile, "id.png")))
    assert_refused(response, "A photo is 9400 x 9400 pixels; at most 40 million are taken.")


@pytest.mark.parametrize(("max_pixels", "status"), [(11, 422), (12, 303)])
def test_the_pixel_limit_is_a_setting(app, submit_request, max_pixels, status):
    app.config["MAX_PHOTO_PIXELS"] = max_pixels
    response = submit_request(form_answers(photo_id=upload(image_bytes("PNG"), "id.png")))
    assert response.status_code == status  # the image is 4 x 3


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_a_photo_larger_than_needed_is_shrunk(submit_request, image_format):
    wide = image_bytes(image_format, size=(identity.MAX_PHOTO_SIDE * 2, 40))
    submit_request(form_answers(photo_id=upload(wide, "id.img")))
    with Image.open(io.BytesIO(storage.read(only_document()))) as image:
        assert image.size == (identity.MAX_PHOTO_SIDE, 20)


def test_no_photo_is_decoded_while_another_answer_is_missing(submit_request):
    whole = zeros_png(2000, 2000)
    undecodable = whole[: len(whole) // 2]  # its header is whole, its pixels cut short
    answers = form_answers(patient_last_name="", photo_id=upload(undecodable, "id.png"))
    response = submit_request(answers)
    assert response.status_code == 422
    assert "Enter the patient's last name." in response.text
    assert "could not be read" not in response.text


def test_the_sha256_of_the_stored_bytes_is_kept(submit_request):
    submit_request(form_answers(photo_id=upload(PDF_BYTES, "id.pdf")))
    document = only_document()
    stored = storage.read(document)
    assert document.sha256 == hashlib.sha256(stored).hexdigest()
    assert document.byte_size == len(stored)
    assert len(PdfReader(io.BytesIO(stored)).pages) == 1


# ---- PDFs: active content removed when stored --------------------------------------------

MARKERS = re.compile(rb"Marker[A-Za-z]+")


def test_active_content_is_removed_from_a_pdf_when_it_is_stored(submit_request):
    hostile = pdf_with_active_content()
    assert len(set(MARKERS.findall(hostile))) == 5  # script x3, open action, embedded file

    response = submit_request(form_answers(photo_id=upload(hostile, "id.pdf")))

    assert response.status_code == 303
    document = only_document()
    stored = storage.read(document)
    assert MARKERS.findall(stored) == []
    assert document.sha256 == hashlib.sha256(stored).hexdigest()


def test_a_cleaned_pdf_keeps_its_pages_and_its_web_links():
    cleaned = PdfReader(io.BytesIO(remove_active_content(pdf_with_active_content())))

    assert "/OpenAction" not in cleaned.trailer["/Root"]
    assert "/Names" not in cleaned.trailer["/Root"]
    (page,) = cleaned.pages
    assert "/AA" not in page
    actions = [annotation.get_object().get("/A") for annotation in page["/Annots"]]
    assert [action["/URI"] for action in actions if action] == ["https://example.org/"]


def test_a_password_protected_pdf_is_refused(submit_request):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF_BYTES)))
    writer.encrypt("a password")
    locked = io.BytesIO()
    writer.write(locked)
    response = submit_request(form_answers(photo_id=upload(locked.getvalue(), "id.pdf")))
    assert_refused(response, "A PDF is protected by a password.")


def test_an_unreadable_pdf_is_refused(submit_request):
    response = submit_request(form_answers(photo_id=upload(b"%PDF-1.7 not really", "id.pdf")))
    assert_refused(response, "A PDF could not be read")


def test_staff_enter_documents_with_a_paper_request(client, signed_in_staff):
    answers = {
        **form_answers(photo_id=upload(PDF_BYTES, "id.pdf")),
        "received_via": "mail",
        "received_on": stored_date_ten_days_ago(),
        "signed_on": stored_date_ten_days_ago(),
    }
    response = post_form(client, "/staff/requests/new", answers)
    assert response.status_code == 303
    assert only_document().uploaded_by_id == signed_in_staff.id


def stored_date_ten_days_ago() -> str:
    return (practice.today() - timedelta(days=10)).isoformat()


def test_a_request_larger_than_the_cap_gets_the_friendly_413_page(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/request",
        data={"photo_id": upload(b"%PDF-" + b"x" * 5000, "big.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "That upload is too large" in response.text


# ---- staff view ---------------------------------------------------------------------------


@pytest.fixture
def document_on_request(make_request):
    """A request with one PDF photo ID, stored as the form stores it."""

    def make(content: bytes = PDF_BYTES, content_type: str = "application/pdf", **overrides):
        records_request = make_request(**overrides)
        prepared = PreparedDocument(DocumentKind.PHOTO_ID, content_type, content)
        [document] = identity.attach(records_request, [prepared])
        db.session.commit()
        return document

    return make


def document_url(document: IdentityDocument) -> str:
    return f"/staff/requests/{document.request_id}/documents/{document.id}"


def test_staff_download_a_pdf_as_an_attachment_never_cached(
    client, signed_in_staff, document_on_request
):
    document = document_on_request()
    response = client.get(document_url(document))
    assert response.status_code == 200
    assert response.data == PDF_BYTES
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_staff_view_an_image_inline(client, signed_in_staff, document_on_request):
    png = image_bytes("PNG")
    document = document_on_request(png, "image/png")
    response = client.get(document_url(document))
    assert response.data == png
    assert response.headers["Content-Disposition"].startswith("inline;")


def test_each_view_is_audited(client, signed_in_staff, document_on_request):
    document = document_on_request()
    client.get(document_url(document))
    client.get(document_url(document))
    views = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "document.viewed")
    ).all()
    assert len(views) == 2
    assert {(view.request_id, view.details["document_id"]) for view in views} == {
        (document.request_id, document.id)
    }
    assert views[0].actor_id == signed_in_staff.id


def test_a_tampered_document_is_never_sent(client, signed_in_staff, document_on_request):
    document = document_on_request()
    db.session.execute(
        sa.update(IdentityDocumentContent)
        .where(IdentityDocumentContent.document_id == document.id)
        .values(content=b"%PDF-1.4 something else")
    )
    db.session.commit()
    response = client.get(document_url(document))
    assert response.status_code == 500
    assert "This document cannot be shown" in response.text
    assert b"something else" not in response.data
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "document.integrity_failed")
        )
        == 1
    )


def test_signed_out_visitors_are_sent_to_sign_in(client, document_on_request):
    response = client.get(document_url(document_on_request()))
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_documents_are_reachable_only_under_staff(app):
    rules = [rule.rule for rule in app.url_map.iter_rules() if "document_id" in rule.rule]
    assert rules == ["/staff/requests/<id:request_id>/documents/<id:document_id>"]


def test_a_document_is_not_found_under_another_request(
    client, signed_in_staff, document_on_request, make_request
):
    document = document_on_request()
    other = make_request()
    response = client.get(f"/staff/requests/{other.id}/documents/{document.id}")
    assert response.status_code == 404


def test_the_request_page_lists_documents_with_a_view_link(
    client, signed_in_staff, document_on_request
):
    document = document_on_request()
    page = client.get(f"/staff/requests/{document.request_id}").text
    assert "Photo ID · application/pdf" in page
    assert document_url(document) in page
