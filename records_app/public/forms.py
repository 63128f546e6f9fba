"""The public forms besides the request form (request_form/): the status lookup, the
documents a requester sends from the status page after staff asked for more information (a
clearer photo ID, proof of authority), and the requester's answer to a fee quote."""

from flask_babel import LazyString, gettext, lazy_gettext
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, StringField, SubmitField, ValidationError
from wtforms.validators import InputRequired, Length, Regexp

from records_app.documents import identity
from records_app.documents.identity import PreparedDocument
from records_app.input_cleaning import one_line
from records_app.models import DocumentKind
from records_app.request_form.fields import date_field, radio_field
from records_app.request_form.forms import (
    DOCUMENT_ACCEPT,
    DOCUMENT_HINT,
    checked_uploads,
    finish_uploads,
)
from records_app.request_form.validators import RequiredWhen
from records_app.web.forms import Form


class StatusLookupForm(Form):
    tracking_code = StringField(
        lazy_gettext("Tracking code"),
        validators=[RequiredWhen(lazy_gettext("Enter the tracking code.")), Length(max=40)],
        filters=[one_line],
        description=lazy_gettext(
            "It looks like RR-7KQ4-M2XD. It is on the page you saw after sending the form."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
    date_of_birth = date_field(
        lazy_gettext("Patient's date of birth"),
        RequiredWhen(lazy_gettext("Enter the patient's date of birth.")),
        description=lazy_gettext(
            "Pick the date, or type it as month/day/year, for example 04/17/1951."
        ),
    )


DOCUMENT_KINDS = {
    DocumentKind.PHOTO_ID: lazy_gettext("A photo ID"),
    DocumentKind.PROOF_OF_AUTHORITY: lazy_gettext("Proof of your right to act for the patient"),
}


class SendDocumentsForm(Form):
    kind = radio_field(
        lazy_gettext("What are you sending?"),
        DOCUMENT_KINDS,
        lazy_gettext("Choose what you are sending."),
    )
    documents = MultipleFileField(
        lazy_gettext("Your files"),
        description=LazyString(
            lambda: " ".join(
                (gettext("Up to %(num)s files.", num=identity.MAX_DOCUMENTS), str(DOCUMENT_HINT))
            )
        ),
        render_kw=DOCUMENT_ACCEPT,
    )

    def validate_documents(self, field):
        uploads = field.data or []
        if not uploads:
            raise ValidationError(gettext("Choose at least one file to send."))
        if len(uploads) > identity.MAX_DOCUMENTS:
            raise ValidationError(
                gettext("Send at most %(num)s files at a time.", num=identity.MAX_DOCUMENTS)
                + " "
                + str(identity.CHOOSE_AGAIN)
            )
        kind = DocumentKind(self.kind.data) if self.kind.data else DocumentKind.PHOTO_ID
        field.prepared = checked_uploads(uploads, kind)

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and finish_uploads(self.documents)

    def prepared(self) -> list[PreparedDocument]:
        return self.documents.prepared


class QuoteAnswerForm(Form):
    """Yes or no to the fee on the status page. The version is the request's as the page
    showed it, so that an answer to a quote replaced meanwhile is not taken for the new one."""

    version = HiddenField(
        validators=[
            InputRequired(lazy_gettext("This page was incomplete. Look up your request again.")),
            Regexp(
                r"\A\d{1,9}\Z",
                message=lazy_gettext("This page was incomplete. Look up your request again."),
            ),
        ]
    )
    accept = SubmitField(lazy_gettext("Accept the fee"))
    decline = SubmitField(lazy_gettext("Decline the fee"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.accept.data == self.decline.data:
            self.form_errors.append(gettext("Choose “Accept the fee” or “Decline the fee”."))
            return False
        return True


class DownloadCodeForm(Form):
    """The six digits e-mailed before a first download (records_app/releases)."""

    code = StringField(
        lazy_gettext("Code from the e-mail"),
        validators=[
            RequiredWhen(lazy_gettext("Enter the 6-digit code from the e-mail.")),
            Length(max=20),
        ],
        filters=[one_line],
        description=lazy_gettext("6 digits. It works for 10 minutes."),
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
        },
    )


class LinkBirthDateForm(Form):
    """What a third party types to open the link they were sent."""

    date_of_birth = date_field(
        lazy_gettext("Patient's date of birth"),
        RequiredWhen(lazy_gettext("Enter the patient's date of birth.")),
        description=lazy_gettext(
            "Pick the date, or type it as month/day/year, for example 04/17/1951."
        ),
    )
