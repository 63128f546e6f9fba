"""The answers of a request form being filled in step by step, kept between the steps until
the requester signs and sends it. It is not a request: no tracking code, no clock, nothing
staff see. Its answers are sealed like a request's, and it expires."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records_app.crypto.column_types import EncryptedJSON
from records_app.extensions import db
from records_app.models.base import UTCDateTime


class RequestDraft(db.Model):
    __tablename__ = "request_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The keyed hash of the token in the visitor's session; the token itself is not stored.
    token_lookup: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The answers as typed, the steps answered, and the marks the final submission needs.
    contents: Mapped[dict] = mapped_column(EncryptedJSON("request_draft.contents"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
