"""The retention rule for identity documents: their bytes are removed a configurable number
of days (RETENTION_DAYS_AFTER_CLOSE, 90 by default) after the request closes. Nothing else
of a request's file is deleted for 6 years (45 CFR 164.530(j)), the scan of a request that
arrived on paper included (it is the request itself); each document's metadata row stays,
with `purged_at` set, as the record that it existed."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from records_app.documents import storage
from records_app.extensions import db
from records_app.models import DocumentKind, IdentityDocument, RecordsRequest, utcnow


def documents_due_for_purge(closed_before: datetime) -> list[IdentityDocument]:
    return list(
        db.session.scalars(
            sa.select(IdentityDocument)
            .join(RecordsRequest, IdentityDocument.request_id == RecordsRequest.id)
            .where(
                RecordsRequest.closed_at.is_not(None),
                RecordsRequest.closed_at < closed_before,
                IdentityDocument.purged_at.is_(None),
                IdentityDocument.kind != DocumentKind.SIGNED_PAPER_FORM,
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
