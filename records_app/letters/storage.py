"""The one module that reads and writes a letter's bytes (`Letter.content`), so that
encryption at rest can be added here alone. A letter is written in the transaction of the
step that called for it, and its SHA-256 is checked every time it is read back."""

import hashlib
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa

from ..extensions import db
from ..models import Letter, LetterKind, RecordsRequest, RequestEvent
from . import compose
from .authorization import authorization

COMPOSERS: dict[LetterKind, Callable[[RecordsRequest, datetime], bytes]] = {
    LetterKind.ACKNOWLEDGEMENT: compose.acknowledgement,
    LetterKind.AUTHORIZATION: authorization,
    LetterKind.EXTENSION_NOTICE: compose.extension_notice,
    LetterKind.INFORMATION_REQUEST: compose.information_request,
    LetterKind.DENIAL: compose.denial,
    LetterKind.COVER_LETTER: compose.cover_letter,
}


class LetterDamaged(RuntimeError):
    """The stored bytes no longer match the SHA-256 taken when the letter was written."""


def issue(records_request: RecordsRequest, kind: LetterKind, event: RequestEvent) -> Letter:
    """Writes the letter as of the event that calls for it, dated and signed by that event."""
    content = COMPOSERS[kind](records_request, event.occurred_at)
    letter = Letter(
        request_id=records_request.id,
        kind=kind,
        created_at=event.occurred_at,
        created_by_id=event.actor_id,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    db.session.add(letter)
    return letter


def read_verified(letter: Letter) -> bytes:
    content = db.session.scalar(sa.select(Letter.content).where(Letter.id == letter.id))
    if hashlib.sha256(content).hexdigest() != letter.sha256:
        raise LetterDamaged(f"letter {letter.id} failed its SHA-256 check")
    return content
