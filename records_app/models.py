"""The database tables. Statuses and choices are StrEnums so that code, templates and the
schema's CHECK constraints share one spelling."""

from datetime import UTC, date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.types import TypeDecorator

from . import encryption
from .encrypted_types import EncryptedBytes, EncryptedDate, EncryptedJSON, EncryptedText
from .extensions import db


def full_name(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both databases: SQLite keeps no offset, so the
    value is stored as naive UTC and handed back with UTC attached."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _enum(enum_class: type[StrEnum], name: str) -> sa.Enum:
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Status(StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    FULFILLED = "fulfilled"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    DENIAL_REVIEW = "denial_review"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.NEEDS_INFO,
    Status.APPROVED,
    Status.DENIAL_REVIEW,
)

STATUS_LABELS = {
    Status.SUBMITTED: "Received",
    Status.IN_REVIEW: "In review",
    Status.NEEDS_INFO: "Waiting for information",
    Status.APPROVED: "Approved",
    Status.FULFILLED: "Sent",
    Status.DENIED: "Denied",
    Status.WITHDRAWN: "Withdrawn",
    Status.DENIAL_REVIEW: "Denial under review",
}


class RequesterKind(StrEnum):
    PATIENT = "patient"
    REPRESENTATIVE = "representative"


class RepresentativeAuthority(StrEnum):
    PARENT_OF_MINOR = "parent_of_minor"
    LEGAL_GUARDIAN = "legal_guardian"
    HEALTH_CARE_POA = "health_care_poa"
    ESTATE_EXECUTOR = "estate_executor"


class RecordsScope(StrEnum):
    ALL = "all"
    SELECTED = "selected"


class RecipientKind(StrEnum):
    PATIENT = "patient"
    THIRD_PARTY = "third_party"


class RecordFormat(StrEnum):
    PAPER = "paper"
    PDF_EMAIL = "pdf_email"
    CD_DVD = "cd_dvd"


class Delivery(StrEnum):
    MAIL = "mail"
    PICKUP = "pickup"
    SECURE_EMAIL = "secure_email"


class FulfilmentMethod(StrEnum):
    MAIL = "mail"
    SECURE_EMAIL = "secure_email"
    PICKUP = "pickup"
    FAX = "fax"


class ReceivedVia(StrEnum):
    ONLINE = "online"
    MAIL = "mail"
    FAX = "fax"
    IN_PERSON = "in_person"

    @property
    def label(self) -> str:
        return RECEIVED_VIA_LABELS[self]


# Written to follow "Received", as a request's history reads: "Received by mail".
RECEIVED_VIA_LABELS = {
    ReceivedVia.ONLINE: "Online",
    ReceivedVia.MAIL: "By mail",
    ReceivedVia.FAX: "By fax",
    ReceivedVia.IN_PERSON: "In person",
}


class Role(StrEnum):
    STAFF = "staff"
    ADMIN = "admin"


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.STAFF)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Sign-in defences (see auth/lockout.py and auth/two_step.py).
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


class RecordsRequest(db.Model):
    __tablename__ = "records_request"
    __table_args__ = (
        sa.Index("ix_records_request_queue", "status", "due_at", "id"),
        sa.Index("ix_records_request_fulfilled", "status", "sent_on", "id"),
        sa.Index("ix_records_request_received", "received_at", "id"),
        sa.CheckConstraint(
            "(status IN ('denied', 'denial_review')) = (denial_basis IS NOT NULL)",
            name="denial_basis_iff_denied",
        ),
        sa.CheckConstraint(
            "(status = 'fulfilled') = (fulfilled_at IS NOT NULL)",
            name="fulfilled_at_iff_fulfilled",
        ),
        sa.CheckConstraint("due_at >= original_due_at", name="due_never_earlier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(EncryptedText("records_request.tracking_code"))
    tracking_code_lookup: Mapped[str] = mapped_column(sa.String(64), unique=True)
    submission_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    status: Mapped[Status] = mapped_column(_enum(Status, "status"), default=Status.SUBMITTED)
    version: Mapped[int] = mapped_column(default=1)
    received_via: Mapped[ReceivedVia] = mapped_column(
        _enum(ReceivedVia, "received_via"), default=ReceivedVia.ONLINE
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    original_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    extension_reason: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.extension_reason")
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requester_kind: Mapped[RequesterKind] = mapped_column(_enum(RequesterKind, "requester_kind"))
    representative_name: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.representative_name", length=120)
    )
    representative_authority: Mapped[RepresentativeAuthority | None] = mapped_column(
        _enum(RepresentativeAuthority, "representative_authority")
    )

    patient_first_name: Mapped[str] = mapped_column(
        EncryptedText("records_request.patient_first_name", length=60)
    )
    patient_middle_name: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.patient_middle_name", length=60)
    )
    patient_last_name: Mapped[str] = mapped_column(
        EncryptedText("records_request.patient_last_name", length=60)
    )
    patient_last_name_lookup: Mapped[str] = mapped_column(sa.String(64), index=True)
    patient_other_names: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.patient_other_names", length=200)
    )
    date_of_birth: Mapped[date] = mapped_column(EncryptedDate("records_request.date_of_birth"))
    date_of_birth_lookup: Mapped[str] = mapped_column(sa.String(64), index=True)
    phone: Mapped[str] = mapped_column(EncryptedText("records_request.phone", length=32))
    email: Mapped[str | None] = mapped_column(EncryptedText("records_request.email", length=254))
    address_street: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.address_street", length=200)
    )
    address_city: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.address_city", length=100)
    )
    address_state: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.address_state", length=2)
    )
    address_zip: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.address_zip", length=10)
    )

    records_scope: Mapped[RecordsScope] = mapped_column(_enum(RecordsScope, "records_scope"))
    record_categories: Mapped[list[str]] = mapped_column(
        EncryptedJSON("records_request.record_categories"), default=list
    )
    other_records_description: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.other_records_description", length=500)
    )
    service_from: Mapped[date | None]
    service_to: Mapped[date | None]

    recipient_kind: Mapped[RecipientKind] = mapped_column(_enum(RecipientKind, "recipient_kind"))
    recipient_name: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.recipient_name", length=120)
    )
    recipient_organization: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.recipient_organization", length=200)
    )
    recipient_address: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.recipient_address", length=300)
    )
    recipient_phone: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.recipient_phone", length=32)
    )
    recipient_fax: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.recipient_fax", length=32)
    )
    recipient_email: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.recipient_email", length=254)
    )
    record_format: Mapped[RecordFormat] = mapped_column(_enum(RecordFormat, "record_format"))
    delivery: Mapped[Delivery] = mapped_column(_enum(Delivery, "delivery"))
    purpose: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.purpose", length=500)
    )
    sensitive_initials: Mapped[dict[str, str]] = mapped_column(
        EncryptedJSON("records_request.sensitive_initials"), default=dict
    )

    authorization_expires_on: Mapped[date | None]
    signature_name: Mapped[str] = mapped_column(
        EncryptedText("records_request.signature_name", length=120)
    )
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    info_requested_message: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.info_requested_message")
    )
    denial_basis: Mapped[str | None] = mapped_column(sa.String(40))
    denial_explanation: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.denial_explanation")
    )

    sent_on: Mapped[date | None]
    fulfilment_method: Mapped[FulfilmentMethod | None] = mapped_column(
        _enum(FulfilmentMethod, "fulfilment_method")
    )
    records_sent: Mapped[str | None] = mapped_column(EncryptedText("records_request.records_sent"))
    sent_to: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.sent_to", length=300)
    )
    carrier_tracking: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.carrier_tracking", length=100)
    )
    fee_cents: Mapped[int] = mapped_column(default=0)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fulfilled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assigned_to: Mapped[StaffUser | None] = relationship(foreign_keys=[assigned_to_id])
    fulfilled_by: Mapped[StaffUser | None] = relationship(foreign_keys=[fulfilled_by_id])
    events: Mapped[list["RequestEvent"]] = relationship(
        back_populates="request", order_by="RequestEvent.id"
    )
    notes: Mapped[list["StaffNote"]] = relationship(
        back_populates="request", order_by="StaffNote.id"
    )
    identity_documents: Mapped[list["IdentityDocument"]] = relationship(
        back_populates="request", order_by="IdentityDocument.id"
    )
    letters: Mapped[list["Letter"]] = relationship(back_populates="request", order_by="Letter.id")

    @validates("tracking_code", "patient_last_name", "date_of_birth")
    def _keep_lookup(self, field: str, value):
        """Each searchable value carries its keyed hash, set with it so they never differ."""
        setattr(self, f"{field}_lookup", encryption.lookup(field, value))
        return value

    @property
    def patient_full_name(self) -> str:
        return full_name(self.patient_first_name, self.patient_middle_name, self.patient_last_name)

    @property
    def is_extended(self) -> bool:
        """Extended under 164.524(b)(2)(ii); a denial review moves due_at without this."""
        return self.extension_reason is not None


class RequestStatusCount(db.Model):
    """How many requests are in each status, one row per status, so that the queue page
    reads eight rows instead of counting every open request. The lifecycle keeps it exact
    in each step's own transaction; `lifecycle.recount` rebuilds it after a bulk import."""

    __tablename__ = "request_status_count"

    status: Mapped[Status] = mapped_column(_enum(Status, "status"), primary_key=True)
    count: Mapped[int]


class RequestEvent(db.Model):
    """One row per thing that happened to a request; the request's history page is these."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(sa.String(32))
    from_status: Mapped[Status | None] = mapped_column(_enum(Status, "from_status"))
    to_status: Mapped[Status] = mapped_column(_enum(Status, "to_status"))
    reason: Mapped[str | None] = mapped_column(EncryptedText("request_event.reason"))

    request: Mapped[RecordsRequest] = relationship(back_populates="events")
    actor: Mapped[StaffUser | None] = relationship()


class StaffNote(db.Model):
    """Internal notes; never shown to the requester."""

    __tablename__ = "staff_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    body: Mapped[str] = mapped_column(EncryptedText("staff_note.body"))

    request: Mapped[RecordsRequest] = relationship(back_populates="notes")
    author: Mapped[StaffUser] = relationship()


class DocumentKind(StrEnum):
    PHOTO_ID = "photo_id"
    PROOF_OF_AUTHORITY = "proof_of_authority"

    @property
    def label(self) -> str:
        return "Photo ID" if self is DocumentKind.PHOTO_ID else "Proof of authority"


class IdentityDocument(db.Model):
    """An identity document sent with a request: what it was, who sent it, its SHA-256.
    The bytes live in `identity_document_content`, reached only through
    `records_app.document_storage`. The retention purge removes the bytes and sets
    `purged_at`; this row stays, as the record that the document existed."""

    __tablename__ = "identity_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(_enum(DocumentKind, "document_kind"))
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


class LetterKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    AUTHORIZATION = "authorization"
    EXTENSION_NOTICE = "extension_notice"
    INFORMATION_REQUEST = "information_request"
    DENIAL = "denial"
    COVER_LETTER = "cover_letter"

    @property
    def label(self) -> str:
        return LETTER_KIND_LABELS[self]


LETTER_KIND_LABELS = {
    LetterKind.ACKNOWLEDGEMENT: "Acknowledgement of receipt",
    LetterKind.AUTHORIZATION: "Signed authorization",
    LetterKind.EXTENSION_NOTICE: "Extension notice",
    LetterKind.INFORMATION_REQUEST: "Request for information",
    LetterKind.DENIAL: "Denial letter",
    LetterKind.COVER_LETTER: "Fulfilment cover letter",
}


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
    kind: Mapped[LetterKind] = mapped_column(_enum(LetterKind, "letter_kind"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None when the requester's own submission produced it (the acknowledgement).
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    content: Mapped[bytes | None] = mapped_column(EncryptedBytes("letter.content"), deferred=True)

    request: Mapped[RecordsRequest] = relationship(back_populates="letters")
    created_by: Mapped[StaffUser | None] = relationship()


class CannedTextUse(StrEnum):
    REQUEST_INFO = "request_info"
    DENIAL = "denial"

    @property
    def label(self) -> str:
        return "Request for information" if self is CannedTextUse.REQUEST_INFO else "Denial"


class CannedText(db.Model):
    """A standard wording staff can pick instead of typing it again; admins keep the list.
    Retired texts stay, so the audit trail's ids keep pointing at what they were."""

    __tablename__ = "canned_text"
    __table_args__ = (sa.UniqueConstraint("use", "title", name="uq_canned_text_use_title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    use: Mapped[CannedTextUse] = mapped_column(_enum(CannedTextUse, "canned_text_use"))
    title: Mapped[str] = mapped_column(sa.String(80))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


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
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    row_hash: Mapped[str] = mapped_column(sa.String(64))

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


class MessageKind(StrEnum):
    """The e-mails a requester gets: one on receipt and one on each status change they need
    to hear about."""

    RECEIVED = "received"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    DENIED = "denied"
    FULFILLED = "fulfilled"
    EXTENDED = "extended"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return MESSAGE_KIND_LABELS[self]


MESSAGE_KIND_LABELS = {
    MessageKind.RECEIVED: "Request received",
    MessageKind.NEEDS_INFO: "Information needed",
    MessageKind.APPROVED: "Approved",
    MessageKind.DENIED: "Denied",
    MessageKind.FULFILLED: "Records sent",
    MessageKind.EXTENDED: "Deadline extended",
    MessageKind.WITHDRAWN: "Withdrawn",
}


class MessageStatus(StrEnum):
    PENDING = "pending"  # written with the status change, not tried yet
    SENDING = "sending"  # claimed by one process, which is talking to the mail server
    SENT = "sent"
    FAILED = "failed"  # the last try failed; `flask mail send` tries again ten minutes later
    GAVE_UP = "gave_up"  # failed MAIL_MAX_ATTEMPTS times; staff tell the requester otherwise
    LOGGED = "logged"  # e-mail was off: written to the application log instead

    @property
    def label(self) -> str:
        return MESSAGE_STATUS_LABELS[self]


MESSAGE_STATUS_LABELS = {
    MessageStatus.PENDING: "Waiting to be sent",
    MessageStatus.SENDING: "Being sent",
    MessageStatus.SENT: "Sent",
    MessageStatus.FAILED: "Failed; will be tried again",
    MessageStatus.GAVE_UP: "Not sent; gave up",
    MessageStatus.LOGGED: "Not sent; e-mail was off",
}


class OutgoingMessage(db.Model):
    """The outbox: one row per e-mail owed to a requester, written in the transaction of the
    status change it reports, so that a change is never committed without its message nor a
    message sent for a change that was rolled back. The address is read from the request
    when the message is sent, never copied here; `last_error` says what went wrong without
    quoting the server, whose replies can carry the address."""

    __tablename__ = "outgoing_message"
    __table_args__ = (
        sa.Index("ix_outgoing_message_unsent", "status", "id"),
        sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_at_iff_sent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    kind: Mapped[MessageKind] = mapped_column(_enum(MessageKind, "message_kind"))
    status: Mapped[MessageStatus] = mapped_column(
        _enum(MessageStatus, "message_status"), default=MessageStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
