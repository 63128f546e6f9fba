"""Row generators and CSV/XLSX writers for the exports, shared by the staff pages and the CLI.

Rows come from the database cursor in batches and go out one at a time, so an export of a
million requests needs no more memory than one of a hundred.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import IO, Any

import sqlalchemy as sa
import xlsxwriter

from . import practice
from .extensions import db
from .models import (
    FulfilmentMethod,
    RecordsRequest,
    RequesterKind,
    StaffUser,
    Status,
)

BATCH_SIZE = 1000

# OWASP "CSV injection": a spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

REQUESTER_LABELS = {
    RequesterKind.PATIENT: "Patient",
    RequesterKind.REPRESENTATIVE: "Personal representative",
}


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 14


FULFILLED_COLUMNS = (
    Column("Tracking code", 15),
    Column("Patient name", 24),
    Column("Date of birth", 12),
    Column("Requester type", 22),
    Column("Requester name", 24),
    Column("Recipient", 30),
    Column("Records sent", 30),
    Column("Format", 12),
    Column("Delivery method", 14),
    Column("Carrier tracking", 18),
    Column("Received", 12),
    Column("Due", 12),
    Column("Fulfilled", 12),
    Column("Days taken", 10),
    Column("Within deadline", 10),
    Column("Fee (USD)", 10),
    Column("Fulfilled by", 20),
)

ALL_REQUEST_COLUMNS = (
    Column("Tracking code", 15),
    Column("Status", 14),
    Column("Patient name", 24),
    Column("Date of birth", 12),
    Column("Requester type", 22),
    Column("Requester name", 24),
    Column("Recipient", 30),
    Column("Received", 12),
    Column("Received via", 12),
    Column("Due", 12),
    Column("Extended", 10),
    Column("Closed", 12),
)


@dataclass(frozen=True)
class ExportFilters:
    start: date
    end: date
    delivery_method: FulfilmentMethod | None = None
    requester_kind: RequesterKind | None = None


def _requester_name(request: RecordsRequest) -> str:
    if request.requester_kind == RequesterKind.REPRESENTATIVE:
        return request.representative_name or ""
    return request.patient_full_name


def _recipient(request: RecordsRequest) -> str:
    if request.sent_to:
        return request.sent_to
    parts = (request.recipient_name, request.recipient_organization)
    return ", ".join(part for part in parts if part) or request.patient_full_name


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _streamed(statement) -> Iterator:
    """Rows from a server-side cursor, BATCH_SIZE at a time."""
    yield from db.session.execute(statement.execution_options(yield_per=BATCH_SIZE))


def fulfilled_rows(filters: ExportFilters) -> Iterator[list[Any]]:
    """One row per request fulfilled (records sent) between start and end, inclusive."""
    statement = (
        sa.select(RecordsRequest, StaffUser.name)
        .outerjoin(StaffUser, StaffUser.id == RecordsRequest.fulfilled_by_id)
        .where(
            RecordsRequest.status == Status.FULFILLED,
            RecordsRequest.sent_on.between(filters.start, filters.end),
        )
        .order_by(RecordsRequest.sent_on, RecordsRequest.id)
    )
    if filters.delivery_method:
        statement = statement.where(RecordsRequest.fulfilment_method == filters.delivery_method)
    if filters.requester_kind:
        statement = statement.where(RecordsRequest.requester_kind == filters.requester_kind)
    for request, fulfilled_by in _streamed(statement):
        received_on = practice.local_date(request.received_at)
        due_on = practice.local_date(request.due_at)
        yield [
            request.tracking_code,
            request.patient_full_name,
            request.date_of_birth,
            REQUESTER_LABELS[request.requester_kind],
            _requester_name(request),
            _recipient(request),
            request.records_sent or "",
            request.record_format.value,
            request.fulfilment_method.value if request.fulfilment_method else "",
            request.carrier_tracking or "",
            received_on,
            due_on,
            request.sent_on,
            (request.sent_on - received_on).days,
            _yes_no(request.sent_on <= due_on),
            Decimal(request.fee_cents) / 100,
            fulfilled_by or "",
        ]


def all_request_rows(filters: ExportFilters) -> Iterator[list[Any]]:
    """Every request received between start and end (practice days), whatever its status."""
    statement = (
        sa.select(RecordsRequest)
        .where(
            RecordsRequest.received_at >= practice.start_of_day(filters.start),
            RecordsRequest.received_at < practice.start_of_day(filters.end + timedelta(days=1)),
        )
        .order_by(RecordsRequest.received_at, RecordsRequest.id)
    )
    if filters.requester_kind:
        statement = statement.where(RecordsRequest.requester_kind == filters.requester_kind)
    for (request,) in _streamed(statement):
        yield [
            request.tracking_code,
            request.status.label,
            request.patient_full_name,
            request.date_of_birth,
            REQUESTER_LABELS[request.requester_kind],
            _requester_name(request),
            _recipient(request),
            practice.local_date(request.received_at),
            request.received_via.value,
            practice.local_date(request.due_at),
            _yes_no(request.is_extended),
            practice.local_date(request.closed_at) if request.closed_at else None,
        ]


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(neutralise(value))


def csv_chunks(columns: Iterable[Column], rows: Iterable[list[Any]]) -> Iterator[str]:
    """RFC 4180 CSV (CRLF line ends, quoted where needed), UTF-8 with a byte-order mark so
    that Excel reads accents right, one row per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([column.title for column in columns])
    yield "\ufeff" + take()
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
        yield take()


def write_xlsx(output: IO[bytes], columns: tuple[Column, ...], rows: Iterable[list[Any]]) -> int:
    """An XLSX workbook with typed date and number cells and a frozen header row.

    XlsxWriter's constant_memory mode flushes each row to a temporary file as it goes.
    Returns the number of data rows written.
    """
    workbook = xlsxwriter.Workbook(
        output, {"constant_memory": True, "in_memory": False, "strings_to_formulas": False}
    )
    sheet = workbook.add_worksheet("Export")
    header = workbook.add_format({"bold": True, "bg_color": "#E5E7EB", "border": 1})
    date_cell = workbook.add_format({"num_format": "yyyy-mm-dd"})
    money_cell = workbook.add_format({"num_format": "0.00"})
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, column.title, header)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            _write_cell(sheet, count, index, value, date_cell, money_cell)
    workbook.close()
    return count


def _write_cell(sheet, row: int, column: int, value: Any, date_cell, money_cell) -> None:
    if value is None:
        sheet.write_blank(row, column, None)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, datetime(value.year, value.month, value.day), date_cell)
    elif isinstance(value, Decimal):
        sheet.write_number(row, column, float(value), money_cell)
    elif isinstance(value, int):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, neutralise(value))


def file_name(kind: str, filters: ExportFilters, extension: str) -> str:
    return f"{kind}-{filters.start.isoformat()}-to-{filters.end.isoformat()}.{extension}"


@dataclass(frozen=True)
class ExportKind:
    columns: tuple[Column, ...]
    rows: Callable[[ExportFilters], Iterator[list[Any]]]


EXPORT_KINDS = {
    "fulfilled": ExportKind(FULFILLED_COLUMNS, fulfilled_rows),
    "all-requests": ExportKind(ALL_REQUEST_COLUMNS, all_request_rows),
}


class RowCounter:
    """Passes rows through and counts them, for the audit record written after an export."""

    def __init__(self, rows: Iterable[list[Any]]):
        self._rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[list[Any]]:
        for row in self._rows:
            self.count += 1
            yield row


def audit_details(kind: str, filters: ExportFilters, file_format: str, rows: int) -> dict:
    """What the audit trail keeps about an export: its shape, never its contents."""
    return {
        "kind": kind,
        "from": filters.start.isoformat(),
        "to": filters.end.isoformat(),
        "format": file_format,
        "rows": rows,
        "delivery_method": filters.delivery_method.value if filters.delivery_method else None,
        "requester_kind": filters.requester_kind.value if filters.requester_kind else None,
    }
