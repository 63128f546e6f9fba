"""The closed practice's own list of its patients (the patient index), imported from its
CSV, and the chart a staff member confirmed for a request. Every detail is sealed like a
request's; the record number and the date of birth carry keyed lookup hashes, the date of
birth's the same as a request's, so that a request's candidates are found by the hash
without unsealing the index."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records_app.crypto.column_types import EncryptedDate, EncryptedJSON, EncryptedText
from records_app.crypto.keyring import lookup
from records_app.extensions import db
from records_app.models.accounts import StaffUser
from records_app.models.base import UTCDateTime, utcnow
from records_app.models.requests import RecordsRequest


class Patient(db.Model):
    __tablename__ = "patient"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_number: Mapped[str] = mapped_column(EncryptedText("patient.record_number", length=40))
    record_number_lookup: Mapped[str] = mapped_column(sa.String(64), unique=True)
    first_name: Mapped[str] = mapped_column(EncryptedText("patient.first_name", length=60))
    middle_name: Mapped[str | None] = mapped_column(EncryptedText("patient.middle_name", length=60))
    last_name: Mapped[str] = mapped_column(EncryptedText("patient.last_name", length=60))
    # Names the patient was known by before (maiden names, earlier married names).
    former_names: Mapped[list[str]] = mapped_column(
        EncryptedJSON("patient.former_names"), default=list
    )
    date_of_birth: Mapped[date] = mapped_column(EncryptedDate("patient.date_of_birth"))
    date_of_birth_lookup: Mapped[str] = mapped_column(sa.String(64), index=True)
    sex: Mapped[str | None] = mapped_column(EncryptedText("patient.sex", length=20))
    first_visit_on: Mapped[date | None] = mapped_column(EncryptedDate("patient.first_visit_on"))
    last_visit_on: Mapped[date | None] = mapped_column(EncryptedDate("patient.last_visit_on"))
    chart_location: Mapped[str] = mapped_column(EncryptedText("patient.chart_location", length=200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.first_name, self.middle_name, self.last_name) if part
        )


def lookups(record_number: str, date_of_birth: date) -> dict[str, str]:
    """The keyed hashes a patient row carries beside its sealed record number and date of
    birth, for the import's bulk writes (which set columns, not attributes)."""
    return {
        "record_number_lookup": lookup("patient.record_number", record_number),
        "date_of_birth_lookup": lookup("date_of_birth", date_of_birth),
    }


class PatientMatch(db.Model):
    """The chart a staff member confirmed as the requester's patient: one per request
    (confirming another replaces it; each confirmation is an event in the history)."""

    __tablename__ = "patient_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), unique=True)
    patient_id: Mapped[int] = mapped_column(sa.ForeignKey("patient.id"), index=True)
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"))

    request: Mapped[RecordsRequest] = relationship()
    patient: Mapped[Patient] = relationship()
    confirmed_by: Mapped[StaffUser] = relationship()
