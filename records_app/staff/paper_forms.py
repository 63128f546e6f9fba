"""The form for a request that arrived on paper: by mail, by fax or handed in.

It is the public request form, typed in by staff from the signed paper, plus how and when the
request arrived, because the 30-day clock of 45 CFR 164.524(b)(2) starts on the day it
arrived, not on the day it was typed in. Where the public form speaks to the requester, this
one speaks to the staff member holding the paper: a statement is ticked only if the signed
form includes it.
"""

from datetime import timedelta

from flask_wtf.file import FileField
from wtforms.validators import ValidationError

from records_app import intake, language, practice
from records_app.documents.identity import PreparedDocument
from records_app.formatting import long_date
from records_app.letters import wording
from records_app.models import DocumentKind, ReceivedVia
from records_app.request_form import choices
from records_app.request_form.fields import date_field, radio_field
from records_app.request_form.forms import (
    DOCUMENT_ACCEPT,
    DOCUMENT_HINT,
    RequestForm,
    checked_uploads,
    finish_uploads,
)
from records_app.request_form.validators import RequiredWhen

# Staff enter a request within days of its arrival, so a received date further back than a
# year is almost always a slip of the keyboard (2025 for 2026).
OLDEST_RECEIVED_DATE = timedelta(days=365)

PAPER_ROUTES = {via: via.label for via in ReceivedVia if via is not ReceivedVia.ONLINE}

STAFF_LABELS = {
    "understands_revoking": (
        "The signed form includes the right to take back this permission in writing, and how."
    ),
    "understands_no_treatment_condition": (
        "The signed form includes that treatment does not depend on signing it."
    ),
    "understands_redisclosure": (
        "The signed form includes that whoever gets the records may share them again."
    ),
    "signature_name": "Name as signed on the paper form",
    "confirms_truth": "The paper form is signed by the patient or their personal representative.",
}
SIGNATURE_HINT = "Type the name as signed."
# A release to a third party lasts a year from the date written beside the signature.
PAPER_EXPIRY_CHOICES = {
    choices.EXPIRY_ONE_YEAR: "One year from the date signed",
    choices.EXPIRY_ON_DATE: "On the date the signed form gives",
}


def received_lately(form, field):
    """Never after today, since the clock cannot start before the request exists; more
    than a year back is taken for a typing slip."""
    if field.data is None:
        return
    today = practice.today()
    if field.data > today:
        raise ValidationError("The date received cannot be after today.")
    if field.data < today - OLDEST_RECEIVED_DATE:
        raise ValidationError(
            "That date is more than a year ago. Check it, especially the year: "
            "enter the day the request arrived."
        )


def signed_before_it_arrived(form, field):
    """A form is signed before it reaches the practice, and never after today."""
    if field.data is None:
        return
    if field.data > practice.today():
        raise ValidationError("The date signed cannot be after today.")
    received_on = form.received_on.data
    if received_on is not None and field.data > received_on:
        raise ValidationError("The date signed cannot be after the date the form arrived.")


class PaperRequestForm(RequestForm):
    received_via = radio_field("How it arrived", PAPER_ROUTES, "Choose how the request arrived.")
    language = radio_field(
        "Language for letters and e-mails",
        language.LANGUAGES,
        "Choose the language of the letters and e-mails to the requester.",
        default=language.ENGLISH,
        description="The language the paper form was written in, unless the requester asked "
        "for another.",
    )
    received_on = date_field(
        "Date received",
        RequiredWhen("Enter the date the request arrived."),
        received_lately,
        description="The day it reached the practice, as stamped or noted on it.",
    )
    signed_on = date_field(
        "Date written beside the signature",
        RequiredWhen("Enter the date written beside the signature."),
        signed_before_it_arrived,
        description="As written on the paper form; a third party's permission is counted "
        "from it, not from the day it arrived (45 CFR 164.508(c)(1)(vi)).",
    )

    def validate_signed_on(self, field):
        """45 CFR 164.508(b)(2)(i): an authorization past its expiry is not valid, and on
        paper a year's permission runs from the date signed, not the date it arrived."""
        if field.data is None or field.errors:
            return
        expires_on = intake.authorization_expires_on(self, field.data)
        if expires_on is not None and expires_on <= practice.today():
            raise ValidationError(
                f"Signed on this date, the permission ended on {long_date(expires_on)}. "
                "Ask the requester for a new one."
            )

    paper_scan = FileField(
        "Scan of the signed form",
        description="The signed paper itself, scanned or photographed, kept with the request "
        "for six years. " + DOCUMENT_HINT,
        render_kw=DOCUMENT_ACCEPT,
    )

    def validate_paper_scan(self, field):
        """Checked and re-encoded like an identity document."""
        if field.data:
            field.prepared = checked_uploads([field.data], DocumentKind.SIGNED_PAPER_FORM)

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and finish_uploads(self.paper_scan)

    def identity_documents(self) -> list[PreparedDocument]:
        """The files to store with the request: the identity documents and the scan."""
        return super().identity_documents() + getattr(self.paper_scan, "prepared", [])

    def __init__(self, *args, **kwargs):
        """Words for staff where the public form's speak to the requester."""
        super().__init__(*args, **kwargs)
        for name, label in STAFF_LABELS.items():
            self[name].label.text = label
        self.signature_name.description = SIGNATURE_HINT
        for category, initials in self.initials_fields().items():
            initials.label.text = f"{wording.SENSITIVE_CATEGORIES[category]}: initials on the form"
        self.expiry.choices = choices.as_choices(PAPER_EXPIRY_CHOICES)
