"""The outbox of e-mails owed to requesters, and of the staff's morning digest."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records_app.extensions import db
from records_app.models.base import LabelledChoice, UTCDateTime, enum_column, utcnow


class MessageKind(LabelledChoice):
    """The e-mails a requester gets: one on receipt, one on each status change they need
    to hear about, and their tracking code again when they ask for it."""

    RECEIVED = "received", "Request received"
    NEEDS_INFO = "needs_info", "Information needed"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"
    NO_RECORDS = "no_records", "No records held"
    REVIEW_DECIDED = "review_decided", "Review decided"
    REVIEW_WITHDRAWN = "review_withdrawn", "Review request withdrawn"
    REOPENED = "reopened", "Request re-opened"
    FULFILLED = "fulfilled", "Records sent"
    EXTENDED = "extended", "Deadline extended"
    WITHDRAWN = "withdrawn", "Withdrawn"
    FEE_QUOTED = "fee_quoted", "Fee quoted"
    PAYMENT_RECEIVED = "payment_received", "Payment received"
    FEE_WAIVED = "fee_waived", "Fee waived"
    DOWNLOAD_CODE = "download_code", "Download code"
    # To the third party the records were directed to, not to the requester.
    RECORDS_LINK = "records_link", "Link to the records (third party)"
    # The released files attached, unencrypted, as the requester chose.
    RECORDS_ATTACHED = "records_attached", "Records attached (unencrypted)"
    CLOSED_UNANSWERED = "closed_unanswered", "Closed without an answer"
    # To a staff member, not a requester (records_app/reminders).
    DIGEST = "digest", "Morning digest"
    TRACKING_CODE = "tracking_code", "Tracking code sent again"


class MessageStatus(LabelledChoice):
    # written with the status change, not tried yet
    PENDING = "pending", "Waiting to be sent"
    # claimed by one process, which is talking to the mail server
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    # the last try failed; `flask mail send` tries again ten minutes later
    FAILED = "failed", "Failed; will be tried again"
    # failed MAIL_MAX_ATTEMPTS times; staff tell the requester otherwise
    GAVE_UP = "gave_up", "Not sent; gave up"
    # e-mail was off: written to the application log instead
    LOGGED = "logged", "Not sent; e-mail was off"
    # its address had been sent MAIL_PER_ADDRESS_PER_DAY messages in the day: never sent,
    # so that the public form cannot be used to flood someone's inbox
    HELD_BACK = "held_back", "Not sent; too many to one address"
    # not yet sent when staff marked its request as spam: never sent
    CANCELLED = "cancelled", "Not sent; marked as spam"


class OutgoingMessage(db.Model):
    """The outbox: one row per e-mail owed to a requester, written in the transaction of the
    status change it reports, so that a change is never committed without its message nor a
    message sent for a change that was rolled back. The address is read from the request
    when the message is sent, never copied here; `last_error` says what went wrong without
    quoting the server, whose replies can carry the address.

    A staff member's morning digest is a row too, addressed to the account instead of a
    request, one a day (`digest_on`), so that two runs of `flask digest send` never send it
    twice."""

    __tablename__ = "outgoing_message"
    __table_args__ = (
        sa.Index("ix_outgoing_message_unsent", "status", "id"),
        sa.Index("ix_outgoing_message_address_recent", "address_lookup", "claimed_at"),
        sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_at_iff_sent"),
        sa.CheckConstraint("(request_id IS NULL) <> (staff_user_id IS NULL)", name="one_addressee"),
        sa.CheckConstraint(
            "(digest_on IS NULL) = (staff_user_id IS NULL)", name="digest_on_iff_staff"
        ),
        sa.UniqueConstraint("staff_user_id", "digest_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    digest_on: Mapped[date | None]
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind, "message_kind"))
    # The keyed hash of the address it goes to (never the address), to count what one
    # address was sent lately; empty on messages queued before the count began.
    address_lookup: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[MessageStatus] = mapped_column(
        enum_column(MessageStatus, "message_status"), default=MessageStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
