"""A records request and what hangs off it: its history of events, staff notes, and the kept
count of requests in each status."""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from records_app.crypto.column_types import EncryptedDate, EncryptedJSON, EncryptedText
from records_app.crypto.keyring import lookup
from records_app.extensions import db
from records_app.models.accounts import StaffUser
from records_app.models.base import LabelledChoice, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from records_app.models.fees import FeeQuote
    from records_app.models.files import IdentityDocument, Letter
    from records_app.models.releases import ReleasedFile


class Status(LabelledChoice):
    SUBMITTED = "submitted", "Received"
    IN_REVIEW = "in_review", "In review"
    NEEDS_INFO = "needs_info", "Waiting for information"
    APPROVED = "approved", "Approved"
    FULFILLED = "fulfilled", "Sent"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DENIAL_REVIEW = "denial_review", "Denial under review"
    # 45 CFR 164.524(d)(3): not a denial; the practice holds nothing to give access to.
    NO_RECORDS = "no_records", "No records held"
    # 45 CFR 164.524(d)(1), (a)(4): a part withheld from a release, under review; the part
    # released stays released.
    WITHHELD_REVIEW = "withheld_review", "Withheld part under review"
    # Not a request at all (a program filled in the form): closed with no letter and no
    # e-mail, and left out of the figures, the exports and the disclosure history.
    SPAM = "spam", "Spam"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.NEEDS_INFO,
    Status.APPROVED,
    Status.DENIAL_REVIEW,
    Status.WITHHELD_REVIEW,
)
# The answered requests; spam was never one.
CLOSED_STATUSES = tuple(
    status for status in Status if status not in OPEN_STATUSES and status is not Status.SPAM
)


class RequesterKind(LabelledChoice):
    PATIENT = "patient", "Patient"
    REPRESENTATIVE = "representative", "Personal representative"


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
    # Ordinary e-mail, which the requester may choose after a warning of its risk (HHS,
    # 45 CFR 164.524(c)(2) and (3) guidance on unencrypted e-mail to the individual).
    UNENCRYPTED_EMAIL = "unencrypted_email"


class FulfilmentMethod(LabelledChoice):
    MAIL = "mail", "Mail"
    SECURE_EMAIL = "secure_email", "Secure e-mail"
    PICKUP = "pickup", "Pick-up"
    FAX = "fax", "Fax"


class ReceivedVia(LabelledChoice):
    """Labels are written to follow "Received", as a request's history reads: "Received by
    mail"."""

    ONLINE = "online", "Online"
    MAIL = "mail", "By mail"
    FAX = "fax", "By fax"
    IN_PERSON = "in_person", "In person"


def full_name(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


def requester_name(asked) -> str:
    """Who is asking: the representative when one signed, else the patient. `asked` is a
    request, or a result row holding the same columns."""
    return asked.representative_name or full_name(
        asked.patient_first_name, asked.patient_middle_name, asked.patient_last_name
    )


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
            "(status IN ('fulfilled', 'withheld_review')) = (fulfilled_at IS NOT NULL)",
            name="fulfilled_at_iff_fulfilled",
        ),
        sa.CheckConstraint(
            "(withheld_basis IS NULL) = (withheld_description IS NULL)",
            name="withheld_part_has_its_basis",
        ),
        sa.CheckConstraint("due_at >= original_due_at", name="due_never_earlier"),
        sa.CheckConstraint(
            "(status = 'no_records') = (no_records_searched IS NOT NULL)",
            name="no_records_searched_iff_no_records",
        ),
        sa.CheckConstraint("language IN ('en', 'es')", name="language_offered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(EncryptedText("records_request.tracking_code"))
    tracking_code_lookup: Mapped[str] = mapped_column(sa.String(64), unique=True)
    submission_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    status: Mapped[Status] = mapped_column(enum_column(Status, "status"), default=Status.SUBMITTED)
    version: Mapped[int] = mapped_column(default=1)
    received_via: Mapped[ReceivedVia] = mapped_column(
        enum_column(ReceivedVia, "received_via"), default=ReceivedVia.ONLINE
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The requester's language (records_app.language): the page's when the form was sent,
    # or chosen by staff for a paper request. Letters and e-mails to the requester follow it.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    # An open request this one nearly repeats, when it came (records_app.resubmissions):
    # shown to staff, never a reason to refuse it.
    similar_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("records_request.id"))
    original_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    extension_reason: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.extension_reason")
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why a closed request was last re-opened, as the requester's letter gives it.
    reopen_reason: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.reopen_reason")
    )

    requester_kind: Mapped[RequesterKind] = mapped_column(
        enum_column(RequesterKind, "requester_kind")
    )
    representative_name: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.representative_name", length=120)
    )
    representative_authority: Mapped[RepresentativeAuthority | None] = mapped_column(
        enum_column(RepresentativeAuthority, "representative_authority")
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

    records_scope: Mapped[RecordsScope] = mapped_column(enum_column(RecordsScope, "records_scope"))
    record_categories: Mapped[list[str]] = mapped_column(
        EncryptedJSON("records_request.record_categories"), default=list
    )
    other_records_description: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.other_records_description", length=500)
    )
    service_from: Mapped[date | None]
    service_to: Mapped[date | None]

    recipient_kind: Mapped[RecipientKind] = mapped_column(
        enum_column(RecipientKind, "recipient_kind")
    )
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
    record_format: Mapped[RecordFormat] = mapped_column(enum_column(RecordFormat, "record_format"))
    delivery: Mapped[Delivery] = mapped_column(enum_column(Delivery, "delivery"))
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

    # What staff searched before finding nothing, and where the records may be instead
    # (the places admins keep as standard texts, as [name, how to ask] pairs).
    # The review of a denial (45 CFR 164.524(a)(4), (d)(4)): the reviewing professional's
    # role as the requester's letter names it, and their decision as the letter gives it.
    reviewer_role: Mapped[str | None] = mapped_column(sa.String(120))
    review_decision: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.review_decision")
    )
    no_records_searched: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.no_records_searched")
    )
    records_elsewhere: Mapped[list[list[str]] | None] = mapped_column(
        EncryptedJSON("records_request.records_elsewhere")
    )

    sent_on: Mapped[date | None]
    fulfilment_method: Mapped[FulfilmentMethod | None] = mapped_column(
        enum_column(FulfilmentMethod, "fulfilment_method")
    )
    records_sent: Mapped[str | None] = mapped_column(EncryptedText("records_request.records_sent"))
    sent_to: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.sent_to", length=300)
    )
    carrier_tracking: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.carrier_tracking", length=100)
    )
    # 45 CFR 164.524(d)(1): a part of what was asked that was withheld when the rest was
    # sent, with its basis (a key of DENIAL_BASES) and the explanation the requester reads.
    withheld_description: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.withheld_description")
    )
    withheld_basis: Mapped[str | None] = mapped_column(sa.String(40))
    withheld_explanation: Mapped[str | None] = mapped_column(
        EncryptedText("records_request.withheld_explanation")
    )
    # The fee charged when the records went out (records_app.fees.charge_at_release).
    fee_cents: Mapped[int] = mapped_column(default=0)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fulfilled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assigned_to: Mapped[StaffUser | None] = relationship(foreign_keys=[assigned_to_id])
    fulfilled_by: Mapped[StaffUser | None] = relationship(foreign_keys=[fulfilled_by_id])
    similar_to: Mapped["RecordsRequest | None"] = relationship(
        remote_side=[id], foreign_keys=[similar_to_id]
    )
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
    fee_quote: Mapped["FeeQuote | None"] = relationship(back_populates="request")
    released_files: Mapped[list["ReleasedFile"]] = relationship(
        back_populates="request", order_by="ReleasedFile.id"
    )

    @validates("tracking_code", "patient_last_name", "date_of_birth")
    def _keep_lookup(self, field: str, value):
        """Each searchable value carries its keyed hash, set with it so they never differ."""
        setattr(self, f"{field}_lookup", lookup(field, value))
        return value

    @property
    def released_files_held(self) -> list["ReleasedFile"]:
        """The released files whose bytes are still kept: the retention purge removes the
        bytes and leaves the manifest, so a purged file is listed but not offered."""
        return [released for released in self.released_files if not released.purged_at]

    @property
    def patient_full_name(self) -> str:
        return full_name(self.patient_first_name, self.patient_middle_name, self.patient_last_name)

    @property
    def requester_name(self) -> str:
        return requester_name(self)

    @property
    def is_partial_release(self) -> bool:
        """Released in part: sent, with a part withheld (45 CFR 164.524(d)(1))."""
        return self.withheld_description is not None

    @property
    def is_extended(self) -> bool:
        """Extended under 164.524(b)(2)(ii); a denial review moves due_at without this."""
        return self.extension_reason is not None


class RequestStatusCount(db.Model):
    """How many requests are in each status, one row per status, so that the queue page
    reads eight rows instead of counting every open request. The lifecycle keeps it exact
    in each step's own transaction; `lifecycle.recount` rebuilds it after a bulk import."""

    __tablename__ = "request_status_count"

    status: Mapped[Status] = mapped_column(enum_column(Status, "status"), primary_key=True)
    count: Mapped[int]


class RequestEvent(db.Model):
    """One row per thing that happened to a request; the request's history page is these."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(sa.String(32))
    from_status: Mapped[Status | None] = mapped_column(enum_column(Status, "from_status"))
    to_status: Mapped[Status] = mapped_column(enum_column(Status, "to_status"))
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
