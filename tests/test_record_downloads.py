"""The requester downloads released records from the status page: after an e-mailed code
where the request has an address, streamed with its length, resumable, as an attachment
never cached, one file or all as a ZIP; every download accounted for."""

import io
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from records_app import releases
from records_app.extensions import db
from records_app.models import RequestEvent
from tests.support.audit import audit_rows
from tests.support.releases import (
    ask_for_code,
    confirm_code,
    download_code_of,
    pdf_of,
    released_request,
    sha256_of,
    tamper_with_chunk,
)
from tests.support.requester import look_up
from tests.support.stored import reload

NOTES = b"Visit of 3 March: blood pressure 128/82.\n" * 40
LABS = b"Potassium 4.1 mmol/L\n"


@pytest.fixture
def released(make_request, clerk):
    return released_request(make_request, clerk, [(NOTES, "notes.txt"), (LABS, "labs.txt")])


@pytest.fixture
def confirmed(client, released):
    """The requester has looked the request up and confirmed the e-mailed code."""
    page = look_up(client, released.tracking_code)
    ask_for_code(client, page)
    confirm_code(client, page, download_code_of(released))
    return released


def file_url(released_request, name):
    (found,) = [f for f in released_request.released_files if f.filename == name]
    return f"/status/records/{found.id}"


def events(action):
    return list(db.session.scalars(sa.select(RequestEvent).where(RequestEvent.action == action)))


def test_a_released_request_shows_its_files_behind_a_code(client, released):
    page = look_up(client, released.tracking_code)
    assert "Your records are ready" in page.text
    assert "2 files" in page.text and "notes.txt" in page.text
    assert "E-mail me a code" in page.text
    assert file_url(released, "notes.txt") not in page.text


def test_a_download_before_the_code_is_confirmed_is_sent_back(client, released):
    look_up(client, released.tracking_code)
    response = client.get(file_url(released, "notes.txt"))
    assert response.status_code == 303 and NOTES not in response.data


def test_the_code_e_mail_holds_the_code_and_nothing_about_the_request(
    client, released, mail_server, send_queued_mail
):
    ask_for_code(client, look_up(client, released.tracking_code))
    send_queued_mail()
    message = mail_server.messages[-1]
    body = message.get_content()
    assert message["Subject"] == "Your download code"
    assert download_code_of(released) in body
    for private in (released.tracking_code, "Margaret", "Holloway", "notes.txt"):
        assert private not in body


def test_a_confirmed_requester_downloads_each_file_as_an_attachment(client, confirmed):
    response = client.get(file_url(confirmed, "notes.txt"))
    assert response.data == NOTES
    assert response.headers["Content-Length"] == str(len(NOTES))
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Accept-Ranges"] == "bytes"


def test_a_download_resumed_with_a_range_gives_the_same_bytes_as_a_whole_one(client, confirmed):
    url = file_url(confirmed, "notes.txt")
    whole = client.get(url).data
    first = client.get(url, headers={"Range": "bytes=0-99"})
    rest = client.get(url, headers={"Range": "bytes=100-"})
    assert (first.status_code, rest.status_code) == (206, 206)
    assert rest.headers["Content-Range"] == f"bytes 100-{len(NOTES) - 1}/{len(NOTES)}"
    assert first.data + rest.data == whole == NOTES


def test_a_range_past_the_end_is_refused(client, confirmed):
    response = client.get(file_url(confirmed, "labs.txt"), headers={"Range": "bytes=999-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(LABS)}"


def test_all_files_come_as_one_zip(client, confirmed):
    response = client.get("/status/records/all.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == ["notes.txt", "labs.txt"]
    assert archive.read("notes.txt") == NOTES and archive.read("labs.txt") == LABS
    assert archive.testzip() is None


def test_each_download_is_a_history_line_and_an_audit_row_and_a_resume_is_not_counted(
    client, confirmed
):
    url, request_id = file_url(confirmed, "notes.txt"), confirmed.id
    assert client.get(url).data == NOTES
    assert client.get(url, headers={"Range": "bytes=100-"}).data == NOTES[100:]
    (event,) = events("download_records")
    assert event.reason == "notes.txt downloaded by the requester from 127.0.0.1"
    (row,) = audit_rows("release.downloaded")
    assert row.ip_address == "127.0.0.1" and row.request_id == request_id
    assert releases.download_count(reload(confirmed)).times == 1


@pytest.mark.parametrize("tries_before", [0, 4])
def test_a_wrong_code_gets_the_same_calm_message_and_is_counted(client, released, tries_before):
    page = look_up(client, released.tracking_code)
    ask_for_code(client, page)
    for _ in range(tries_before):
        confirm_code(client, page, "000000")
    response = confirm_code(client, page, "999999")
    assert response.status_code == 422
    assert "That code did not work." in response.text
    assert len(events("wrong_download_code")) == tries_before + 1


def test_after_five_wrong_codes_the_right_one_no_longer_works(client, released):
    page = look_up(client, released.tracking_code)
    ask_for_code(client, page)
    right = download_code_of(released)
    for _ in range(5):
        confirm_code(client, page, "000000" if right != "000000" else "111111")
    assert "That code did not work." in confirm_code(client, page, right).text
    assert client.get(file_url(released, "labs.txt")).status_code == 303


def test_a_code_works_for_ten_minutes(client, released, frozen_clock):
    page = look_up(client, released.tracking_code)
    ask_for_code(client, page)
    frozen_clock.shift(timedelta(minutes=10, seconds=1))
    page = look_up(client, released.tracking_code)
    response = confirm_code(client, page, download_code_of(released))
    assert "That code did not work." in response.text


def test_without_an_e_mail_address_the_tracking_code_and_date_of_birth_suffice(
    client, make_request, clerk
):
    released = released_request(make_request, clerk, [(LABS, "labs.txt")], email=None)
    page = look_up(client, released.tracking_code)
    assert "E-mail me a code" not in page.text
    assert client.get(file_url(released, "labs.txt")).data == LABS


def test_a_downloaded_pdf_matches_the_sha256_recorded_at_release(client, make_request, clerk):
    released = released_request(make_request, clerk, [(pdf_of(2), "notes.pdf")], email=None)
    look_up(client, released.tracking_code)
    content = client.get(file_url(released, "notes.pdf")).data
    assert sha256_of(content) == released.released_files[0].sha256


def test_a_tampered_chunk_gets_the_damaged_file_page_and_no_bytes(client, confirmed):
    (notes,) = [f for f in confirmed.released_files if f.filename == "notes.txt"]
    tamper_with_chunk(notes.stored_file_id)
    response = client.get(f"/status/records/{notes.id}")
    assert response.status_code == 500
    assert "This file cannot be sent" in response.text
    assert b"blood pressure" not in response.data


def test_another_requests_file_is_not_found(client, make_request, clerk, confirmed):
    other = released_request(make_request, clerk, [(b"Other patient\n", "other.txt")])
    assert client.get(file_url(other, "other.txt")).status_code == 404


def test_the_request_page_says_how_often_the_records_were_downloaded(
    client, make_request, signed_in_staff
):
    released = released_request(make_request, signed_in_staff, [(LABS, "labs.txt")], email=None)
    staff_page = f"/staff/requests/{released.id}"
    assert "Not downloaded yet." in client.get(staff_page).text
    requester = client.application.test_client()
    look_up(requester, released.tracking_code)
    for _ in range(2):
        assert requester.get(file_url(released, "labs.txt")).data == LABS
    assert "Downloaded 2 times, first on" in client.get(staff_page).text
