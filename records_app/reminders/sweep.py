"""The sweep's closing of requests left waiting for information: which are due to close
under the practice's setting (CLOSE_UNANSWERED_AFTER_DAYS), and closing them one at a time
through the lifecycle, each in a transaction of its own that the caller commits."""

from collections.abc import Iterator

import sqlalchemy as sa

from records_app import lifecycle
from records_app.extensions import db
from records_app.models import RecordsRequest


def unanswered_for_too_long(days: int) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(RecordsRequest.id)
            .where(lifecycle.waiting_longer_than(days))
            .order_by(RecordsRequest.id)
        )
    )


def close_unanswered_requests(days: int) -> Iterator[str | None]:
    """Closes each request waiting for information for more than `days` days, yielding its
    tracking code once closed (for the caller to commit), or None when another run or a
    staff member changed it first (for the caller to roll back)."""
    for request_id in unanswered_for_too_long(days):
        records_request = db.session.get(RecordsRequest, request_id)
        try:
            lifecycle.close_unanswered(
                records_request, None, records_request.version, waited_days=days
            )
        except lifecycle.LifecycleError:
            yield None
        else:
            yield records_request.tracking_code
