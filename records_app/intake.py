"""Taking a request in: the answers of a valid request form become a new request, its
receipt, and the identity documents sent with it; documents sent later from the status page
come in here too. The public form and the paper entry by staff both go through here.

Only the answers that apply are kept: a representative's details only when one is asking,
the authorization's parts only when the records go to a third party (the patient's own
request asks for the minimum)."""

from datetime import date, datetime

from records_app import audit, language, lifecycle, practice, resubmissions
from records_app.documents import identity
from records_app.documents.identity import PreparedDocument
from records_app.lifecycle import Receipt
from records_app.models import (
    Delivery,
    IdentityDocument,
    ReceivedVia,
    RecipientKind,
    RecordFormat,
    RecordsRequest,
    RecordsScope,
    RepresentativeAuthority,
    RequesterKind,
    StaffUser,
    utcnow,
)
from records_app.request_form import choices
from records_app.request_form.conditions import (
    RECIPIENT_FIELDS,
    chose_some_records,
    is_representative,
    to_third_party,
    wants_other_records,
)
from records_app.request_form.forms import RequestForm


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
    third_party = to_third_party(form)
    return {
        name: _blank_to_none(form[name].data) if third_party else None for name in RECIPIENT_FIELDS
    }


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


def receive_online(form: RequestForm, *, by: audit.Actor) -> Receipt:
    """A request sent from the public form, signed as it is sent, in the language of the
    page it was signed on: its letters and e-mails will be in that language. A repeated
    submission (the form's submission token) finds the request the first one made and
    stores nothing more; a new one that nearly repeats an open request is flagged for staff
    (resubmissions)."""
    draft = new_request_from(form, signed_at=utcnow())
    draft.language = language.in_use()
    receipt = lifecycle.receive(draft, submission_token=form.submission_token.data)
    if receipt.is_new:
        _received(receipt.request, form.identity_documents(), by=by, via="request form")
        resubmissions.flag_if_similar(receipt.request, by=by)
    return receipt


def receive_on_paper(
    form: RequestForm,
    *,
    received_on: date,
    signed_on: date,
    received_via: ReceivedVia,
    written_in: str,
    entered_by: StaffUser,
) -> Receipt:
    """A request that arrived by mail, fax or in person, typed in by staff: signed on the
    date written beside the signature (a third party's permission is counted from it), its
    clock started on the day it arrived (`lifecycle.paper_received_at`), its letters and
    e-mails in the language staff chose for it (`written_in`)."""
    draft = new_request_from(form, signed_at=practice.start_of_day(signed_on))
    draft.received_via = received_via
    draft.language = written_in
    receipt = lifecycle.receive(
        draft,
        received_at=lifecycle.paper_received_at(received_on),
        submission_token=form.submission_token.data,
        actor=entered_by,
    )
    if receipt.is_new:
        identity.attach(receipt.request, form.identity_documents(), uploaded_by=entered_by)
    return receipt


def receive_documents(
    records_request: RecordsRequest, documents: list[PreparedDocument], *, by: audit.Actor
) -> list[IdentityDocument]:
    """Documents the requester sent from the status page while staff wait for information;
    the request's history says they came."""
    lifecycle.record_documents_sent(records_request, len(documents))
    return _received(records_request, documents, by=by, via="status page")


def _received(
    records_request: RecordsRequest,
    documents: list[PreparedDocument],
    *,
    by: audit.Actor,
    via: str,
) -> list[IdentityDocument]:
    """Stores what the requester sent. 45 CFR 164.312(b): an identity document entering the
    file is audited like one being viewed; the row holds ids and the route, never what the
    document shows."""
    stored = identity.attach(records_request, documents)
    if stored:
        audit.record_by(
            by,
            "document.received",
            request_id=records_request.id,
            details={"document_ids": [document.id for document in stored], "via": via},
        )
    return stored
