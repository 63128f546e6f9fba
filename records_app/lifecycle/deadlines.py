"""The clock of a request, each rule written once, in Python and, where a query needs it,
as its SQL twin beside it. Days are the practice's calendar days (`practice`), so that "due
4 April" means the same to the custodian and to the requester."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from records_app import practice
from records_app.models import OPEN_STATUSES, RecordsRequest, utcnow

# 45 CFR 164.524(b)(2)(i): act on a request for access no later than 30 days after receipt.
RESPONSE_DAYS = 30
# 45 CFR 164.524(b)(2)(ii): one extension of no more than 30 days, with a written notice
# of the reasons and the new date, given within the first 30 days.
MAX_EXTENSION_DAYS = 30
DUE_SOON_DAYS = 7
# 164.524(d)(4) asks the reviewing official to decide "within a reasonable period of time";
# this desk holds the review to the same 30 days as the request itself.
DENIAL_REVIEW_DAYS = 30


def practice_days_after(moment: datetime, days: int) -> datetime:
    """The same time of day at the practice, `days` of its calendar days later. Across a
    daylight-saving change a day there lasts 23 or 25 hours: 24-hour days counted in UTC
    would land an hour off, and within an hour of midnight on the wrong day."""
    return (moment.astimezone(practice.zone()) + timedelta(days=days)).astimezone(UTC)


def first_due_at(received_at: datetime) -> datetime:
    return practice_days_after(received_at, RESPONSE_DAYS)


def denial_review_due_at(records_request: RecordsRequest, requested_at: datetime) -> datetime:
    """A review is due DENIAL_REVIEW_DAYS after it was asked for, never before the request's
    own first deadline."""
    return max(
        practice_days_after(requested_at, DENIAL_REVIEW_DAYS), records_request.original_due_at
    )


def due_date(records_request: RecordsRequest) -> date:
    return practice.local_date(records_request.due_at)


def days_left(records_request: RecordsRequest, today: date | None = None) -> int:
    """Days until the due date; negative when overdue."""
    return (due_date(records_request) - (today or practice.today())).days


def is_overdue(records_request: RecordsRequest, today: date | None = None) -> bool:
    """Open, and its due day has passed."""
    return records_request.status in OPEN_STATUSES and days_left(records_request, today) < 0


def overdue_condition(today: date | None = None):
    """The SQL twin of `is_overdue`: open, and due before today began."""
    today = today or practice.today()
    return sa.and_(
        RecordsRequest.status.in_(OPEN_STATUSES),
        RecordsRequest.due_at < practice.start_of_day(today),
    )


def is_due_soon(records_request: RecordsRequest, today: date | None = None) -> bool:
    """Open, and due today or within DUE_SOON_DAYS days."""
    return (
        records_request.status in OPEN_STATUSES
        and 0 <= days_left(records_request, today) <= DUE_SOON_DAYS
    )


def due_soon_condition(today: date | None = None):
    """The SQL twin of `is_due_soon`: open, and due from the start of today to the end of
    the DUE_SOON_DAYS-th day after it."""
    today = today or practice.today()
    after_the_last_day = today + timedelta(days=DUE_SOON_DAYS + 1)
    return sa.and_(
        RecordsRequest.status.in_(OPEN_STATUSES),
        RecordsRequest.due_at >= practice.start_of_day(today),
        RecordsRequest.due_at < practice.start_of_day(after_the_last_day),
    )


def latest_extension_date(records_request: RecordsRequest) -> date:
    return practice.local_date(records_request.original_due_at) + timedelta(days=MAX_EXTENSION_DAYS)


def can_extend_now(records_request: RecordsRequest, now: datetime | None = None) -> bool:
    """45 CFR 164.524(b)(2)(ii): once, and while the first 30 days last, since the written
    notice must be given within them. (Which statuses allow it is the transition table's.)"""
    return not records_request.is_extended and (now or utcnow()) < records_request.original_due_at


def days_taken(received_on: date, sent_on: date) -> int:
    """Days from the practice day of receipt to the day the records were sent."""
    return (sent_on - received_on).days


def sent_in_time(sent_on: date, due_on: date) -> bool:
    """Records sent on or before the due day (a practice day, `due_date`) were sent within
    the deadline of 45 CFR 164.524(b)(2)."""
    return sent_on <= due_on
