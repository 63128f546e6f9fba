"""Documents sent from the status page after staff asked for more information, and the
link between a document and the approval whose identity check it supported."""

import sqlalchemy as sa

from records_app import lifecycle
from records_app.documents import retention
from records_app.extensions import db
from records_app.models import (
    DocumentKind,
    IdentityDocument,
    RecordsRequest,
    RequestEvent,
    Status,
)
from tests.support.answers import form_answers
from tests.support.audit import audit_rows
from tests.support.clock import days_ago
from tests.support.forms import csrf_token_from
from tests.support.requester import look_up
from tests.support.stored import only_request, reload
from tests.support.uploads import PDF_BYTES, image_bytes, upload

SEND_URL = "/status/documents"


def waiting_for_information(records_request, clerk):
    lifecycle.start_review(records_request, clerk, records_request.version)
    lifecycle.request_info(
        records_request, clerk, records_request.version, "Please send a clearer photo ID."
    )
    db.session.commit()
    return records_request


def send(client, status_page, *files, kind="photo_id"):
    return client.post(
        SEND_URL,
        data={
            "csrf_token": csrf_token_from(status_page.text),
            "kind": kind,
            "documents": list(files),
        },
        content_type="multipart/form-data",
    )


def documents_of(records_request) -> list[IdentityDocument]:
    return list(
        db.session.scalars(
            sa.select(IdentityDocument)
            .where(IdentityDocument.request_id == records_request.id)
            .order_by(IdentityDocument.id)
        )
    )


def test_status_page_offers_sending_files_only_when_information_is_needed(
    client, make_request, make_staff
):
    waiting = waiting_for_information(make_request(), make_staff())
    submitted = make_request()

    assert "Send a photo ID or proof online" in look_up(client, waiting.tracking_code).text
    assert "Send a photo ID or proof online" not in look_up(client, submitted.tracking_code).text


def test_files_sent_after_a_lookup_are_stored_and_shown_in_the_history(
    client, make_request, make_staff
):
    waiting = waiting_for_information(make_request(), make_staff())
    page = look_up(client, waiting.tracking_code)

    response = send(client, page, upload(image_bytes("PNG"), "id.png"), upload(PDF_BYTES, "b.pdf"))

    assert response.status_code == 303
    assert response.headers["Location"] == "/status/documents/sent"
    assert "We received 2 files" in client.get("/status/documents/sent").text
    assert [d.kind for d in documents_of(waiting)] == [DocumentKind.PHOTO_ID] * 2
    last_event = db.session.scalars(
        sa.select(RequestEvent).order_by(RequestEvent.id.desc()).limit(1)
    ).one()
    assert last_event.action == lifecycle.Action.SEND_DOCUMENTS
    assert reload(waiting).status is Status.NEEDS_INFO


def test_files_sent_from_the_status_page_are_audited_with_the_client_address(
    client, make_request, make_staff
):
    waiting = waiting_for_information(make_request(), make_staff())
    send(client, look_up(client, waiting.tracking_code), upload(image_bytes(), "id.png"))

    [row] = audit_rows("document.received")
    assert row.actor_label == "requester"
    assert row.request_id == waiting.id
    assert row.ip_address == "127.0.0.1"
    assert row.details["via"] == "status page"
    assert row.details["document_ids"] == [d.id for d in documents_of(waiting)]


def test_files_sent_with_the_request_form_are_audited(submit_request):
    submit_request(form_answers(photo_id=upload(image_bytes(), "id.png")))

    [row] = audit_rows("document.received")
    assert row.details["via"] == "request form"


def test_sending_without_looking_the_request_up_stores_nothing(client, make_request, make_staff):
    waiting_for_information(make_request(), make_staff())
    page = client.get("/status")

    response = send(client, page, upload(image_bytes(), "id.png"))

    assert response.status_code == 303
    assert response.headers["Location"] == "/status"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IdentityDocument)) == 0


def test_sending_after_staff_moved_the_request_on_stores_nothing(client, make_request, make_staff):
    clerk = make_staff()
    waiting = waiting_for_information(make_request(), clerk)
    page = look_up(client, waiting.tracking_code)
    lifecycle.receive_info(waiting, clerk, waiting.version, "Photo ID came by mail.")
    db.session.commit()

    response = send(client, page, upload(image_bytes(), "id.png"))

    assert response.headers["Location"] == "/status"
    assert documents_of(waiting) == []


def test_a_file_that_is_not_a_photo_or_pdf_is_refused_beside_the_field(
    client, make_request, make_staff
):
    waiting = waiting_for_information(make_request(), make_staff())

    response = send(client, look_up(client, waiting.tracking_code), upload(b"MZ\x90\x00", "id.exe"))

    assert response.status_code == 422
    assert 'id="documents-error"' in response.text
    assert "not a JPEG or PNG photo or a PDF" in response.text
    assert documents_of(waiting) == []


def test_sending_no_file_asks_for_one(client, make_request, make_staff):
    waiting = waiting_for_information(make_request(), make_staff())

    response = send(client, look_up(client, waiting.tracking_code))

    assert response.status_code == 422
    assert "Choose at least one file to send." in response.text


def test_more_than_three_files_at_once_are_refused(client, make_request, make_staff):
    waiting = waiting_for_information(make_request(), make_staff())
    files = [upload(image_bytes(), f"page{number}.png") for number in range(4)]

    response = send(client, look_up(client, waiting.tracking_code), *files)

    assert response.status_code == 422
    assert "Send at most 3 files at a time." in response.text
    assert documents_of(waiting) == []


def test_approval_ties_the_documents_on_file_to_its_identity_check(submit_request, make_staff):
    submit_request(form_answers(photo_id=upload(image_bytes(), "id.png")))
    records_request, clerk = only_request(), make_staff()
    lifecycle.start_review(records_request, clerk, records_request.version)
    lifecycle.approve(
        records_request,
        clerk,
        records_request.version,
        identity_verified=True,
        authorization_valid=True,
    )
    db.session.commit()

    [document] = documents_of(records_request)
    assert document.verified_by_id == clerk.id
    assert document.verified_at is not None
    assert records_request.events[-1].reason.endswith("identity documents on file: 1")


def test_request_page_still_shows_the_identity_check_after_the_purge(
    client, signed_in_staff, submit_request, fulfil
):
    submit_request(form_answers(photo_id=upload(image_bytes(), "id.png")))
    records_request = only_request()
    fulfil(records_request)
    db.session.execute(
        sa.update(RecordsRequest)
        .where(RecordsRequest.id == records_request.id)
        .values(closed_at=days_ago(91))
    )
    retention.purge_identity_documents(days_after_close=90)
    db.session.commit()

    page = client.get(f"/staff/requests/{records_request.id}").text

    assert "under the retention rule" in page
    assert "identity check at approval by Frankie Fulfiller" in page
