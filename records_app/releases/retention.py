"""The retention rule for released records: their bytes are removed RELEASE_DAYS_KEPT days
(90 by default) after the request closed (for a fulfilled request, its release). The
manifest stays six years with the rest of the request (45 CFR 164.530(j)): each file's name,
size, pages and SHA-256, and the history of who downloaded it when."""

from datetime import timedelta

import sqlalchemy as sa

from records_app import practice
from records_app.documents import storage
from records_app.documents.retention import released_files_kept_until
from records_app.extensions import db
from records_app.models import RecordsRequest, ReleasedFile, utcnow


def purge_released_files(days_after_release: int) -> list[int]:
    """Removes the bytes of released files whose last day (`released_files_kept_until`,
    the day the requester was told) has passed, in the caller's transaction; returns the
    files' ids. Files already purged are skipped, so running it again removes nothing
    more."""
    now = utcnow()
    candidates = db.session.scalars(
        sa.select(ReleasedFile)
        .join(RecordsRequest, ReleasedFile.request_id == RecordsRequest.id)
        .where(
            RecordsRequest.closed_at.is_not(None),
            RecordsRequest.closed_at < now - timedelta(days=days_after_release),
            ReleasedFile.purged_at.is_(None),
        )
        .order_by(ReleasedFile.id)
    ).all()
    today = practice.today()
    files = [
        released
        for released in candidates
        if released_files_kept_until(released.request.closed_at, days_after_release) < today
    ]
    storage.purge([released.stored_file_id for released in files])
    for released in files:
        released.purged_at = now
    db.session.flush()
    return [released.id for released in files]
