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
from functools import cache
from typing import IO, Any

import sqlalchemy as sa
import xlsxwriter

from records_app import fees, lifecycle, practice, releases
from records_app.extensions import db
from records_app.language import LANGUAGES
from records_app.models import (
    DENIAL_BASES,
    FeeQuote,
    FeeRule,
    FulfilmentMethod,
    RecordsRequest,
    RequesterKind,
    StaffUser,
    Status,
    full_name,
    requester_name,
)

BATCH_SIZE = 1000
# Records went out: fulfilled, including a release whose withheld part is under review.
RELEASED = (Status.FULFILLED, Status.WITHHELD_REVIEW)

# OWASP "CSV injection": a spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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
    Column("Part withheld", 30),
    Column("Format", 12),
    Column("Delivery method", 14),
    Column("Carrier tracking", 18),
    Column("Received", 12),
    Column("Due", 12),
    Column("Fulfilled", 12),
    Column("Days taken", 10),
    Column("Within deadline", 10),
    Column("Fee rule", 30),
    Column("Quoted (USD)", 10),
    Column("Charged (USD)", 10),
    Column("Paid (USD)", 10),
    Column("Waived (USD)", 10),
    Column("Files released", 8),
    Column("Pages released", 8),
    Column("Downloads", 8),
    Column("First downloaded", 12),
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
    # The requester's language: the one their letters and e-mails are written in.
    Column("Language", 10),
)


@dataclass(frozen=True)
class ExportFilters:
    start: date
    end: date
    delivery_method: FulfilmentMethod | None = None
    requester_kind: RequesterKind | None = None


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


@cache
def _dollars(cents: int) -> Decimal:
    """Fees repeat (mostly 0), so each amount is made once per process."""
    return Decimal(cents) / 100


def streamed(statement) -> Iterator:
    """Rows from a server-side cursor, BATCH_SIZE at a time. The cursor is closed as soon as
    the reader stops, even part-way (a download abandoned by the browser), not left open
    until garbage collection after the transaction has ended."""
    with db.session.execute(statement.execution_options(yield_per=BATCH_SIZE)) as result:
        yield from result


def _raw(column):
    """A choice column read as its stored text, skipping the enum conversion per cell."""
    return sa.type_coerce(column, sa.String).label(column.key)


# Only the columns an export shows, read by name from each row: a million-row export spends
# its time per cell, so whole request objects (free text, JSON, every timestamp) cost seconds.
_PERSON_COLUMNS = (
    RecordsRequest.tracking_code,
    RecordsRequest.patient_first_name,
    RecordsRequest.patient_middle_name,
    RecordsRequest.patient_last_name,
    RecordsRequest.date_of_birth,
    _raw(RecordsRequest.requester_kind),
    RecordsRequest.representative_name,
    _raw(RecordsRequest.recipient_kind),
    RecordsRequest.recipient_name,
    RecordsRequest.recipient_organization,
    RecordsRequest.received_at,
    RecordsRequest.due_at,
)
_REQUESTER_LABELS = {kind.value: kind.label for kind in RequesterKind}


def _person_cells(row) -> list[Any]:
    """Tracking code, patient name, date of birth, requester type and requester name."""
    return [
        row.tracking_code,
        full_name(row.patient_first_name, row.patient_middle_name, row.patient_last_name),
        row.date_of_birth,
        _REQUESTER_LABELS[row.requester_kind],
        requester_name(row),
    ]


_RULE_LABELS = {rule.value: str(rule.label) for rule in FeeRule}


def fulfilled_rows(filters: ExportFilters) -> Iterator[list[Any]]:
    """One row per request fulfilled (records sent) between start and end, inclusive, with
    its fee: the rule it came from, and what was quoted, charged, paid and waived."""
    paid = fees.paid_per_quote()
    released, downloads = releases.released_per_request(), releases.downloads_per_request()
    statement = (
        sa.select(
            *_PERSON_COLUMNS,
            RecordsRequest.sent_to,
            RecordsRequest.records_sent,
            RecordsRequest.withheld_description,
            RecordsRequest.withheld_basis,
            _raw(RecordsRequest.record_format),
            _raw(RecordsRequest.fulfilment_method),
            RecordsRequest.carrier_tracking,
            RecordsRequest.sent_on,
            RecordsRequest.fee_cents,
            _raw(FeeQuote.rule),
            FeeQuote.amount_cents.label("quoted_cents"),
            FeeQuote.waived_cents,
            fees.paid_column(paid),
            released.c.files_released,
            released.c.pages_released,
            downloads.c.downloads,
            downloads.c.first_downloaded_at,
            StaffUser.name.label("fulfilled_by"),
        )
        .outerjoin(FeeQuote, FeeQuote.request_id == RecordsRequest.id)
        .outerjoin(paid, paid.c.quote_id == FeeQuote.id)
        .outerjoin(released, released.c.request_id == RecordsRequest.id)
        .outerjoin(downloads, downloads.c.request_id == RecordsRequest.id)
        .outerjoin(StaffUser, StaffUser.id == RecordsRequest.fulfilled_by_id)
        .where(
            RecordsRequest.status.in_(RELEASED),
            RecordsRequest.sent_on.between(filters.start, filters.end),
        )
        .order_by(RecordsRequest.sent_on, RecordsRequest.id)
    )
    if filters.delivery_method:
        statement = statement.where(RecordsRequest.fulfilment_method == filters.delivery_method)
    if filters.requester_kind:
        statement = statement.where(RecordsRequest.requester_kind == filters.requester_kind)
    zone = practice.zone()
    for row in streamed(statement):
        received_on = row.received_at.astimezone(zone).date()
        due_on = row.due_at.astimezone(zone).date()
        yield _person_cells(row) + [
            lifecycle.records_recipient(row),
            row.records_sent or "",
            _withheld(row),
            row.record_format,
            row.fulfilment_method or "",
            row.carrier_tracking or "",
            received_on,
            due_on,
            row.sent_on,
            lifecycle.days_taken(received_on, row.sent_on),
            _yes_no(lifecycle.sent_in_time(row.sent_on, due_on)),
            _RULE_LABELS.get(row.rule, "No fee quoted"),
            _dollars(row.quoted_cents or 0),
            _dollars(row.fee_cents),
            _dollars(row.paid),
            _dollars(row.waived_cents or 0),
            row.files_released or 0,
            row.pages_released or 0,
            row.downloads or 0,
            row.first_downloaded_at.astimezone(zone).date() if row.first_downloaded_at else "",
            row.fulfilled_by or "",
        ]


def _withheld(row) -> str:
    """A partial release shown as such (45 CFR 164.524(d)(1)): the part and its basis."""
    if row.withheld_description is None:
        return ""
    return f"{row.withheld_description} ({DENIAL_BASES[row.withheld_basis].cited})"


def all_request_rows(filters: ExportFilters) -> Iterator[list[Any]]:
    """Every request received between start and end (practice days), whatever its status,
    but spam: it was never a request."""
    statement = (
        sa.select(
            *_PERSON_COLUMNS,
            RecordsRequest.status,
            _raw(RecordsRequest.received_via),
            RecordsRequest.extension_reason.is_not(None).label("extended"),
            RecordsRequest.closed_at,
            RecordsRequest.language,
        )
        .where(
            RecordsRequest.status != Status.SPAM,
            RecordsRequest.received_at >= practice.start_of_day(filters.start),
            RecordsRequest.received_at < practice.start_of_day(filters.end + timedelta(days=1)),
        )
        .order_by(RecordsRequest.received_at, RecordsRequest.id)
    )
    if filters.requester_kind:
        statement = statement.where(RecordsRequest.requester_kind == filters.requester_kind)
    zone = practice.zone()
    for row in streamed(statement):
        cells = _person_cells(row)
        cells.insert(1, row.status.label)
        yield cells + [
            lifecycle.requested_recipient(row),
            row.received_at.astimezone(zone).date(),
            row.received_via,
            row.due_at.astimezone(zone).date(),
            _yes_no(bool(row.extended)),
            row.closed_at.astimezone(zone).date() if row.closed_at else None,
            LANGUAGES[row.language],
        ]


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_text(value: Any) -> str:
    """Any cell but text (text is handled inline in csv_chunks, being most cells)."""
    if value is None:
        return ""
    kind = type(value)
    if kind is date or kind is datetime:
        return value.isoformat()
    if kind is Decimal:
        return f"{value:.2f}"
    return str(neutralise(value))


CSV_ROWS_PER_CHUNK = 200


def csv_chunks(columns: Iterable[Column], rows: Iterable[list[Any]]) -> Iterator[str]:
    """RFC 4180 CSV (CRLF line ends, quoted where needed), UTF-8 with a byte-order mark so
    that Excel reads accents right. Rows are written one at a time and handed on every
    CSV_ROWS_PER_CHUNK rows, so memory stays flat and the writes stay few."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([column.title for column in columns])
    yield "\ufeff" + take()
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            [
                ("'" + value if value.startswith(FORMULA_TRIGGERS) else value)
                if type(value) is str
                else _csv_text(value)
                for value in row
            ]
        )
        if count % CSV_ROWS_PER_CHUNK == 0:
            yield take()
    if text := take():
        yield text


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
