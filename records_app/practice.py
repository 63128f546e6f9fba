"""The practice's details and its own calendar: deadlines are counted in days where the
practice is, not in UTC, so that "due 4 April" means the same to the custodian and to the
requester."""

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext

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


@dataclass(frozen=True)
class OtherCustodian:
    """Who holds records this practice does not: a hospital for its procedures, a
    successor practice for later care."""

    records: str
    custodian: str
    contact: str


@dataclass(frozen=True)
class Closure:
    """What the closure page says, from the settings: where the records are, how long they
    are kept and what happens after, and who holds the records kept elsewhere."""

    records_held_at: str
    kept_for: str
    afterwards: str
    other_custodians: tuple[OtherCustodian, ...]


def closure() -> Closure:
    config = current_app.config
    return Closure(
        records_held_at=config["PRACTICE_RECORDS_HELD_AT"],
        kept_for=config["PRACTICE_RECORDS_KEPT_FOR"],
        afterwards=config["PRACTICE_RECORDS_AFTERWARDS"],
        other_custodians=tuple(
            OtherCustodian(*entry) for entry in config["PRACTICE_OTHER_CUSTODIANS"]
        ),
    )


def status_page_url() -> str:
    """The public status page's full address, for letters and e-mails."""
    return public_url("public.status")


def forgotten_code_url() -> str:
    """Where a requester who lost their tracking code has it sent again, for e-mails."""
    return public_url("public.forgotten_code")


def public_url(endpoint: str, **values) -> str:
    """A public page's full address under PUBLIC_BASE_URL, outside any web request."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def ways_to_send_documents() -> list[tuple[str, str]]:
    """How a requester sends what staff asked for, from the settings: online on the status
    page (which takes documents while staff wait for them), by post to the custodian, and by
    fax where the practice has a fax number. The letter and the status page give the same."""
    details_now = details()
    ways = [
        (
            gettext("Online"),
            gettext(
                "On the status page, %(url)s: look the request up with its tracking code and "
                "the patient's date of birth, then send a photo or scan of each page.",
                url=status_page_url(),
            ),
        ),
        (
            gettext("By post"),
            f"{details_now.custodian}, {details_now.name}, {details_now.address}",
        ),
    ]
    if details_now.fax:
        ways.append(
            (
                gettext("By fax"),
                gettext(
                    "%(fax)s, with a cover page for %(custodian)s",
                    fax=details_now.fax,
                    custodian=details_now.custodian,
                ),
            )
        )
    return ways
