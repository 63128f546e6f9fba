"""What a requester answers: as the fields of a request (for the lifecycle's own tests and
the factories) and as a browser sends the public form and the staff's paper-request form."""

from datetime import date

from records_app.models import (
    Delivery,
    RecipientKind,
    RecordFormat,
    RecordsScope,
    RequesterKind,
    utcnow,
)
from tests.support.clock import days_before_today


def request_fields(**overrides) -> dict:
    """A complete, valid request from a patient asking for their own records."""
    fields = {
        "requester_kind": RequesterKind.PATIENT,
        "patient_first_name": "Margaret",
        "patient_middle_name": "Ann",
        "patient_last_name": "Holloway",
        "date_of_birth": date(1951, 4, 17),
        "phone": "(503) 555-0142",
        "email": "margaret@example.net",
        "address_street": "1420 SE Alder St",
        "address_city": "Portland",
        "address_state": "OR",
        "address_zip": "97214",
        "records_scope": RecordsScope.ALL,
        "recipient_kind": RecipientKind.PATIENT,
        "record_format": RecordFormat.PAPER,
        "delivery": Delivery.MAIL,
        "signature_name": "Margaret Ann Holloway",
        "signed_at": utcnow(),
    }
    fields.update(overrides)
    return fields


def form_answers(**overrides) -> dict:
    """What a browser sends for a complete, valid request form: a patient asking for their
    own records on paper by mail. An override of None leaves that answer out."""
    answers = {
        "requester_kind": "patient",
        "patient_first_name": "Margaret",
        "patient_middle_name": "Ann",
        "patient_last_name": "Holloway",
        "patient_other_names": "Margaret Dunn",
        "date_of_birth": "1951-04-17",
        "phone": "503.555.0142",
        "email": "margaret@example.net",
        "address_street": "1420 SE Alder St",
        "address_city": "Portland",
        "address_state": "OR",
        "address_zip": "97214",
        "records_scope": "all",
        "recipient_kind": "patient",
        "record_format": "paper",
        "delivery": "mail",
        "signature_name": "Margaret Ann Holloway",
        "confirms_truth": "y",
    }
    answers.update(overrides)
    return {name: value for name, value in answers.items() if value is not None}


def third_party_answers(**overrides) -> dict:
    """A valid request sending the patient's records to a new doctor."""
    return form_answers(
        **{
            "recipient_kind": "third_party",
            "recipient_name": "Dr. Priya Natarajan",
            "recipient_organization": "Cascade Vein Clinic",
            "recipient_address": "200 NE Pine St\nSuite 4\nPortland, OR 97232",
            "recipient_fax": "503-555-0199",
            "purpose": "At the request of the individual",
            "expiry": "one_year",
            "understands_revoking": "y",
            "understands_no_treatment_condition": "y",
            "understands_redisclosure": "y",
            **overrides,
        }
    )


def paper_answers(answers: dict | None = None, **overrides) -> dict:
    """A request received by mail ten days ago, as staff enter it from the paper; an
    override of None leaves that answer out."""
    fields = {
        **(answers or form_answers()),
        "received_via": "mail",
        "received_on": days_before_today(10).isoformat(),
        **overrides,
    }
    fields.setdefault("signed_on", fields["received_on"])
    return {name: value for name, value in fields.items() if value is not None}
