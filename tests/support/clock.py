"""Days before now, for the tests that build dates."""

from datetime import UTC, date, datetime, timedelta

from records_app import practice


def days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def days_before_today(days: int) -> date:
    """The practice's calendar date `days` days before today."""
    return practice.today() - timedelta(days=days)
