"""Staff accounts and their signed-in sessions (45 CFR 164.312(a)(2)(i) unique user
identification, (a)(2)(iii) automatic log-off)."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records_app.crypto.column_types import EncryptedText
from records_app.extensions import db
from records_app.models.base import UTCDateTime, enum_column, utcnow


class Role(StrEnum):
    STAFF = "staff"
    ADMIN = "admin"


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.STAFF)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Sign-in defences (see accounts/lockout.py and accounts/two_step.py).
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_secret: Mapped[str | None] = mapped_column(
        EncryptedText("staff_user.totp_secret", length=64)
    )
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    recovery_code_hashes: Mapped[list[str]] = mapped_column(
        sa.JSON, default=list, server_default="[]"
    )
    # The morning digest of the desk (records_app/reminders), which each person may turn off.
    wants_digest: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def has_two_step(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class StaffSession(db.Model):
    """A signed-in browser, kept server-side so that the idle and absolute limits, sign-out
    and deactivation hold whatever the cookie says (45 CFR 164.312(a)(2)(iii))."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(sa.String(32))

    user: Mapped[StaffUser] = relationship()
