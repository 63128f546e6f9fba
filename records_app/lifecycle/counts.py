"""How many requests are in each status, kept exact by every step so that the queue page
reads eight rows instead of counting every open request."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import RecordsRequest, RequestStatusCount, Status

_COUNTS = RequestStatusCount.__table__
# Built once: every step runs it, and building it costs more than running it.
_MOVE = (
    sa.update(_COUNTS)
    .where(_COUNTS.c.status == sa.bindparam("moved"))
    .values(count=_COUNTS.c.count + sa.bindparam("by"))
)


def move(from_status: Status | None, to_status: Status) -> None:
    """Moves one request from one status's count to another's (from None: a new request).
    Every step in a status updates its row, so on PostgreSQL a step holds the row's lock
    until its commit: this runs last in the step to keep that short, and updates the two
    rows in status order, so that two steps going opposite ways (in review to waiting for
    information, and back) wait for each other instead of deadlocking."""
    if from_status == to_status:
        return
    moves = {to_status: 1} | ({from_status: -1} if from_status else {})
    for status in sorted(moves):
        db.session.execute(_MOVE, {"moved": status, "by": moves[status]})


def recount() -> dict[Status, int]:
    """Sets every status's count from the requests themselves, for an operator after rows
    were written outside the lifecycle (a bulk import, a restore); the caller commits. On
    PostgreSQL the count table is locked first: steps under way either moved their counts
    before the lock and are counted here, or wait for the lock and move them after, so none
    is lost or counted twice, and queue pages still read the old counts meanwhile. On SQLite
    the DELETE takes the database's write lock before anything is counted."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("LOCK TABLE request_status_count IN EXCLUSIVE MODE"))
    db.session.execute(sa.delete(RequestStatusCount))
    found = db.session.execute(
        sa.select(RecordsRequest.status, sa.func.count()).group_by(RecordsRequest.status)
    )
    counts = dict.fromkeys(Status, 0) | dict(found.all())
    db.session.execute(
        sa.insert(RequestStatusCount),
        [{"status": status, "count": count} for status, count in counts.items()],
    )
    return counts
