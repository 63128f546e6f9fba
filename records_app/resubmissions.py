"""A new request that nearly repeats an open one: the same patient (last name and date of
birth, through their lookup hashes) asking for the records to go to the same place, within a
short while of the first. Such a request is flagged for staff, never refused: a patient who
has heard nothing, or who wants to correct an answer, sends the form again, and a program
sending the same answers over and over is caught the same way. Staff decide (withdraw one,
mark spam, or work both); the flag and the reason for it are on the queue and the request
page, and the flagging is audited with ids only."""

from datetime import timedelta

import sqlalchemy as sa

from records_app import audit
from records_app.extensions import db
from records_app.models import OPEN_STATUSES, RecipientKind, RecordsRequest

# How far back an open request still counts as the one a new request may repeat.
SIMILAR_WITHIN = timedelta(days=14)


def _same_recipient(one: RecordsRequest, other: RecordsRequest) -> bool:
    """Records to the patient, or to a third party of the same name (names are sealed, so
    they are compared here, not in SQL, among the few requests of the same patient)."""
    if one.recipient_kind != other.recipient_kind:
        return False
    if one.recipient_kind != RecipientKind.THIRD_PARTY:
        return True
    return (one.recipient_name or "").strip().casefold() == (
        other.recipient_name or ""
    ).strip().casefold()


def similar_open_request(new_request: RecordsRequest) -> RecordsRequest | None:
    """The most recent open request that the new one nearly repeats, if any."""
    candidates = db.session.scalars(
        sa.select(RecordsRequest)
        .where(
            RecordsRequest.id != new_request.id,
            RecordsRequest.status.in_(OPEN_STATUSES),
            RecordsRequest.patient_last_name_lookup == new_request.patient_last_name_lookup,
            RecordsRequest.date_of_birth_lookup == new_request.date_of_birth_lookup,
            RecordsRequest.received_at >= new_request.received_at - SIMILAR_WITHIN,
        )
        .order_by(RecordsRequest.received_at.desc(), RecordsRequest.id.desc())
    )
    return next((found for found in candidates if _same_recipient(new_request, found)), None)


def flag_if_similar(new_request: RecordsRequest, *, by: audit.Actor) -> RecordsRequest | None:
    """Marks the new request as nearly repeating an open one, audited; the one it repeats."""
    similar = similar_open_request(new_request)
    if similar is not None:
        new_request.similar_to = similar
        audit.record_by(
            by,
            "request.flagged_similar",
            request_id=new_request.id,
            details={"similar_to_id": similar.id},
        )
    return similar
