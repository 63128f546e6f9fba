"""The retention rules for stored files. A photo ID's bytes are removed a configurable
number of days (RETENTION_DAYS_AFTER_CLOSE, 90 by default) after the request closes. Proof of
a representative's authority (letters testamentary, a power of attorney, guardianship papers)
is what a disclosure rested on, and the scan of a request that arrived on paper is the
request itself, so both are kept with the rest of the request's file for 6 years
(45 CFR 164.530(j)(2)) before their bytes go. Released records: their bytes are removed
RELEASE_DAYS_KEPT days (90) after release (`released_files_kept_until` says until when;
`releases.retention` purges). Each file's metadata row stays, with `purged_at` set, as the
record that it existed."""

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from records_app import practice
from records_app.documents import storage
from records_app.extensions import db
from records_app.models import DocumentKind, IdentityDocument, RecordsRequest, utcnow

# 45 CFR 164.530(j)(2): six years from the date the record was created or last in effect.
KEPT_SIX_YEARS = frozenset({DocumentKind.PROOF_OF_AUTHORITY, DocumentKind.SIGNED_PAPER_FORM})


def six_years_before(moment: datetime) -> datetime:
    """The same calendar day six years earlier (28 February for a 29 February)."""
    try:
        return moment.replace(year=moment.year - 6)
    except ValueError:
        return moment.replace(year=moment.year - 6, day=28)


def documents_due_for_purge(closed_before: datetime) -> list[IdentityDocument]:
    """Photo IDs of requests closed before `closed_before`; proof of authority of requests
    closed more than six years before it."""
    kept_long = IdentityDocument.kind.in_(KEPT_SIX_YEARS)
    return list(
        db.session.scalars(
            sa.select(IdentityDocument)
            .join(RecordsRequest, IdentityDocument.request_id == RecordsRequest.id)
            .where(
                RecordsRequest.closed_at.is_not(None),
                RecordsRequest.closed_at < closed_before,
                sa.or_(~kept_long, RecordsRequest.closed_at < six_years_before(closed_before)),
                IdentityDocument.purged_at.is_(None),
            )
            .order_by(IdentityDocument.id)
        )
    )


def purge_identity_documents(days_after_close: int) -> list[int]:
    """Removes the stored bytes of identity documents of requests closed more than
    `days_after_close` days ago, in the caller's transaction; returns the documents' ids.
    Already purged documents are skipped, so running it again removes nothing more."""
    now = utcnow()
    documents = documents_due_for_purge(now - timedelta(days=days_after_close))
    document_ids = [document.id for document in documents]
    if document_ids:
        storage.remove(document_ids)
        for document in documents:
            document.purged_at = now
        db.session.flush()
    return document_ids


def released_files_kept_until(released_at: datetime, days_kept: int) -> date:
    """The last day a request's released files can be downloaded, as the practice counts
    days; the purge of that many days after release removes them."""
    return practice.local_date(released_at + timedelta(days=days_kept))
