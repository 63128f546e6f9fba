"""The files kept with a request: identity documents (their bytes in a table of their own)
and the letters the app wrote."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records_app.crypto.column_types import EncryptedBytes
from records_app.extensions import db
from records_app.models.accounts import StaffUser
from records_app.models.base import LabelledChoice, UTCDateTime, enum_column, utcnow
from records_app.models.requests import RecordsRequest


class DocumentKind(LabelledChoice):
    PHOTO_ID = "photo_id", "Photo ID"
    PROOF_OF_AUTHORITY = "proof_of_authority", "Proof of authority"
    # The scan of a request that arrived on paper, kept with it for six years.
    SIGNED_PAPER_FORM = "signed_paper_form", "Scan of the signed paper request"


class IdentityDocument(db.Model):
    """An identity document sent with a request: what it was, who sent it, its SHA-256.
    The bytes live in `identity_document_content`, reached only through
    `records_app.documents.storage`. The retention purge removes the bytes and sets
    `purged_at`; this row stays, as the record that the document existed."""

    __tablename__ = "identity_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    content_type: Mapped[str] = mapped_column(sa.String(40))
    byte_size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None when the requester sent it with the form; the staff member's id otherwise.
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by the approval whose identity check this document supported (164.514(h)), so the
    # file still shows what the approval rested on after the retention purge.
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))

    request: Mapped[RecordsRequest] = relationship(back_populates="identity_documents")
    uploaded_by: Mapped[StaffUser | None] = relationship(foreign_keys=[uploaded_by_id])
    verified_by: Mapped[StaffUser | None] = relationship(foreign_keys=[verified_by_id])


class IdentityDocumentContent(db.Model):
    """The stored bytes of one identity document, in their own table so that listing
    documents never loads them and the purge can delete them alone."""

    __tablename__ = "identity_document_content"

    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("identity_document.id"), primary_key=True, autoincrement=False
    )
    content: Mapped[bytes] = mapped_column(EncryptedBytes("identity_document_content.content"))


class LetterKind(LabelledChoice):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement of receipt"
    AUTHORIZATION = "authorization", "Signed authorization"
    EXTENSION_NOTICE = "extension_notice", "Extension notice"
    INFORMATION_REQUEST = "information_request", "Request for information"
    DENIAL = "denial", "Denial letter"
    NO_RECORDS = "no_records", "No records held"
    REVIEW_DECISION = "review_decision", "Decision of the review of a denial"
    REOPENED = "reopened", "Request re-opened"
    WITHHELD_NOTICE = "withheld_notice", "Notice of a part withheld"
    COVER_LETTER = "cover_letter", "Fulfilment cover letter"
    FEE_QUOTE = "fee_quote", "Fee quote"
    INVOICE = "invoice", "Invoice"
    RECEIPT = "receipt", "Receipt for a payment"
    CLOSED_UNANSWERED = "closed_unanswered", "Closed: no answer"


class Letter(db.Model):
    """A PDF letter the app wrote when a request reached a step that calls for one, kept as
    sent (45 CFR 164.530(j)). The bytes are read and written only by
    `records_app.letters.storage`, and are not loaded when letters are listed. A letter
    written after its step (see `storage.WRITTEN_AFTER_THE_RESPONSE`) has no bytes and no
    SHA-256 until then: it is pending."""

    __tablename__ = "letter"
    __table_args__ = (
        sa.CheckConstraint("(content IS NULL) = (sha256 IS NULL)", name="written_whole"),
        sa.Index(
            "ix_letter_pending",
            "id",
            sqlite_where=sa.text("sha256 IS NULL"),
            postgresql_where=sa.text("sha256 IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    kind: Mapped[LetterKind] = mapped_column(enum_column(LetterKind, "letter_kind"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None when the requester's own submission produced it (the acknowledgement).
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    content: Mapped[bytes | None] = mapped_column(EncryptedBytes("letter.content"), deferred=True)
    # The print run the letter was printed in, and when that run was marked mailed: when the
    # letter went out by post (records_app/print_run).
    print_run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("print_run.id"), index=True)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[RecordsRequest] = relationship(back_populates="letters")
    created_by: Mapped[StaffUser | None] = relationship()
