"""Standard wordings staff pick from instead of typing them again."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records_app.extensions import db
from records_app.models.base import LabelledChoice, UTCDateTime, enum_column, utcnow


class CannedTextUse(LabelledChoice):
    REQUEST_INFO = "request_info", "Request for information"
    DENIAL = "denial", "Denial"
    # 45 CFR 164.524(d)(3): where to direct a request for records the practice does not hold.
    RECORDS_ELSEWHERE = "records_elsewhere", "Where records are held elsewhere"


class CannedText(db.Model):
    """A standard wording staff can pick instead of typing it again; admins keep the list.
    Retired texts stay, so the audit trail's ids keep pointing at what they were."""

    __tablename__ = "canned_text"
    __table_args__ = (sa.UniqueConstraint("use", "title", name="uq_canned_text_use_title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    use: Mapped[CannedTextUse] = mapped_column(enum_column(CannedTextUse, "canned_text_use"))
    title: Mapped[str] = mapped_column(sa.String(80))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
