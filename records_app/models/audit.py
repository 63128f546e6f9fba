"""The audit trail's rows and the one row that says where its hash chain ends."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records_app.extensions import db
from records_app.models.accounts import StaffUser
from records_app.models.base import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """Who did what and when (45 CFR 164.312(b) audit controls). Rows are only ever added,
    and hold ids and counts, never patient information."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    actor_label: Mapped[str] = mapped_column(sa.String(120))
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    request_id: Mapped[int | None] = mapped_column(sa.ForeignKey("records_request.id"))
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))
    # Tamper evidence: row_hash covers this row and prev_hash, the previous row's row_hash.
    # It is an HMAC-SHA256 under the audit key named by key_id; rows written before the
    # chain was keyed have no key_id and a plain SHA-256 (records_app/audit/trail.py).
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    row_hash: Mapped[str] = mapped_column(sa.String(64))
    key_id: Mapped[str | None] = mapped_column(sa.String(8))

    actor: Mapped[StaffUser | None] = relationship()


class AuditChainHead(db.Model):
    """The one row that says where the audit chain ends. Every append updates it in the
    appender's transaction, so appends queue behind each other (row lock on PostgreSQL, write
    lock on SQLite) and a removed last row shows as a head pointing past the end."""

    __tablename__ = "audit_chain_head"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int]
    last_hash: Mapped[str] = mapped_column(sa.String(64))
