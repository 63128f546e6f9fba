"""Dates written the way people in the practice's country read them, and money: one place
for pages, letters and messages alike. It imports nothing but the practice's calendar and
the language words are written in, so that any module may use it."""

from datetime import date, datetime

from babel.dates import format_date

from records_app import language, practice


def long_date(value: date | datetime | None) -> str:
    """ "November 25, 2026", "25 de noviembre de 2026": the month in words, unambiguous for
    US readers, unlike 11/25/2026 vs 25/11/2026; in the language being written in."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = practice.local_date(value)
    return format_date(value, format="long", locale=language.in_use())


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
    """US dollars as written in the US in English and in Spanish alike: $1,234.50."""
    return f"${(cents or 0) / 100:,.2f}"
