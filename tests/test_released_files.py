"""Staff attach the files of records to release on an approved request: told by content,
counted, stamped, checked against the limits, kept in sealed chunks; removable until the
records are released."""

import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from records_app import releases
from records_app.documents import storage
from records_app.extensions import db
from records_app.models import RequestEvent, Status
from records_app.releases import attaching
from tests.support.audit import audit_rows
from tests.support.factories import act, request_in
from tests.support.forms import csrf_token_from
from tests.support.pdf import pdf_text
from tests.support.releases import (
    attach_through_page,
    chunk_rows,
    pdf_of,
    released_files,
    sha256_of,
    tamper_with_chunk,
)
from tests.support.stored import reload
from tests.support.uploads import image_bytes, pdf_with_active_content


@pytest.fixture
def approved(make_request, signed_in_staff):
    return request_in(Status.APPROVED, make_request, signed_in_staff)


def stored_bytes(released) -> bytes:
    return b"".join(storage.read_chunks(released.stored_file))


def test_an_attached_pdf_is_kept_with_its_pages_size_and_sha256(client, approved):
    response = attach_through_page(client, approved, (pdf_of(3), "visit-notes.pdf"))
    assert response.status_code == 302
    (released,) = released_files()
    content = stored_bytes(released)
    assert (released.filename, released.content_type, released.page_count) == (
        "visit-notes.pdf",
        "application/pdf",
        3,
    )
    assert (released.byte_size, released.sha256) == (len(content), sha256_of(content))


def test_each_page_of_a_released_pdf_carries_the_release_footer(client, approved):
    attach_through_page(client, approved, (pdf_of(2), "visit-notes.pdf"))
    text = pdf_text(stored_bytes(released_files()[0]))
    assert f"{approved.tracking_code} · Released to Margaret Ann Holloway" in text
    assert "page 1 of 2" in text and "page 2 of 2" in text


def test_with_the_stamp_off_the_pdf_is_kept_without_a_footer(app, client, approved):
    app.config["RELEASE_STAMP"] = False
    attach_through_page(client, approved, (pdf_of(1), "visit-notes.pdf"))
    (released,) = released_files()
    assert "Released to" not in pdf_text(stored_bytes(released)) and not released.stamped


@pytest.mark.parametrize("stamp", [True, False])
def test_a_released_pdf_is_stored_without_its_active_content(app, client, approved, stamp):
    app.config["RELEASE_STAMP"] = stamp
    attach_through_page(client, approved, (pdf_with_active_content(), "visit-notes.pdf"))
    (released,) = released_files()
    content = stored_bytes(released)
    assert b"Marker" not in content  # each script, action and embedded file carries one
    assert len(PdfReader(io.BytesIO(content)).pages) == released.page_count == 1
    assert released.sha256 == sha256_of(content)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (image_bytes("JPEG"), "scan.jpg", "image/jpeg"),
        (image_bytes("PNG"), "scan.png", "image/png"),
        (image_bytes("TIFF"), "scan.tif", "image/tiff"),
        (b"Allergies: none known.\n", "summary.txt", "text/plain"),
        (b'<?xml version="1.0"?><ClinicalDocument/>', "ccda.xml", "application/xml"),
    ],
)
def test_scans_text_and_xml_are_told_by_their_bytes(client, approved, content, name, content_type):
    attach_through_page(client, approved, (content, name))
    (released,) = released_files()
    assert released.content_type == content_type
    assert stored_bytes(released) == content


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"MZ\x90\x00\x03\x00\x00\x00", "This kind of file cannot be released here"),
        (b"%PDF-1.4\nnot really a pdf", "The PDF could not be read"),
    ],
    ids=["empty", "unknown kind", "pdf that does not parse"],
)
def test_a_bad_file_gets_a_message_beside_the_field_and_nothing_is_stored(
    client, approved, content, message
):
    response = attach_through_page(client, approved, (content, "records.pdf"))
    assert response.status_code == 422
    assert message in response.text and 'id="release-files-error"' in response.text
    assert released_files() == [] and chunk_rows() == 0


@pytest.mark.parametrize(
    "content",
    ["Notes: Nguyễn\x1b[31m", "Notes: Łukasz\x00", "Notes: Ωμέγα\x7f"],
    ids=["escape", "nul", "delete"],
)
def test_a_text_with_a_control_character_is_refused(approved, signed_in_staff, content):
    settings = releases.ReleaseSettings()
    with pytest.raises(releases.FileRefused, match="cannot be released here"):
        releases.attach(
            approved, "a.txt", io.BytesIO(content.encode()), settings, by=signed_in_staff
        )
    assert chunk_rows() == 0


def test_a_text_keeps_its_tabs_returns_page_breaks_and_accents(approved, signed_in_staff):
    content = "Notes\tBP 128/82\r\n\x0cPage 2: Nguyễn, Łukasz\n".encode()
    settings = releases.ReleaseSettings()
    released = releases.attach(approved, "a.txt", io.BytesIO(content), settings, by=signed_in_staff)
    assert released.content_type == "text/plain" and stored_bytes(released) == content


def test_a_second_copy_of_an_attached_file_is_refused(client, approved):
    notes = pdf_of(1)
    attach_through_page(client, approved, (notes, "visit-notes.pdf"))
    response = attach_through_page(client, approved, (notes, "copy.pdf"))
    assert response.status_code == 422
    assert "This file is attached already, as visit-notes.pdf." in response.text
    assert len(released_files()) == 1


def test_one_refused_file_leaves_none_of_its_batch_attached(client, approved):
    response = attach_through_page(
        client, approved, (pdf_of(1), "good.pdf"), (b"\x00\x01\x02", "bad.bin")
    )
    assert response.status_code == 422
    assert released_files() == [] and chunk_rows() == 0


def test_files_over_the_limit_of_a_request_are_refused(approved, signed_in_staff):
    settings = releases.ReleaseSettings(max_bytes_per_request=100)
    releases.attach(approved, "a.txt", io.BytesIO(b"a" * 60), settings, by=signed_in_staff)
    with pytest.raises(releases.FileRefused, match="over its limit"):
        releases.attach(approved, "b.txt", io.BytesIO(b"b" * 41), settings, by=signed_in_staff)


def test_the_attach_route_takes_more_than_the_app_wide_request_limit(app, client, approved):
    """The public form's small limit (MAX_CONTENT_LENGTH) is not the release limit."""
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = attach_through_page(client, approved, (b"y" * (200 * 1024), "notes.txt"))
    assert response.status_code == 302
    assert released_files()[0].byte_size == 200 * 1024


def test_attaching_writes_a_history_line_and_an_audit_row(client, approved):
    attach_through_page(client, approved, (pdf_of(2), "visit-notes.pdf"))
    event = db.session.scalar(
        sa.select(RequestEvent).where(RequestEvent.action == "attach_records")
    )
    assert event.reason.startswith("visit-notes.pdf (2 pages, ")
    (row,) = audit_rows("release.file_attached")
    assert row.details["released_file_id"] == released_files()[0].id


def test_files_cannot_be_attached_before_approval(client, make_request, signed_in_staff):
    in_review = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    page = client.get(f"/staff/requests/{in_review.id}")
    assert "Files can be attached once the request is approved." in page.text
    response = attach_through_page(client, in_review, (pdf_of(1), "visit-notes.pdf"))
    assert "only while the request is approved" in client.get(response.location).text
    assert released_files() == []


def test_a_file_removed_before_release_leaves_no_bytes(client, approved):
    attach_through_page(client, approved, (pdf_of(1), "wrong-patient.pdf"))
    (released,) = released_files()
    page = client.get(f"/staff/requests/{approved.id}")
    response = client.post(
        f"/staff/requests/{approved.id}/released-files/{released.id}/remove",
        data={"csrf_token": csrf_token_from(page.text)},
    )
    assert response.status_code == 302
    assert released_files() == [] and chunk_rows() == 0
    assert audit_rows("release.file_removed")


def test_released_files_are_fixed_once_the_request_is_fulfilled(client, approved, signed_in_staff):
    attach_through_page(client, approved, (pdf_of(1), "visit-notes.pdf"))
    act(reload(approved), "fulfil", signed_in_staff)
    (released,) = released_files()
    page = client.get(f"/staff/requests/{approved.id}")
    assert "Remove</button>" not in page.text
    client.post(
        f"/staff/requests/{approved.id}/released-files/{released.id}/remove",
        data={"csrf_token": csrf_token_from(page.text)},
    )
    assert len(released_files()) == 1


def test_staff_open_an_attached_file_as_an_audited_download(client, approved):
    original = b"Problem list: hypertension.\n"
    attach_through_page(client, approved, (original, "problems.txt"))
    (released,) = released_files()
    response = client.get(f"/staff/requests/{approved.id}/released-files/{released.id}")
    assert response.data == original
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert audit_rows("release.file_viewed")


def test_a_tampered_chunk_gets_the_damaged_file_page(client, approved):
    attach_through_page(client, approved, (b"Problem list.\n", "problems.txt"))
    (released,) = released_files()
    tamper_with_chunk(released.stored_file_id)
    response = client.get(f"/staff/requests/{approved.id}/released-files/{released.id}")
    assert response.status_code == 500
    assert "This file cannot be shown" in response.text
    assert b"Problem list" not in response.data


def test_a_copy_attached_by_someone_else_at_the_same_moment_is_refused(
    approved, signed_in_staff, monkeypatch
):
    """Two staff attaching one file at once both pass the check; the database keeps one."""
    settings = releases.ReleaseSettings()
    releases.attach(approved, "a.txt", io.BytesIO(b"same\n"), settings, by=signed_in_staff)
    monkeypatch.setattr(attaching, "_check_not_attached", lambda *_: None)
    with pytest.raises(releases.FileRefused, match="attached already, a moment ago"):
        releases.attach(approved, "b.txt", io.BytesIO(b"same\n"), settings, by=signed_in_staff)
