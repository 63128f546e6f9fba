"""The suite's clock. Every test runs at one fixed instant, `SUITE_NOW` (the autouse
`frozen_clock` fixture travels there with time-machine, and time moves on from it as it
does), so that no test depends on the hour or the date it runs. Days before now are counted
as the practice counts them: calendar days where the practice is, at the same local time,
so "ten days ago" is the same practice day whatever the hour and whether or not a
daylight-saving change lies between.

`HARD_HOURS` are the instants at which a date rule that counted days wrongly would give
another answer: a minute either side of the practice's midnight, with and without a
daylight-saving change in the 30 days before or after."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from records_app import practice

# Wednesday 17 June 2026, noon at the practice (12:00 PDT in America/Los_Angeles): far from
# its midnight and from either daylight-saving change.
SUITE_NOW = datetime(2026, 6, 17, 19, 0, tzinfo=UTC)

# The default PRACTICE_TIMEZONE, which the tests run in.
PRACTICE_ZONE = ZoneInfo("America/Los_Angeles")


def at_the_practice(local_time: str) -> datetime:
    """A wall-clock time at the practice ("2026-11-02 00:00:30") as a UTC instant."""
    return datetime.fromisoformat(local_time).replace(tzinfo=PRACTICE_ZONE).astimezone(UTC)


# In 2026 daylight saving time starts on 8 March and ends on 1 November.
HARD_HOURS = {
    "summer, a minute before midnight": at_the_practice("2026-06-17 23:59:30"),
    "summer, a minute after midnight": at_the_practice("2026-06-18 00:00:30"),
    "before midnight, the night DST ends (1 Nov) lies ahead": at_the_practice(
        "2026-10-19 23:59:30"
    ),
    "after midnight, the night DST ends (1 Nov) lies ahead": at_the_practice("2026-10-20 00:00:30"),
    "before midnight, the night DST ended (1 Nov) lies behind": at_the_practice(
        "2026-11-01 23:59:30"
    ),
    "after midnight, the night DST ended (1 Nov) lies behind": at_the_practice(
        "2026-11-02 00:00:30"
    ),
    "before midnight, the night DST starts (8 Mar) lies ahead": at_the_practice(
        "2026-02-27 23:59:30"
    ),
    "after midnight, the night DST starts (8 Mar) lies ahead": at_the_practice(
        "2026-02-28 00:00:30"
    ),
    "before midnight, the night DST started (8 Mar) lies behind": at_the_practice(
        "2026-03-08 23:59:30"
    ),
    "after midnight, the night DST started (8 Mar) lies behind": at_the_practice(
        "2026-03-09 00:00:30"
    ),
    # The hour at which two dashboard tests failed (issue 14): 23:10 on 5 December.
    "2026-12-06 07:10 UTC": datetime(2026, 12, 6, 7, 10, tzinfo=UTC),
}


def days_ago(days: int) -> datetime:
    """The moment `days` practice days before now, at the same local time (a negative number
    counts forward)."""
    here_now = datetime.now(practice.zone())
    return (here_now - timedelta(days=days)).astimezone(UTC)


def days_before_today(days: int) -> date:
    """The practice's calendar date `days` days before today."""
    return practice.today() - timedelta(days=days)
