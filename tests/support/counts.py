"""The number of requests in each status: as the lifecycle keeps it (the
request_status_count table) and as a count of the requests themselves."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import RecordsRequest, RequestStatusCount, Status
from records_app.worklist import status_counts

NO_REQUESTS = dict.fromkeys(Status, 0)


def kept_counts() -> dict[Status, int]:
    return status_counts(list(Status))


def counted_from_the_requests() -> dict[Status, int]:
    rows = db.session.execute(
        sa.select(RecordsRequest.status, sa.func.count()).group_by(RecordsRequest.status)
    )
    return NO_REQUESTS | dict(rows.all())


def set_kept_count(status: Status, count: int) -> None:
    """Sets the kept count by hand, so a test can tell a page that reads it from one that
    counts the rows."""
    db.session.execute(
        sa.update(RequestStatusCount).where(RequestStatusCount.status == status).values(count=count)
    )
    db.session.commit()
