"""The fulfilled-list and all-requests exports, through records_app.exports."""

import csv
import inspect
import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import event

from records_app import exports, lifecycle, practice
from records_app.exports import ExportFilters
from records_app.extensions import db
from records_app.models import FulfilmentMethod, RequesterKind
from tests.support.clock import days_ago

HOSTILE_VALUES = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def this_month() -> ExportFilters:
    today = practice.today()
    return ExportFilters(start=today - timedelta(days=30), end=today)


def parsed_csv(columns, rows) -> list[list[str]]:
    text = "".join(exports.csv_chunks(columns, rows))
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_fulfilled_row_has_every_column_for_an_extended_request_with_a_fee(
    hard_hour, make_request, fulfil
):
    request = make_request(received_at=days_ago(25))
    lifecycle.extend(
        request,
        fulfil.clerk,
        request.version,
        new_due_on=lifecycle.due_date(request) + timedelta(days=20),
        reason="Records in off-site storage",
    )
    db.session.commit()
    fulfil(request, sent_days_ago=5, fee_cents=650, carrier_tracking="9400 1000 0000 0000")

    [header, row] = parsed_csv(exports.FULFILLED_COLUMNS, exports.fulfilled_rows(this_month()))

    received_on = practice.local_date(request.received_at)
    sent_on = practice.today() - timedelta(days=5)
    assert dict(zip(header, row, strict=True)) == {
        "Tracking code": request.tracking_code,
        "Patient name": "Margaret Ann Holloway",
        "Date of birth": "1951-04-17",
        "Requester type": "Patient",
        "Requester name": "Margaret Ann Holloway",
        "Recipient": "Margaret Holloway",
        "Records sent": "All records, 12 pages",
        "Part withheld": "",
        "Format": "paper",
        "Delivery method": "mail",
        "Carrier tracking": "9400 1000 0000 0000",
        "Received": received_on.isoformat(),
        "Due": (received_on + timedelta(days=50)).isoformat(),
        "Fulfilled": sent_on.isoformat(),
        "Days taken": str((sent_on - received_on).days),
        "Within deadline": "yes",
        "Fee rule": "Patient's own records: actual cost",
        "Quoted (USD)": "6.50",
        "Charged (USD)": "6.50",
        "Paid (USD)": "0.00",
        "Waived (USD)": "0.00",
        "Files released": "0",
        "Pages released": "0",
        "Downloads": "0",
        "First downloaded": "",
        "Fulfilled by": "Frankie Fulfiller",
    }


def test_late_fulfilment_is_marked_outside_the_deadline(hard_hour, make_request, fulfil):
    fulfil(make_request(received_at=days_ago(45)), sent_days_ago=1)
    [row] = list(exports.fulfilled_rows(this_month()))
    assert row[exports.FULFILLED_COLUMNS.index(exports.Column("Within deadline", 10))] == "no"


def test_range_includes_both_end_dates_and_nothing_outside(hard_hour, make_request, fulfil):
    sent = {
        days: fulfil(make_request(received_at=days_ago(60)), sent_days_ago=days)
        for days in (1, 2, 10, 11)
    }
    today = practice.today()
    filters = ExportFilters(start=today - timedelta(days=10), end=today - timedelta(days=2))
    codes = [row[0] for row in exports.fulfilled_rows(filters)]
    assert codes == [sent[10].tracking_code, sent[2].tracking_code]


def test_open_requests_are_not_in_the_fulfilled_list(make_request, fulfil):
    make_request(received_at=days_ago(3))
    assert list(exports.fulfilled_rows(this_month())) == []


def test_filters_by_delivery_method_and_requester_type(make_request, fulfil):
    mailed = fulfil(make_request(received_at=days_ago(9)), method=FulfilmentMethod.MAIL)
    faxed = fulfil(
        make_request(
            received_at=days_ago(9),
            requester_kind=RequesterKind.REPRESENTATIVE,
            representative_name="Ruth Holloway",
        ),
        method=FulfilmentMethod.FAX,
    )
    base = this_month()
    by_method = ExportFilters(base.start, base.end, delivery_method=FulfilmentMethod.MAIL)
    by_kind = ExportFilters(base.start, base.end, requester_kind=RequesterKind.REPRESENTATIVE)
    assert [row[0] for row in exports.fulfilled_rows(by_method)] == [mailed.tracking_code]
    assert [row[0] for row in exports.fulfilled_rows(by_kind)] == [faxed.tracking_code]


@pytest.mark.parametrize("hostile", HOSTILE_VALUES)
def test_csv_neutralises_formulas(hostile, make_request, fulfil):
    fulfil(make_request(received_at=days_ago(5), patient_first_name=hostile))
    [_header, row] = parsed_csv(exports.FULFILLED_COLUMNS, exports.fulfilled_rows(this_month()))
    assert row[1].startswith("'" + hostile[0])


@pytest.mark.parametrize("hostile", HOSTILE_VALUES)
def test_xlsx_neutralises_formulas(hostile, make_request, fulfil, tmp_path):
    fulfil(make_request(received_at=days_ago(5), patient_first_name=hostile))
    path = tmp_path / "export.xlsx"
    with path.open("wb") as output:
        exports.write_xlsx(output, exports.FULFILLED_COLUMNS, exports.fulfilled_rows(this_month()))
    cell = openpyxl.load_workbook(path).active["B2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'")


def test_xlsx_has_typed_dates_numbers_and_a_frozen_header(make_request, fulfil, tmp_path):
    fulfil(make_request(received_at=days_ago(8)), sent_days_ago=2, fee_cents=1250)
    path = tmp_path / "export.xlsx"
    with path.open("wb") as output:
        written = exports.write_xlsx(
            output, exports.FULFILLED_COLUMNS, exports.fulfilled_rows(this_month())
        )
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
    assert written == 1
    assert sheet.freeze_panes == "A2"
    assert row["Fulfilled"].date() == practice.today() - timedelta(days=2)
    assert row["Date of birth"].date().isoformat() == "1951-04-17"
    assert row["Charged (USD)"] == 12.5
    assert row["Days taken"] == 6


def test_csv_is_rfc_4180_with_crlf_and_quoting(make_request, fulfil):
    fulfil(make_request(received_at=days_ago(4)), records_sent='Notes, "labs"\nand imaging')
    text = "".join(
        exports.csv_chunks(exports.FULFILLED_COLUMNS, exports.fulfilled_rows(this_month()))
    )
    assert text.count("\r\n") == 2
    assert '"Notes, ""labs""' in text


def test_export_streams_from_the_database_in_batches(make_request, fulfil, monkeypatch):
    """More rows than one batch come through a generator fed by a yield_per cursor: memory
    is bounded by the batch, not the row count."""
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)
    for _ in range(5):
        fulfil(make_request(received_at=days_ago(3)))
    seen_options = []
    event.listen(
        db.session,
        "do_orm_execute",
        lambda state: seen_options.append(state.execution_options.get("yield_per")),
    )
    rows = exports.fulfilled_rows(this_month())
    assert inspect.isgenerator(rows)
    assert len(list(rows)) == 5
    assert 2 in seen_options


def test_all_requests_export_covers_every_status_received_in_range(make_request, fulfil):
    fulfilled = fulfil(make_request(received_at=days_ago(6)))
    still_open = make_request(received_at=days_ago(2))
    make_request(received_at=days_ago(45))
    rows = list(exports.all_request_rows(this_month()))
    assert [(row[0], row[1]) for row in rows] == [
        (fulfilled.tracking_code, "Sent"),
        (still_open.tracking_code, "Received"),
    ]


def test_file_name_carries_the_date_range():
    filters = ExportFilters(start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert exports.file_name("fulfilled", filters, "csv") == (
        "fulfilled-2026-01-01-to-2026-03-31.csv"
    )


def test_fee_is_exported_as_an_exact_decimal(make_request, fulfil):
    fulfil(make_request(received_at=days_ago(4)), fee_cents=1999)
    [row] = list(exports.fulfilled_rows(this_month()))
    assert row[exports.FULFILLED_COLUMNS.index(exports.Column("Charged (USD)", 10))] == Decimal(
        "19.99"
    )
