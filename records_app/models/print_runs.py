"""A print run: the letters that go by post on one day, printed together with a sheet of
address labels, and marked mailed together."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records_app.extensions import db
from records_app.models.accounts import StaffUser
from records_app.models.base import UTCDateTime, utcnow


class PrintRun(db.Model):
    __tablename__ = "print_run"
    __table_args__ = (
        sa.CheckConstraint(
            "(mailed_at IS NULL) = (mailed_by_id IS NULL)", name="mailed_by_iff_mailed"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"))
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mailed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))

    created_by: Mapped[StaffUser] = relationship(foreign_keys=[created_by_id])
    mailed_by: Mapped[StaffUser | None] = relationship(foreign_keys=[mailed_by_id])
