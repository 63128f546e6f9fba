"""The one place the bytes of identity documents are kept: a row of
`identity_document_content` per document, in the database (backed up with it, the same on
SQLite and PostgreSQL). Everything else goes through these three functions. The column
seals the bytes with the records keys (records_app/crypto/keyring.py), so what is read here is
the plaintext the stored SHA-256 was taken over, and `flask keys rotate` re-seals them with
the rest."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import IdentityDocument, IdentityDocumentContent


def put(document: IdentityDocument, content: bytes) -> None:
    """Stores the bytes of a document already added (and flushed) to the session."""
    db.session.add(IdentityDocumentContent(document_id=document.id, content=content))


def read(document: IdentityDocument) -> bytes | None:
    """The stored bytes, or None when there are none (purged)."""
    return db.session.scalar(
        sa.select(IdentityDocumentContent.content).where(
            IdentityDocumentContent.document_id == document.id
        )
    )


def remove(document_ids: list[int]) -> None:
    db.session.execute(
        sa.delete(IdentityDocumentContent).where(
            IdentityDocumentContent.document_id.in_(document_ids)
        )
    )
