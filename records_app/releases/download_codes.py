"""The step-up before a requester's first download: a six-digit code e-mailed to the address
the request gave, good for ten minutes and five tries, used once. The tracking code and date
of birth are written on letters and may be known to others in the household; the code
proves that the person downloading also reads the requester's e-mail (45 CFR
164.312(d), person authentication). Without an e-mail address the tracking code and date of
birth suffice: staff chose that by attaching files rather than sending them by post."""

import hmac
import secrets
from datetime import timedelta
from enum import StrEnum

import sqlalchemy as sa

from records_app import lifecycle
from records_app.extensions import db
from records_app.lifecycle import Action
from records_app.mail import outbox
from records_app.models import DownloadCode, MessageKind, RecordsRequest, utcnow

CODE_GOOD_FOR = timedelta(minutes=10)
MAX_TRIES = 5
CODE_DIGITS = 6


class CodeCheck(StrEnum):
    CONFIRMED = "confirmed"
    WRONG = "wrong"
    # Expired, tried five times, already used, or never sent: a new code is needed.
    SPENT = "spent"


def needs_code(records_request: RecordsRequest) -> bool:
    return bool(records_request.email)


def current_code(records_request: RecordsRequest) -> DownloadCode | None:
    return db.session.scalar(
        sa.select(DownloadCode).where(DownloadCode.request_id == records_request.id)
    )


def send_code(records_request: RecordsRequest, from_address: str | None) -> None:
    """A new code (replacing any earlier one) and its e-mail, in the caller's transaction."""
    now = utcnow()
    code = current_code(records_request) or DownloadCode(request_id=records_request.id)
    code.code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    code.sent_at, code.expires_at = now, now + CODE_GOOD_FOR
    code.failed_attempts, code.confirmed_at = 0, None
    db.session.add(code)
    lifecycle.note_release(
        records_request,
        Action.SEND_DOWNLOAD_CODE,
        None,
        f"Download code e-mailed to the requester, asked from {from_address or 'unknown'}",
    )
    outbox.queue(records_request, MessageKind.DOWNLOAD_CODE)


def check_code(records_request: RecordsRequest, typed: str, from_address: str | None) -> CodeCheck:
    """Confirms the typed code, or counts a wrong one (a history line each time)."""
    now = utcnow()
    code = current_code(records_request)
    if code is None or code.confirmed_at or now >= code.expires_at:
        return CodeCheck.SPENT
    if code.failed_attempts >= MAX_TRIES:
        return CodeCheck.SPENT
    if hmac.compare_digest(code.code, "".join(typed.split())):
        code.confirmed_at = now
        return CodeCheck.CONFIRMED
    code.failed_attempts += 1
    lifecycle.note_release(
        records_request,
        Action.WRONG_DOWNLOAD_CODE,
        None,
        f"Wrong download code ({code.failed_attempts} of {MAX_TRIES}) "
        f"from {from_address or 'unknown'}",
    )
    return CodeCheck.WRONG
