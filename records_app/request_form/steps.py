"""The public request form asked a few questions at a time (GOV.UK's question pages): which
questions each step holds, and when a step applies. A step applies by the same conditions
that decide which answers are checked and kept (request_form.conditions), so a step that does
not apply asks nothing intake would keep.

The order puts each question after the answers its checks depend on: the first step says who
asks and where the records go; the patient's contact details and how the records travel share
a step when they go to the patient (an address is needed for the post, an e-mail address for
e-mail), and a third party's details share one with how the records travel to them. The
identity documents are asked on the signing step, with the signature, so that no file is kept
before the request is sent."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext, lazy_gettext
from wtforms import BooleanField

from records_app.formatting import long_date
from records_app.request_form.conditions import (
    ADDRESS_FIELDS,
    RECIPIENT_FIELDS,
    chose_some_records,
    emails_unencrypted,
    is_representative,
    to_the_patient,
    to_third_party,
)
from records_app.request_form.validators import Condition, OnlyWhen

CONTACT_FIELDS = ("phone", "email", *ADDRESS_FIELDS)
HOW_SENT_FIELDS = ("record_format", "delivery")
# The answers the steps' conditions read: enough to tell which steps apply without building
# the whole form.
DECIDING_FIELDS = ("requester_kind", "recipient_kind", "records_scope", "delivery")


@dataclass(frozen=True)
class Step:
    slug: str
    title: str  # lazy: each page is in its reader's language
    fields: tuple[str, ...]
    applies: Condition | None = None

    def applies_to(self, form) -> bool:
        return self.applies is None or self.applies(form)


START = Step(
    "start",
    lazy_gettext("About this request"),
    ("requester_kind", "representative_authority", "recipient_kind"),
)
STEPS = (
    START,
    Step("representative", lazy_gettext("About you"), ("representative_name",), is_representative),
    Step(
        "patient",
        lazy_gettext("Patient and records"),
        (
            "patient_first_name",
            "patient_middle_name",
            "patient_last_name",
            "patient_other_names",
            "date_of_birth",
            "records_scope",
            "service_from",
            "service_to",
        ),
    ),
    Step(
        "record-kinds",
        lazy_gettext("Which kinds of records"),
        ("record_categories", "other_records_description"),
        chose_some_records,
    ),
    Step(
        "contact",
        lazy_gettext("Contact and delivery"),
        CONTACT_FIELDS + HOW_SENT_FIELDS,
        to_the_patient,
    ),
    Step("patient-contact", lazy_gettext("How to reach you"), CONTACT_FIELDS, to_third_party),
    Step(
        "recipient",
        lazy_gettext("Who gets the records"),
        RECIPIENT_FIELDS + HOW_SENT_FIELDS,
        to_third_party,
    ),
    Step(
        "ordinary-email",
        lazy_gettext("Records by ordinary e-mail"),
        ("unencrypted_risk_accepted",),
        emails_unencrypted,
    ),
    Step(
        "permission",
        lazy_gettext("Your permission"),
        (
            "purpose",
            "expiry",
            "expires_on",
            "understands_revoking",
            "understands_no_treatment_condition",
            "understands_redisclosure",
            "initials_hiv_aids",
            "initials_mental_health",
            "initials_genetic_testing",
            "initials_drug_alcohol_treatment",
        ),
        to_third_party,
    ),
)
# The last step, after the answers are checked: the documents, the signature, and the
# hidden fields that tell a person from a program (public.spam_forms).
SIGNING_FIELDS = ("photo_id", "authority_documents", "signature_name", "confirms_truth")
_BY_SLUG = {step.slug: step for step in STEPS}


def step_named(slug: str) -> Step | None:
    return _BY_SLUG.get(slug)


def steps_for(form) -> list[Step]:
    """The steps that apply to these answers, in order."""
    return [step for step in STEPS if step.applies_to(form)]


def next_step(form, after: Step) -> Step | None:
    """The step that follows `after` for these answers; None once the questions are done."""
    later = STEPS[STEPS.index(after) + 1 :]
    return next((step for step in later if step.applies_to(form)), None)


def first_unanswered(form, answered: set[str]) -> Step | None:
    """The first step that applies and has not been answered: after a change, a new answer
    may bring in a step (records now going to a third party)."""
    return next((step for step in steps_for(form) if step.slug not in answered), None)


def step_holding(field_names, form) -> Step | None:
    """The first step that applies and holds one of these fields: where an answer found
    wrong at the end is put right."""
    names = set(field_names)
    return next((step for step in steps_for(form) if names & set(step.fields)), None)


def shown_answers(form, step: Step) -> list[tuple[str, str]]:
    """A step's answers as "Check your answers" lists them: (question, answer) for each
    question that applies and was answered, choices by their words, the mailing address on
    one line."""
    shown = []
    for name in step.fields:
        field = form[name]
        if name == ADDRESS_FIELDS[0] and (address := _address_on_one_line(form)):
            shown.append((gettext("Mailing address"), address))
        if name in ADDRESS_FIELDS or _left_out(form, field) or not field.data:
            continue
        shown.append((field.label.text, _answer_in_words(field)))
    return shown


def _address_on_one_line(form) -> str:
    street, city, state, zip_code = (form[name].data or "" for name in ADDRESS_FIELDS)
    return ", ".join(part for part in (street, city, f"{state} {zip_code}".strip()) if part)


def _left_out(form, field) -> bool:
    return any(
        isinstance(check, OnlyWhen) and not check.condition(form) for check in field.validators
    )


def _answer_in_words(field) -> str:
    if isinstance(field.data, date):
        return long_date(field.data)
    if isinstance(field, BooleanField):
        return gettext("Yes")
    if hasattr(field, "iter_choices"):
        return ", ".join(str(option.label.text) for option in field if option.checked)
    return field.data
