"""When a question of the request form applies, each written once: the form's validators
ask these, and intake keeps only the answers they say apply."""

from records_app.models import Delivery, RecipientKind, RecordsScope, RequesterKind
from records_app.request_form import choices

ADDRESS_FIELDS = ("address_street", "address_city", "address_state", "address_zip")
# The third party's details: they apply only when the records go to one (to_third_party).
RECIPIENT_FIELDS = (
    "recipient_name",
    "recipient_organization",
    "recipient_address",
    "recipient_phone",
    "recipient_fax",
    "recipient_email",
)


def is_representative(form) -> bool:
    return form.requester_kind.data == RequesterKind.REPRESENTATIVE


def chose_some_records(form) -> bool:
    return form.records_scope.data == RecordsScope.SELECTED


def wants_other_records(form) -> bool:
    return chose_some_records(form) and "other" in (form.record_categories.data or [])


def to_third_party(form) -> bool:
    return form.recipient_kind.data == RecipientKind.THIRD_PARTY


def to_the_patient(form) -> bool:
    return form.recipient_kind.data == RecipientKind.PATIENT


def mails_to_third_party(form) -> bool:
    return to_third_party(form) and form.delivery.data == Delivery.MAIL


def emails_unencrypted(form) -> bool:
    return form.delivery.data == Delivery.UNENCRYPTED_EMAIL


def expires_on_chosen_date(form) -> bool:
    return to_third_party(form) and form.expiry.data == choices.EXPIRY_ON_DATE


def lacks_full_address(form) -> bool:
    return not all(form[name].data for name in ADDRESS_FIELDS)


def needs_patient_address(form) -> bool:
    """A started address must be finished; records mailed to the patient need one."""
    started = any(form[name].data for name in ADDRESS_FIELDS)
    mailed_to_patient = to_the_patient(form) and form.delivery.data == Delivery.MAIL
    return started or mailed_to_patient
