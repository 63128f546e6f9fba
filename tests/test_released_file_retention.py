"""`flask retention purge` removes the bytes of released files some days after release and
keeps their manifest: names, sizes, pages, SHA-256 and who downloaded them when."""

import pytest
import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import RecordsRequest, ReleasedFile
from tests.support.audit import audit_rows
from tests.support.clock import days_ago
from tests.support.releases import chunk_rows, released_request
from tests.support.requester import look_up

NOTES = b"Visit notes.\n"


@pytest.fixture
def released_days_ago(make_request, clerk):
    def release(days: int):
        released = released_request(make_request, clerk, [(NOTES, "notes.txt")], email=None)
        db.session.execute(
            sa.update(RecordsRequest)
            .where(RecordsRequest.id == released.id)
            .values(closed_at=days_ago(days), fulfilled_at=days_ago(days))
        )
        db.session.commit()
        return released

    return release


def purge(runner, *arguments):
    result = runner.invoke(args=["retention", "purge", *arguments])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def test_released_files_lose_their_bytes_after_the_days_kept(runner, released_days_ago):
    old, recent = released_days_ago(91), released_days_ago(89)
    output = purge(runner).output
    assert "Removed the bytes of 1 released files" in output
    old_file, recent_file = old.released_files[0], recent.released_files[0]
    assert old_file.purged_at and not recent_file.purged_at
    assert chunk_rows() == 1


def test_the_manifest_stays_after_the_purge(runner, released_days_ago):
    released = released_days_ago(100)
    purge(runner, "--release-days", "30")
    kept = db.session.scalar(sa.select(ReleasedFile))
    assert (kept.filename, kept.byte_size, len(kept.sha256)) == ("notes.txt", len(NOTES), 64)
    assert kept.stored_file.purged_at is not None
    assert audit_rows("retention.purged")[0].details["released_files_removed"] == 1
    assert released.status == "fulfilled"


def test_the_days_kept_come_from_the_setting(app, runner, released_days_ago):
    app.config["RELEASE_DAYS_KEPT"] = 10
    released = released_days_ago(11)
    purge(runner)
    assert released.released_files[0].purged_at


def test_purged_files_are_no_longer_offered(client, runner, released_days_ago):
    released = released_days_ago(100)
    purge(runner)
    page = look_up(client, released.tracking_code)
    assert "Your records are ready" not in page.text
