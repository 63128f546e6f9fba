"""Dates written the way people in the practice's country read them, and money: one place
for pages, letters and messages alike. It imports nothing but the practice's calendar, so
that any module may use it."""

from datetime import date, datetime

from records_app import practice


def long_date(value: date | datetime | None) -> str:
    """ "November 25, 2026": unambiguous for US readers, unlike 11/25/2026 vs 25/11/2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = practice.local_date(value)
    return f"{value:%B} {value.day}, {value.year}"


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = practice.local_date(value)
    return value.isoformat()


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(practice.zone()).strftime("%Y-%m-%d %H:%M %Z")


def money(cents: int | None) -> str:
    return f"${(cents or 0) / 100:,.2f}"
