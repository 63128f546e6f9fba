"""A request's letters: found, written as cron writes them, and read back as text."""

import sqlalchemy as sa

from records_app import letters
from records_app.extensions import db
from records_app.models import Letter, LetterKind
from tests.support.pdf import pdf_text


def letters_of(records_request, kind: LetterKind | None = None) -> list[Letter]:
    query = sa.select(Letter).where(Letter.request_id == records_request.id).order_by(Letter.id)
    if kind is not None:
        query = query.where(Letter.kind == kind)
    return list(db.session.scalars(query))


def only_letter(records_request, kind: LetterKind) -> Letter:
    found = letters_of(records_request, kind)
    assert len(found) == 1, f"{len(found)} {kind} letters"
    return found[0]


def written_letter(records_request, kind: LetterKind) -> Letter:
    """The letter once the pending ones are written, as cron's `flask letters write` does."""
    write_pending_letters()
    return only_letter(records_request, kind)


def write_pending_letters(limit: int | None = None) -> int:
    """Writes the pending letters as `flask letters write` does, committing each batch."""
    written = 0
    for batch in letters.write_pending(limit=limit):
        db.session.commit()
        written += batch
    return written


def letter_text(records_request, kind: LetterKind) -> str:
    """The text of the request's one letter of this kind, its SHA-256 checked on reading."""
    return pdf_text(letters.read_verified(only_letter(records_request, kind)))
