"""`flask queue recount`: the status counts set again from the requests themselves."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import RequestStatusCount, Status
from tests.support.counts import counted_from_the_requests, kept_counts, set_kept_count


def test_recount_repairs_counts_that_no_longer_match_the_requests(runner, make_requests):
    make_requests(2)
    set_kept_count(Status.SUBMITTED, 40)
    db.session.execute(
        sa.delete(RequestStatusCount).where(RequestStatusCount.status == Status.DENIED)
    )
    db.session.commit()

    result = runner.invoke(args=["queue", "recount"])

    assert result.exit_code == 0, result.output
    assert "Received: 2" in result.output.splitlines()
    assert kept_counts() == counted_from_the_requests()
    assert db.session.get(RequestStatusCount, Status.DENIED).count == 0
