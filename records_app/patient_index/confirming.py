"""A staff member's confirmation of the patient a request is about, which tells the desk
where the chart is. It changes no status, so it is not a lifecycle step, but it is an event
in the request's history like one (as documents sent from the status page are)."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.lifecycle import Action, ActionRefused, events
from records_app.models import (
    Patient,
    PatientMatch,
    RecordsRequest,
    RequestEvent,
    StaffUser,
    utcnow,
)
from records_app.patient_index.matching import is_candidate


def confirmed_match(records_request: RecordsRequest) -> PatientMatch | None:
    return db.session.scalar(
        sa.select(PatientMatch).where(PatientMatch.request_id == records_request.id)
    )


def confirm_chart(records_request: RecordsRequest, patient: Patient, actor: StaffUser) -> None:
    """Only a patient born on the request's date of birth can be confirmed; confirming
    another patient later replaces the first, and the history keeps both."""
    if not is_candidate(records_request, patient):
        raise ActionRefused("That patient was not born on the date of birth the request gives.")
    now = utcnow()
    match = confirmed_match(records_request) or PatientMatch(request_id=records_request.id)
    match.patient_id = patient.id
    match.confirmed_at = now
    match.confirmed_by_id = actor.id
    db.session.add(match)
    events.record(
        records_request,
        RequestEvent(
            request_id=records_request.id,
            occurred_at=now,
            actor_id=actor.id,
            action=Action.CONFIRM_CHART,
            from_status=records_request.status,
            to_status=records_request.status,
            reason=f"Record {patient.record_number}; chart kept at {patient.chart_location}",
        ),
    )
