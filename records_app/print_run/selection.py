"""Which letters go into the day's print run, taking them into a run, and marking a run
mailed. A letter joins one run only: taking letters is a compare-and-set on their empty
`print_run_id`, so two staff preparing a run at once never print a letter twice."""

from datetime import date, timedelta

import sqlalchemy as sa

from records_app import practice
from records_app.extensions import db
from records_app.lifecycle import ActionRefused
from records_app.models import (
    Letter,
    LetterKind,
    PrintRun,
    RecordsRequest,
    StaffUser,
    Status,
    utcnow,
)

# The letters written to the requester at their postal address. The signed request is kept
# for the file, and the cover letter travels in the envelope with the records themselves.
POSTAL_KINDS = tuple(
    kind for kind in LetterKind if kind not in (LetterKind.AUTHORIZATION, LetterKind.COVER_LETTER)
)


def waiting_letters(today: date) -> list[Letter]:
    """Today's postal letters not yet in a run, for requests that gave a postal address and
    are not spam (which get no letter), in request order so that one requester's letters
    lie together."""
    return list(
        db.session.scalars(
            sa.select(Letter)
            .join(RecordsRequest, RecordsRequest.id == Letter.request_id)
            .where(
                Letter.kind.in_(POSTAL_KINDS),
                Letter.print_run_id.is_(None),
                Letter.created_at >= practice.start_of_day(today),
                Letter.created_at < practice.start_of_day(today + timedelta(days=1)),
                RecordsRequest.address_street.is_not(None),
                RecordsRequest.status != Status.SPAM,
            )
            .order_by(Letter.request_id, Letter.id)
        )
    )


def start_run(actor: StaffUser, today: date) -> PrintRun:
    letter_ids = [letter.id for letter in waiting_letters(today)]
    if not letter_ids:
        raise ActionRefused("No letter written today waits to be posted.")
    run = PrintRun(created_by_id=actor.id)
    db.session.add(run)
    db.session.flush()
    taken = db.session.execute(
        sa.update(Letter)
        .where(Letter.id.in_(letter_ids), Letter.print_run_id.is_(None))
        .values(print_run_id=run.id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount == 0:
        raise ActionRefused("Another print run has just taken today's letters.")
    return run


def letters_in(run: PrintRun) -> list[Letter]:
    return list(
        db.session.scalars(
            sa.select(Letter)
            .where(Letter.print_run_id == run.id)
            .order_by(Letter.request_id, Letter.id)
        )
    )


def recent_runs(limit: int = 10) -> list[PrintRun]:
    return list(db.session.scalars(sa.select(PrintRun).order_by(PrintRun.id.desc()).limit(limit)))


def mark_mailed(run: PrintRun, actor: StaffUser) -> int:
    """Records that the run went out, and on each of its letters when it did; says how many
    letters. A run is marked mailed once."""
    now = utcnow()
    marked = db.session.execute(
        sa.update(PrintRun)
        .where(PrintRun.id == run.id, PrintRun.mailed_at.is_(None))
        .values(mailed_at=now, mailed_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:
        raise ActionRefused("This print run was already marked mailed.")
    letters = db.session.execute(
        sa.update(Letter)
        .where(Letter.print_run_id == run.id)
        .values(mailed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(run)
    return letters.rowcount
