"""The staff queue: which requests to show, in what order, a page at a time.

Requests are ordered by legal deadline (45 CFR 164.524(b)(2): 30 days from receipt), oldest
first, with the id breaking ties. Pages are cut with a keyset on (due_at, id) rather than
OFFSET, so that page 2,000 costs what page 1 does at a million rows; the index
ix_records_request_queue (status, due_at, id) serves these queries. Overdue is the lifecycle's
rule (`lifecycle.overdue_condition`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa

from records_app import lifecycle, practice
from records_app.crypto.keyring import lookup
from records_app.extensions import db
from records_app.models import MAX_ID, OPEN_STATUSES, RecordsRequest, RequestStatusCount, Status

PAGE_SIZE = 50
# Beyond this many overdue requests the queue says "more than 1,000 overdue".
OVERDUE_COUNTED_UP_TO = 1000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SORT_KEY = (RecordsRequest.due_at, RecordsRequest.id)
# What the queue's table shows (templates/staff/queue.html), and nothing else: most of a
# request is sealed, and opening every field of fifty rows was a quarter of the page's time.
# Any other attribute raises instead of quietly loading row by row.
_LISTED = sa.orm.load_only(
    RecordsRequest.tracking_code,
    RecordsRequest.patient_first_name,
    RecordsRequest.patient_middle_name,
    RecordsRequest.patient_last_name,
    RecordsRequest.date_of_birth,
    RecordsRequest.requester_kind,
    RecordsRequest.representative_authority,
    RecordsRequest.language,
    RecordsRequest.status,
    RecordsRequest.version,
    RecordsRequest.received_at,
    RecordsRequest.due_at,
    RecordsRequest.similar_to_id,
    raiseload=True,
)


class Assignment(StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class QueueFilters:
    """What the staff member asked to see; the defaults are the working queue."""

    statuses: Sequence[Status] = OPEN_STATUSES
    overdue_only: bool = False
    received_from: date | None = None
    received_to: date | None = None
    assignment: Assignment | None = None
    viewer_id: int | None = None


@dataclass(frozen=True)
class Search:
    """Patient identifiers typed by staff: protected health information, so they travel in
    POST bodies only. Each given term must match exactly; any status is searched."""

    tracking_code: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None

    def is_empty(self) -> bool:
        return not (self.tracking_code or self.last_name or self.date_of_birth)


@dataclass(frozen=True)
class Cursor:
    """A position in the sort order: the (due_at, id) of a row at a page's edge."""

    due_at: datetime
    request_id: int

    def encode(self) -> str:
        return f"{(self.due_at - _EPOCH) // timedelta(microseconds=1)}_{self.request_id}"

    @classmethod
    def decode(cls, text: str | None) -> "Cursor | None":
        """The cursor written by `encode`, or None for anything else (a hand-edited URL)."""
        microseconds, _, request_id = (text or "").partition("_")
        if not (microseconds.lstrip("-").isdigit() and request_id.isdigit()):
            return None
        if int(request_id) > MAX_ID:
            return None
        try:
            due_at = _EPOCH + timedelta(microseconds=int(microseconds))
        except OverflowError:
            return None
        return cls(due_at, int(request_id))

    @classmethod
    def of(cls, records_request: RecordsRequest) -> "Cursor":
        return cls(records_request.due_at, records_request.id)


@dataclass(frozen=True)
class QueuePage:
    rows: list[RecordsRequest] = field(default_factory=list)
    previous: Cursor | None = None
    next: Cursor | None = None


def queue_page(
    filters: QueueFilters,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> QueuePage:
    statuses = filters.statuses or OPEN_STATUSES
    if filters.overdue_only:
        statuses = [status for status in statuses if status in OPEN_STATUSES]
    if not statuses:
        return QueuePage()
    return _page(
        _filter_conditions(filters), statuses=statuses, after=after, before=before, size=size
    )


def search_page(
    search: Search,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> QueuePage:
    return _page(_search_conditions(search), after=after, before=before, size=size)


def status_counts(statuses: Sequence[Status]) -> dict[Status, int]:
    """How many requests are in each of these statuses, zero included: read from the
    counts the lifecycle keeps (`lifecycle.recount`), not counted from the requests."""
    rows = db.session.execute(
        sa.select(RequestStatusCount.status, RequestStatusCount.count).where(
            RequestStatusCount.status.in_(statuses)
        )
    )
    return dict.fromkeys(statuses, 0) | dict(rows.all())


@dataclass(frozen=True)
class OverdueCount:
    """How many requests are overdue, exact up to `up_to`; beyond it, only that there are
    more than `up_to`."""

    counted: int
    up_to: int

    @property
    def beyond(self) -> bool:
        return self.counted > self.up_to


def overdue_count() -> OverdueCount:
    """Open requests due before today, counted up to OVERDUE_COUNTED_UP_TO. Being overdue
    changes with the date alone, so no step can keep this count; the query reads
    ix_records_request_queue, and the limit stops it one entry past OVERDUE_COUNTED_UP_TO
    instead of reading every overdue request on each view of the queue."""
    up_to = OVERDUE_COUNTED_UP_TO
    overdue = (
        sa.select(RecordsRequest.id)
        .where(lifecycle.overdue_condition())
        .limit(up_to + 1)
        .subquery()
    )
    return OverdueCount(db.session.scalar(sa.select(sa.func.count()).select_from(overdue)), up_to)


def _filter_conditions(filters: QueueFilters) -> list:
    """Everything but the status, which `_fetch` applies one status at a time."""
    conditions = []
    if filters.overdue_only:
        conditions.append(lifecycle.overdue_condition())
    if filters.received_from:
        conditions.append(
            RecordsRequest.received_at >= practice.start_of_day(filters.received_from)
        )
    if filters.received_to:
        day_after = filters.received_to + timedelta(days=1)
        conditions.append(RecordsRequest.received_at < practice.start_of_day(day_after))
    if filters.assignment == Assignment.MINE:
        conditions.append(RecordsRequest.assigned_to_id == filters.viewer_id)
    elif filters.assignment == Assignment.UNASSIGNED:
        conditions.append(RecordsRequest.assigned_to_id.is_(None))
    return conditions


def _search_conditions(search: Search) -> list:
    if search.is_empty():
        return [sa.false()]
    conditions = []
    # Exact matches through the keyed hashes: the columns themselves are encrypted.
    if search.tracking_code:
        code = lookup("tracking_code", search.tracking_code)
        conditions.append(RecordsRequest.tracking_code_lookup == code)
    if search.last_name:
        last_name = lookup("patient_last_name", search.last_name)
        conditions.append(RecordsRequest.patient_last_name_lookup == last_name)
    if search.date_of_birth:
        birth = lookup("date_of_birth", search.date_of_birth)
        conditions.append(RecordsRequest.date_of_birth_lookup == birth)
    return conditions


def _page(
    conditions: list,
    *,
    statuses: Sequence[Status] | None = None,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int,
    last: bool = False,
) -> QueuePage:
    """The page after `after`, or before `before`, or the last page, or else the first.
    Backwards pages are read in reverse order and turned around; one extra row tells
    whether there is more that way. A cursor whose neighbours have since gone (closed, or
    no longer matching) leads to the nearest end instead of an empty page."""
    key = sa.tuple_(*_SORT_KEY)
    backwards = before is not None or last
    bounded = list(conditions)
    if before is not None:
        bounded.append(key < sa.tuple_(*_bind(before)))
    elif after is not None:
        bounded.append(key > sa.tuple_(*_bind(after)))
    order = [column.desc() for column in _SORT_KEY] if backwards else list(_SORT_KEY)
    rows = _fetch(bounded, statuses, order, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_previous, has_next = more, before is not None
    else:
        has_previous, has_next = after is not None, more
    if not rows and (before is not None or after is not None):
        return _page(conditions, statuses=statuses, size=size, last=after is not None)
    if not rows:
        return QueuePage()
    return QueuePage(
        rows=rows,
        previous=Cursor.of(rows[0]) if has_previous else None,
        next=Cursor.of(rows[-1]) if has_next else None,
    )


def _fetch(
    conditions: list, statuses: Sequence[Status] | None, order: list, limit: int
) -> list[RecordsRequest]:
    """The first `limit` matching rows in `order`. With statuses, each status is read on
    its own and the parts merged: `status IN (...) ORDER BY due_at` would read and sort
    every open request, while within one status ix_records_request_queue is already in
    (due_at, id) order, so each part stops after `limit` index entries."""
    if statuses is None:
        query = sa.select(RecordsRequest).options(_LISTED).where(*conditions)
        return list(db.session.scalars(query.order_by(*order).limit(limit)))
    parts = [
        sa.select(RecordsRequest.id)
        .where(RecordsRequest.status == status, *conditions)
        .order_by(*order)
        .limit(limit)
        .subquery()
        for status in statuses
    ]
    ids = sa.union_all(*(sa.select(part.c.id) for part in parts)).subquery()
    query = sa.select(RecordsRequest).options(_LISTED).join(ids, RecordsRequest.id == ids.c.id)
    return list(db.session.scalars(query.order_by(*order).limit(limit)))


def _bind(cursor: Cursor) -> tuple:
    return (
        sa.literal(cursor.due_at, RecordsRequest.due_at.type),
        sa.literal(cursor.request_id, RecordsRequest.id.type),
    )
