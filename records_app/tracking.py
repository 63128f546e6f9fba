"""Tracking codes a person can read aloud over the phone, and finding a request by one.

No 0/O, 1/I/L or U, grouped in fours. 30 symbols to the 8th power is about 6.5 x 10^11
codes, and a status lookup also needs the patient's date of birth and is rate-limited, so
codes cannot usefully be guessed."""

import re
import secrets
from datetime import date

import sqlalchemy as sa

from records_app.crypto.keyring import lookup
from records_app.extensions import db
from records_app.models import RecordsRequest

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "RR"
_SHAPE = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_tracking_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{symbols[:4]}-{symbols[4:]}"


def normalise(typed: str) -> str | None:
    """The canonical code for what a person typed (any case, spaces or dashes anywhere,
    with or without the RR prefix), or None if it cannot be a code."""
    compact = re.sub(r"[\s-]", "", typed.upper())
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + 8:
        compact = compact[len(PREFIX) :]
    code = f"{PREFIX}-{compact[:4]}-{compact[4:]}"
    return code if _SHAPE.match(code) else None


def find_by_code(typed_code: str) -> RecordsRequest | None:
    """A request by its tracking code alone, for staff and the command line, never for the
    public (who also give the date of birth: `find_request`)."""
    tracking_code = normalise(typed_code)
    if tracking_code is None:
        return None
    return db.session.scalar(
        sa.select(RecordsRequest).where(
            RecordsRequest.tracking_code_lookup == lookup("tracking_code", tracking_code)
        )
    )


def find_request(typed_code: str, date_of_birth: date) -> RecordsRequest | None:
    """The public status lookup: a tracking code and the patient's date of birth, together,
    find a request; either one wrong finds nothing, and the caller cannot tell which was
    wrong. One query on both values, so a wrong code and a wrong date of birth take the
    same path."""
    tracking_code = normalise(typed_code)
    if tracking_code is None:
        return None
    return db.session.scalar(
        sa.select(RecordsRequest).where(
            RecordsRequest.tracking_code_lookup == lookup("tracking_code", tracking_code),
            RecordsRequest.date_of_birth_lookup == lookup("date_of_birth", date_of_birth),
        )
    )
