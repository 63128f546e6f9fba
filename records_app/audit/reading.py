"""Reading the audit trail: the admin page's filters, its pages of rows newest first, and the
rows of its CSV export. 45 CFR 164.312(b) asks that activity be recorded *and examined*;
this is the examining side. The filters are ids, an action name and dates, never PHI, so
they can sit in a bookmarkable query string."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from records_app import practice
from records_app.exports import Column, streamed
from records_app.extensions import db
from records_app.models import AuditEvent

PAGE_SIZE = 100

CSV_COLUMNS = (
    Column("Row", 8),
    Column("Time (UTC)", 26),
    Column("Staff", 30),
    Column("Staff id", 8),
    Column("Action", 24),
    Column("Request id", 10),
    Column("Details", 40),
    Column("IP address", 16),
)


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    request_id: int | None = None
    action: str | None = None
    start: date | None = None
    end: date | None = None

    def as_details(self) -> dict:
        """The filters as an export's audit row keeps them."""
        return {
            "staff_id": self.actor_id,
            "request_id": self.request_id,
            "action": self.action,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditEvent]
    older_than: int | None  # the cursor for the next (older) page, if there is one


def actions() -> list[str]:
    """The action names the trail holds, for the filter's choices."""
    return list(db.session.scalars(sa.select(AuditEvent.action).distinct().order_by("action")))


def _filtered(filters: AuditFilters) -> sa.Select:
    """Newest first; the day range is in the practice's calendar, as on the other pages."""
    statement = sa.select(AuditEvent).order_by(AuditEvent.id.desc())
    conditions = {
        AuditEvent.actor_id: filters.actor_id,
        AuditEvent.request_id: filters.request_id,
        AuditEvent.action: filters.action,
    }
    for column, wanted in conditions.items():
        if wanted is not None:
            statement = statement.where(column == wanted)
    if filters.start:
        statement = statement.where(AuditEvent.occurred_at >= practice.start_of_day(filters.start))
    if filters.end:
        next_day = practice.start_of_day(filters.end + timedelta(days=1))
        statement = statement.where(AuditEvent.occurred_at < next_day)
    return statement


def page(filters: AuditFilters, older_than: int | None = None) -> AuditPage:
    """PAGE_SIZE rows before the cursor (a row id: ids only grow), so paging stays quick
    however long the trail gets."""
    statement = _filtered(filters).limit(PAGE_SIZE + 1)
    if older_than is not None:
        statement = statement.where(AuditEvent.id < older_than)
    rows = list(db.session.scalars(statement))
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return AuditPage(rows, rows[-1].id if more else None)


def csv_rows(filters: AuditFilters) -> Iterator[list[Any]]:
    """Every row the filters select, newest first, as cells for `exports.csv_chunks`."""
    for (event,) in streamed(_filtered(filters)):
        yield [
            event.id,
            event.occurred_at,
            event.actor_label,
            event.actor_id,
            event.action,
            event.request_id,
            json.dumps(event.details, sort_keys=True),
            event.ip_address,
        ]
