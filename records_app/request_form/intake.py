"""Turns a valid request form into a new RecordsRequest, keeping only the answers that apply:
a representative's details only when one is asking, the authorization's parts only when the
records go to a third party (the patient's own request asks for the minimum)."""

from datetime import date, datetime

from .. import practice
from ..models import (
    Delivery,
    RecipientKind,
    RecordFormat,
    RecordsRequest,
    RecordsScope,
    RepresentativeAuthority,
    RequesterKind,
)
from . import choices
from .forms import (
    RequestForm,
    chose_some_records,
    is_representative,
    to_third_party,
    wants_other_records,
)


def _blank_to_none(value):
    return value if value not in ("", None) else None


def one_year_after(day: date) -> date:
    """The same calendar day next year; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def authorization_expires_on(form: RequestForm, signed_on: date) -> date | None:
    """45 CFR 164.508(c)(1)(v): a release to a third party has an expiration date or event."""
    if not to_third_party(form):
        return None
    if form.expiry.data == choices.EXPIRY_ON_DATE:
        return form.expires_on.data
    return one_year_after(signed_on)


def _patient_answers(form: RequestForm) -> dict:
    names = (
        "patient_first_name",
        "patient_middle_name",
        "patient_last_name",
        "patient_other_names",
        "date_of_birth",
        "phone",
        "email",
        "address_street",
        "address_city",
        "address_state",
        "address_zip",
    )
    return {name: _blank_to_none(form[name].data) for name in names}


def _recipient_answers(form: RequestForm) -> dict:
    names = (
        "recipient_name",
        "recipient_organization",
        "recipient_address",
        "recipient_phone",
        "recipient_fax",
        "recipient_email",
    )
    third_party = to_third_party(form)
    return {name: _blank_to_none(form[name].data) if third_party else None for name in names}


def new_request_from(form: RequestForm, signed_at: datetime) -> RecordsRequest:
    """The request as the requester signed it; the lifecycle sets its status and clock."""
    representative = is_representative(form)
    third_party = to_third_party(form)
    return RecordsRequest(
        requester_kind=RequesterKind(form.requester_kind.data),
        representative_name=form.representative_name.data if representative else None,
        representative_authority=(
            RepresentativeAuthority(form.representative_authority.data) if representative else None
        ),
        **_patient_answers(form),
        records_scope=RecordsScope(form.records_scope.data),
        record_categories=list(form.record_categories.data) if chose_some_records(form) else [],
        other_records_description=(
            form.other_records_description.data if wants_other_records(form) else None
        ),
        service_from=form.service_from.data,
        service_to=form.service_to.data,
        recipient_kind=RecipientKind(form.recipient_kind.data),
        **_recipient_answers(form),
        record_format=RecordFormat(form.record_format.data),
        delivery=Delivery(form.delivery.data),
        purpose=form.purpose.data if third_party else None,
        sensitive_initials=form.sensitive_initials(),
        authorization_expires_on=authorization_expires_on(form, practice.local_date(signed_at)),
        signature_name=form.signature_name.data,
        signed_at=signed_at,
    )
