"""The practice's details and its own calendar: deadlines are counted in days where the
practice is, not in UTC, so that "due 4 April" means the same to the custodian and to the
requester."""

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from .models import utcnow


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["PRACTICE_TIMEZONE"])


def local_date(moment: datetime) -> date:
    return moment.astimezone(zone()).date()


def today() -> date:
    return local_date(utcnow())


def start_of_day(day: date) -> datetime:
    """The moment a local calendar day begins, for paper requests received on that day."""
    return datetime(day.year, day.month, day.day, tzinfo=zone())


def details(config: Mapping) -> dict:
    """Who the requester deals with, for pages and e-mails alike."""
    return {
        "name": config["PRACTICE_NAME"],
        "closure_date": config["PRACTICE_CLOSURE_DATE"],
        "custodian": config["PRACTICE_CUSTODIAN_NAME"],
        "address": config["PRACTICE_ADDRESS"],
        "phone": config["PRACTICE_PHONE"],
        "email": config["PRACTICE_EMAIL"],
    }
