"""Released records: the files staff attach to a request for release, the encrypted chunks
any large stored file is kept in, the one-time codes a requester confirms before
downloading, and the links a third party downloads from."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records_app.crypto.column_types import EncryptedBytes, EncryptedText
from records_app.extensions import db
from records_app.models.accounts import StaffUser
from records_app.models.base import UTCDateTime, utcnow
from records_app.models.requests import RecordsRequest


class StoredFile(db.Model):
    """A file kept in the database as numbered, sealed chunks (`stored_file_chunk`), read
    and written only by `records_app.documents.storage`. Its size and SHA-256 are those of
    the plaintext; `purged_at` is set when the retention rule removed the chunks."""

    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    byte_size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    chunk_count: Mapped[int]
    # Every chunk but the last holds this many bytes, so a range is found without reading.
    chunk_bytes: Mapped[int]
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StoredFileChunk(db.Model):
    """One chunk of a stored file. The sealed value holds the file's id, the chunk's
    position and whether it is the last, so a chunk moved to another place or file, or a
    file cut short, fails to open (`documents.storage`)."""

    __tablename__ = "stored_file_chunk"
    __table_args__ = (sa.UniqueConstraint("file_id", "position", name="uq_stored_file_chunk"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_file.id"))
    position: Mapped[int]
    content: Mapped[bytes] = mapped_column(EncryptedBytes("stored_file_chunk.content"))


class ReleasedFile(db.Model):
    """A file of records attached to a request for release: its name as staff gave it, its
    type told from its bytes, its size, pages and SHA-256 (of the file as delivered, stamped
    where the stamp is on). This row is the manifest and stays for six years
    (45 CFR 164.530(j)); the bytes go after the retention period (`purged_at`)."""

    __tablename__ = "released_file"
    __table_args__ = (
        sa.UniqueConstraint("request_id", "uploaded_sha256", name="uq_released_file_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    stored_file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_file.id"))
    filename: Mapped[str] = mapped_column(EncryptedText("released_file.filename", length=200))
    content_type: Mapped[str] = mapped_column(sa.String(40))
    byte_size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    # The file as staff uploaded it, before the stamp: a second copy of it is refused.
    uploaded_sha256: Mapped[str] = mapped_column(sa.String(64))
    page_count: Mapped[int | None]
    stamped: Mapped[bool] = mapped_column(default=False)
    attached_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None when attached from the command line (`flask release attach`).
    attached_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[RecordsRequest] = relationship(back_populates="released_files")
    stored_file: Mapped[StoredFile] = relationship()
    attached_by: Mapped[StaffUser | None] = relationship()


class DownloadCode(db.Model):
    """The one-time code e-mailed to a requester before their first download (a step-up
    beyond the tracking code and date of birth): six digits, good for ten minutes and five
    tries, used once. Sealed at rest, since `flask mail send` writes it into the e-mail
    after the response. One row per request; asking again replaces the code."""

    __tablename__ = "download_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), unique=True)
    code: Mapped[str] = mapped_column(EncryptedText("download_code.code", length=6))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ThirdPartyLink(db.Model):
    """A link to the released records e-mailed to the third party the requester directed
    them to (an attorney, a new doctor). The random token in it is kept as its SHA-256;
    the token itself is sealed only until its e-mail is sent (`token_for_mail`, cleared
    then). Opening it asks for the patient's date of birth; five wrong ones lock it. It ends
    at `expires_at`, or when staff revoke it (issuing a new one revokes the old)."""

    __tablename__ = "third_party_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_for_mail: Mapped[str | None] = mapped_column(
        EncryptedText("third_party_link.token_for_mail")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[RecordsRequest] = relationship()
    created_by: Mapped[StaffUser | None] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped[StaffUser | None] = relationship(foreign_keys=[revoked_by_id])
