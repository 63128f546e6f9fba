"""The practice's details and its own calendar: deadlines are counted in days where the
practice is, not in UTC, so that "due 4 April" means the same to the custodian and to the
requester."""

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app

from records_app.models import utcnow


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["PRACTICE_TIMEZONE"])


def local_date(moment: datetime) -> date:
    return moment.astimezone(zone()).date()


def today() -> date:
    return local_date(utcnow())


def start_of_day(day: date) -> datetime:
    """The moment a local calendar day begins, for paper requests received on that day."""
    return datetime(day.year, day.month, day.day, tzinfo=zone())


@dataclass(frozen=True)
class Details:
    """Who the practice was and how to reach its records custodian: the footer of every
    page and the letterhead of every letter."""

    name: str
    closure_date: date
    custodian: str
    address: str
    phone: str
    fax: str
    email: str


def details() -> Details:
    config = current_app.config
    return Details(
        name=config["PRACTICE_NAME"],
        closure_date=config["PRACTICE_CLOSURE_DATE"],
        custodian=config["PRACTICE_CUSTODIAN_NAME"],
        address=config["PRACTICE_ADDRESS"],
        phone=config["PRACTICE_PHONE"],
        fax=config["PRACTICE_FAX"],
        email=config["PRACTICE_EMAIL"],
    )


def status_page_url() -> str:
    return public_url("public.status")


def public_url(endpoint: str) -> str:
    """A page's full public address, built from the route itself, for letters and e-mails
    written outside any web request (a paper entry, a command)."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, force_external=True)
