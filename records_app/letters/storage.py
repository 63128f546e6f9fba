"""The one module that reads and writes a letter's bytes (`Letter.content`), so that
encryption at rest can be added here alone. A letter is written as of the step that called
for it: in that step's transaction, or later for the kinds in `WRITTEN_AFTER_THE_RESPONSE`.
Its SHA-256 is checked every time it is read back."""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import cache

import sqlalchemy as sa

from records_app.extensions import db
from records_app.language import written_in
from records_app.letters.addressee import language_of
from records_app.models import Letter, LetterKind, RecordsRequest, RequestEvent, Status


@cache
def composers() -> dict[LetterKind, Callable[[RecordsRequest, datetime], bytes]]:
    """What writes each kind of letter, imported on first use rather than with this module:
    fpdf2 and fontTools add about 21 MiB to a process, and most processes that import the
    lifecycle (the export, the mail sender, a worker answering the public form) never write
    a letter."""
    from records_app.letters import closure, compose, fee_letters
    from records_app.letters.authorization import authorization

    return {
        LetterKind.ACKNOWLEDGEMENT: compose.acknowledgement,
        LetterKind.AUTHORIZATION: authorization,
        LetterKind.EXTENSION_NOTICE: compose.extension_notice,
        LetterKind.INFORMATION_REQUEST: compose.information_request,
        LetterKind.DENIAL: compose.denial,
        LetterKind.NO_RECORDS: compose.no_records,
        LetterKind.REVIEW_DECISION: compose.review_decision,
        LetterKind.REOPENED: compose.reopened,
        LetterKind.WITHHELD_NOTICE: compose.withheld_notice,
        LetterKind.COVER_LETTER: compose.cover_letter,
        LetterKind.FEE_QUOTE: fee_letters.fee_quote,
        LetterKind.INVOICE: fee_letters.invoice,
        LetterKind.RECEIPT: fee_letters.receipt,
        LetterKind.CLOSED_UNANSWERED: closure.closed_unanswered,
    }


# The receipt letters are issued pending and written after the response (`write_pending`,
# run by cron, or on first reading): composing the two PDFs is almost all the CPU a public
# submission costs, the requester does not wait for them, and after a closure notice the
# desk should take every request first and write its letters as CPU allows. They may wait
# because they say only what the requester submitted and the due date as it stood at
# receipt, so they read the same whenever they are written. Staff steps' letters are
# written in the step's own transaction: they state the decision just taken, and the staff
# member usually prints them at once.
WRITTEN_AFTER_THE_RESPONSE = frozenset({LetterKind.ACKNOWLEDGEMENT, LetterKind.AUTHORIZATION})

WRITE_BATCH_SIZE = 10


class LetterDamaged(RuntimeError):
    """The stored bytes no longer match the SHA-256 taken when the letter was written."""


def issue(
    records_request: RecordsRequest, kinds: Iterable[LetterKind], event: RequestEvent
) -> None:
    """Adds the letters of these kinds, as of the event that calls for them and dated and
    signed by it, to the step's transaction: written now, or pending for the kinds written
    after the response."""
    issued = []
    for kind in kinds:
        letter = Letter(
            request_id=records_request.id,
            kind=kind,
            created_at=event.occurred_at,
            created_by_id=event.actor_id,
        )
        if kind not in WRITTEN_AFTER_THE_RESPONSE:
            letter.content = _compose(letter, records_request)
            letter.sha256 = hashlib.sha256(letter.content).hexdigest()
        issued.append(letter)
    db.session.add_all(issued)


def write_pending(limit: int | None = None) -> Iterator[int]:
    """Writes pending letters, oldest first, WRITE_BATCH_SIZE at a time, yielding how many
    each batch wrote so that the caller commits it: a run stopped part-way keeps what it
    wrote. Each batch looks only past the letters already seen, so a letter another writer
    took is not tried again. On PostgreSQL a batch is held (FOR UPDATE) until the caller
    commits, and a batch another writer holds is passed over: cron starts a run every minute
    whether the last has finished or not, and without this every run still going composed
    the same letters, one of them keeping each, so that a backlog went no faster with more
    runs and slower with each. (SQLite ignores the clause: it has one writer at a time.)"""
    written = 0
    last_seen = 0
    while limit is None or written < limit:
        batch_size = WRITE_BATCH_SIZE if limit is None else min(WRITE_BATCH_SIZE, limit - written)
        batch = db.session.scalars(
            sa.select(Letter)
            .where(*_owed(), Letter.id > last_seen)
            .order_by(Letter.id)
            .limit(batch_size)
            .with_for_update(skip_locked=True, of=Letter)
        ).all()
        if not batch:
            return
        last_seen = batch[-1].id
        batch_written = sum(_write(letter) for letter in batch)
        written += batch_written
        yield batch_written


def pending_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Letter.id)).where(*_owed()))


def _owed() -> tuple:
    """Letters still to write: unwritten, of a request that is not spam (whose letters are
    never written: it gets no letter)."""
    return (
        Letter.sha256.is_(None),
        Letter.request_id.in_(
            sa.select(RecordsRequest.id).where(RecordsRequest.status != Status.SPAM)
        ),
    )


def read_verified(letter: Letter) -> bytes:
    """The letter's bytes, checked against its SHA-256. A pending letter is written first,
    in the reader's transaction, so that nobody is ever shown a missing letter."""
    content, sha256 = _stored(letter)
    if sha256 is None:
        _write(letter)
        content, sha256 = _stored(letter)
    if hashlib.sha256(content).hexdigest() != sha256:
        raise LetterDamaged(f"letter {letter.id} failed its SHA-256 check")
    return content


def _stored(letter: Letter) -> tuple[bytes | None, str | None]:
    return db.session.execute(
        sa.select(Letter.content, Letter.sha256).where(Letter.id == letter.id)
    ).one()


def _compose(letter: Letter, records_request: RecordsRequest) -> bytes:
    """Every letter is written here, so every letter is in the language it is owed in."""
    with written_in(language_of(records_request, letter.kind)):
        return composers()[letter.kind](records_request, letter.created_at)


def _write(letter: Letter) -> bool:
    """Compare-and-set on a still-pending letter: of two writers at once, one writes it and
    the other's UPDATE matches no row (on PostgreSQL it waits for the first to commit), so
    a letter is never written twice and neither writer fails."""
    content = _compose(letter, letter.request)
    result = db.session.execute(
        sa.update(Letter)
        .where(Letter.id == letter.id, Letter.sha256.is_(None))
        .values(content=content, sha256=hashlib.sha256(content).hexdigest())
        .execution_options(synchronize_session=False)
    )
    db.session.expire(letter, ["content", "sha256"])
    return result.rowcount == 1
