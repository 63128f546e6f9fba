"""The export page through HTTP: the file in each format, the filters, the audit row, the
refusal of a range that cannot be used, and the sign-in wall. What goes in each row is
tested in test_exports.py; these tests check that the page delivers it."""

import csv
import io
import re
import tempfile
from datetime import date, timedelta

import openpyxl
import pytest
import sqlalchemy as sa

from records_app import exports, practice
from records_app.exports import ExportFilters
from records_app.extensions import db
from records_app.models import AuditEvent, FulfilmentMethod, RequesterKind
from records_app.staff.report_views import csv_export_chunks
from tests.support.clock import days_ago
from tests.support.forms import csrf_token_from, post_form
from tests.support.pages import input_value

EXPORT = "/staff/export"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def last_30_days() -> tuple[str, str]:
    today = practice.today()
    return (today - timedelta(days=30)).isoformat(), today.isoformat()


def export_answers(**overrides) -> dict:
    """What the form sends for the fulfilled list of the last 30 days as CSV."""
    start, end = last_30_days()
    answers = {
        "kind": "fulfilled",
        "date_from": start,
        "date_to": end,
        "file_format": "csv",
        "delivery_method": "",
        "requester_kind": "",
    }
    answers.update(overrides)
    return answers


@pytest.fixture
def download(client, signed_in_staff):
    """Sends the export form as a browser does; the body is read and the response closed."""

    def download(**overrides):
        return post_form(client, EXPORT, export_answers(**overrides), buffered=True)

    return download


@pytest.fixture
def known_requests(make_request, fulfil):
    """Two fulfilled in the last 30 days (one asked for by a representative and faxed), one
    fulfilled before the range, one still open."""
    mailed = fulfil(make_request(received_at=days_ago(20)), sent_days_ago=5, fee_cents=650)
    faxed = fulfil(
        make_request(
            received_at=days_ago(12),
            requester_kind=RequesterKind.REPRESENTATIVE,
            representative_name="Ruth Holloway",
            patient_first_name="Eleanor",
        ),
        sent_days_ago=2,
        method=FulfilmentMethod.FAX,
    )
    fulfil(make_request(received_at=days_ago(70)), sent_days_ago=45)
    still_open = make_request(received_at=days_ago(1))
    return {"mailed": mailed, "faxed": faxed, "open": still_open}


def csv_records(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def xlsx_records(response) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def export_audit_rows() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action.startswith("export."))
            .order_by(AuditEvent.id)
        )
    )


def test_export_page_offers_the_month_so_far(client, signed_in_staff):
    today = practice.today()
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert input_value(response.text, "date_from") == today.replace(day=1).isoformat()
    assert input_value(response.text, "date_to") == today.isoformat()


def test_csv_download_lists_the_requests_fulfilled_in_the_range(download, known_requests):
    response = download()

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    start, end = last_30_days()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="fulfilled-{start}-to-{end}.csv"'
    )
    records = csv_records(response)
    assert [
        (row["Tracking code"], row["Patient name"], row["Charged (USD)"]) for row in records
    ] == [
        (known_requests["mailed"].tracking_code, "Margaret Ann Holloway", "6.50"),
        (known_requests["faxed"].tracking_code, "Eleanor Ann Holloway", "0.00"),
    ]
    assert records[0]["Fulfilled"] == (practice.today() - timedelta(days=5)).isoformat()


def test_all_requests_download_covers_every_status(download, known_requests):
    records = csv_records(download(kind="all-requests"))
    assert [(row["Tracking code"], row["Status"]) for row in records] == [
        (known_requests["mailed"].tracking_code, "Sent"),
        (known_requests["faxed"].tracking_code, "Sent"),
        (known_requests["open"].tracking_code, "Received"),
    ]


def test_xlsx_download_opens_as_a_workbook(download, known_requests):
    response = download(file_format="xlsx")

    assert response.status_code == 200
    assert response.mimetype == XLSX_MIMETYPE
    assert "fulfilled-" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].endswith(".xlsx")
    records = xlsx_records(response)
    assert [row["Tracking code"] for row in records] == [
        known_requests["mailed"].tracking_code,
        known_requests["faxed"].tracking_code,
    ]
    assert records[0]["Charged (USD)"] == 6.5


def test_xlsx_temporary_file_is_deleted_after_the_download(
    download, known_requests, tmp_path, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert download(file_format="xlsx").status_code == 200
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"delivery_method": "fax"}, ["faxed"]),
        ({"delivery_method": "mail"}, ["mailed"]),
        ({"requester_kind": "representative"}, ["faxed"]),
        ({"requester_kind": "patient"}, ["mailed"]),
        ({"kind": "all-requests", "requester_kind": "patient"}, ["mailed", "open"]),
    ],
)
def test_filters_reach_the_export(filters, expected, download, known_requests):
    records = csv_records(download(**filters))
    assert [row["Tracking code"] for row in records] == [
        known_requests[name].tracking_code for name in expected
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_is_audited_with_its_row_count_and_no_patient_details(
    file_format, download, known_requests, signed_in_staff
):
    download(file_format=file_format, delivery_method="mail")

    [event] = export_audit_rows()
    start, end = last_30_days()
    assert (event.action, event.actor_id, event.ip_address) == (
        "export.fulfilled",
        signed_in_staff.id,
        "127.0.0.1",
    )
    assert event.details == {
        "kind": "fulfilled",
        "from": start,
        "to": end,
        "format": file_format,
        "rows": 1,
        "delivery_method": "mail",
        "requester_kind": None,
    }


def test_csv_is_streamed_and_audited_once_the_last_row_is_sent(
    client, signed_in_staff, fulfil, make_request
):
    """No Content-Length: the body is sent as it is written, not built first."""
    fulfil(make_request(received_at=days_ago(3)))
    page = client.get(EXPORT)
    answers = {"csrf_token": csrf_token_from(page.text), **export_answers()}
    with client.post(EXPORT, data=answers) as response:
        assert "Content-Length" not in response.headers
        assert len(csv_records(response)) == 1
    assert [event.details["rows"] for event in export_audit_rows()] == [1]


def test_an_abandoned_csv_download_is_still_audited_with_the_rows_sent(
    app, signed_in_staff, fulfil, make_request, monkeypatch
):
    """A browser that stops reading part-way: the stream is closed after the header and one
    row, as a WSGI server closes it, and the cursor is let go before the audit row commits."""
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)
    monkeypatch.setattr(exports, "CSV_ROWS_PER_CHUNK", 1)
    for _ in range(5):
        fulfil(make_request(received_at=days_ago(3)))
    start, end = (date.fromisoformat(day) for day in last_30_days())
    with app.test_request_context(EXPORT, method="POST"):
        chunks = csv_export_chunks("fulfilled", ExportFilters(start, end), signed_in_staff.id)
        next(chunks), next(chunks)
        chunks.close()
    assert [event.details["rows"] for event in export_audit_rows()] == [1]


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"date_from": "2026-03-01", "date_to": "2026-02-28"}, "date_to", "before the first day"),
        ({"date_from": ""}, "date_from", "Enter the first day of the range."),
        ({"date_to": ""}, "date_to", "Enter the last day of the range."),
        ({"date_from": "2026-02-30"}, "date_from", "Not a valid date value."),
        ({"date_from": "2012-01-01", "date_to": "2022-06-30"}, "date_to", "at most 10 years"),
        ({"date_from": "2199-12-01", "date_to": "2199-12-31"}, "date_from", "after today"),
        ({"date_to": "9999-12-31"}, "date_to", "Enter a date between 1800 and 2199."),
        ({"kind": "all-requests", "delivery_method": "fax"}, "delivery_method", "Only fulfilled"),
        ({"kind": "everything"}, "kind", "Not a valid choice"),
        ({"file_format": "pdf"}, "file_format", "Not a valid choice"),
        ({"delivery_method": " "}, "delivery_method", "Not a valid choice"),
        ({"requester_kind": " "}, "requester_kind", "Not a valid choice"),
    ],
)
def test_a_range_or_choice_that_cannot_be_used_is_told_beside_the_field(
    answers, field, message, download, known_requests
):
    response = download(**answers)

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert f'<p class="field-error" id="{field}-error">' in response.text
    assert message in response.text
    assert export_audit_rows() == []


def test_a_refused_range_keeps_the_other_answers(download):
    response = download(date_to="2000-01-01", requester_kind="representative", file_format="xlsx")
    assert '<option selected value="representative">' in response.text
    assert re.search(r'<input checked [^>]*name="file_format"[^>]* value="xlsx"', response.text)


def test_export_without_csrf_is_refused(client, signed_in_staff, known_requests):
    response = client.post(EXPORT, data=export_answers())
    assert response.status_code == 400
    assert export_audit_rows() == []


def test_export_needs_sign_in(client, known_requests):
    page = client.get("/staff/sign-in")
    answers = {"csrf_token": csrf_token_from(page.text), **export_answers()}
    for response in (client.get(EXPORT), client.post(EXPORT, data=answers)):
        assert response.status_code == 302
        assert "/staff/sign-in" in response.headers["Location"]
    assert export_audit_rows() == []
