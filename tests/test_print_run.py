"""The day's print run: today's postal letters in one PDF, their Avery 5160 address labels,
and marking the run mailed, which records on each letter when it went out. The PDFs are
read back with pypdf."""

import io
import re

import sqlalchemy as sa
import time_machine
from pypdf import PdfReader

from records_app.extensions import db
from records_app.lifecycle import Action
from records_app.models import Letter, LetterKind
from tests.support.clock import days_ago
from tests.support.factories import act
from tests.support.forms import post_form
from tests.support.pdf import pdf_text


def start_run(client):
    response = post_form(client, "/staff/print-runs", {}, follow_redirects=True)
    run_id = re.search(r"<h1>Print run (\d+)</h1>", response.text).group(1)
    return response, run_id


def test_todays_postal_letters_wait_for_the_print_run(desk, make_request):
    with time_machine.travel(days_ago(1), tick=False):
        yesterdays = make_request()
    with_address = make_request()
    without_address = make_request(address_street=None, address_city=None, address_zip=None)

    page = desk.client.get("/staff/print-runs").text

    assert with_address.tracking_code in page
    assert without_address.tracking_code not in page
    assert yesterdays.tracking_code not in page
    assert "Prepare a print run of these letters (1)" in page
    assert LetterKind.AUTHORIZATION.label not in page


def test_a_request_marked_as_spam_has_no_letter_in_the_print_run(
    desk, make_request, signed_in_staff
):
    spam = make_request()
    act(spam, Action.MARK_SPAM, signed_in_staff)

    page = desk.client.get("/staff/print-runs").text

    assert spam.tracking_code not in page


def test_the_letters_pdf_holds_each_letter_whole_in_order(desk, make_request):
    first = make_request()
    second = make_request(patient_first_name="Rosa", signature_name="Rosa Ann Holloway")

    _page, run_id = start_run(desk.client)
    response = desk.client.get(f"/staff/print-runs/{run_id}/letters.pdf")

    assert response.headers["Content-Type"] == "application/pdf"
    combined = PdfReader(io.BytesIO(response.data))
    letters = db.session.scalars(
        sa.select(Letter).where(Letter.kind == LetterKind.ACKNOWLEDGEMENT).order_by(Letter.id)
    ).all()
    kept = [PdfReader(io.BytesIO(letter.content)) for letter in letters]
    assert len(combined.pages) == sum(len(letter.pages) for letter in kept)
    text = pdf_text(response.data)
    assert text.index(first.tracking_code) < text.index(second.tracking_code)
    assert "1420 SE Alder St" in text and "Portland, OR 97214" in text


def test_the_labels_are_an_avery_5160_sheet_with_each_address(desk, make_requests):
    make_requests(31, received_at=days_ago(0))

    _page, run_id = start_run(desk.client)
    response = desk.client.get(f"/staff/print-runs/{run_id}/labels.pdf")

    sheet = PdfReader(io.BytesIO(response.data))
    assert len(sheet.pages) == 2
    assert (float(sheet.pages[0].mediabox.width), float(sheet.pages[0].mediabox.height)) == (
        612,
        792,
    )
    first_sheet = " ".join(sheet.pages[0].extract_text().split())
    assert first_sheet.count("Margaret Ann Holloway 1420 SE Alder St Portland, OR 97214") == 30
    assert sheet.pages[1].extract_text().count("Margaret Ann Holloway") == 1


def test_marking_the_run_mailed_records_when_each_letter_went_out(desk, make_request):
    records_request = make_request()
    _page, run_id = start_run(desk.client)

    response = post_form(
        desk.client,
        f"/staff/print-runs/{run_id}/mailed",
        {},
        form_page=f"/staff/print-runs/{run_id}",
        follow_redirects=True,
    )

    assert "Marked mailed: 1 letter." in response.text
    (letter,) = db.session.scalars(
        sa.select(Letter).where(Letter.kind == LetterKind.ACKNOWLEDGEMENT)
    ).all()
    assert letter.mailed_at is not None
    assert "mailed June 17, 2026" in desk.page(records_request).text


def test_a_letter_goes_into_one_print_run_only(desk, make_request):
    make_request()
    start_run(desk.client)

    page = desk.client.get("/staff/print-runs").text
    refused = post_form(desk.client, "/staff/print-runs", {}, follow_redirects=True)

    assert "No letter written today waits to be posted." in page
    assert "No letter written today waits to be posted." in refused.text


def test_a_run_is_marked_mailed_once(desk, make_request):
    make_request()
    _page, run_id = start_run(desk.client)
    mailed = f"/staff/print-runs/{run_id}/mailed"
    post_form(desk.client, mailed, {}, form_page=f"/staff/print-runs/{run_id}")

    again = post_form(desk.client, mailed, {}, form_page="/staff/print-runs", follow_redirects=True)

    assert "already marked mailed" in again.text
