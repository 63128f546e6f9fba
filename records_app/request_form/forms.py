"""The records request form.

45 CFR 164.524 lets a patient (or their personal representative) ask for their own records
with the minimum of questions. A release to a third party is an authorization under
45 CFR 164.508(c): it also needs a purpose, an expiration and three statements the requester
acknowledges, and in Oregon (ORS 192.566) initials beside each sensitive category released.
"""

from flask import current_app
from flask_babel import gettext, lazy_gettext
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import Optional, Regexp, ValidationError

from records_app.documents import identity
from records_app.documents.identity import PreparedDocument, UploadRefused
from records_app.input_cleaning import one_line
from records_app.letters import wording
from records_app.letters.wording import CONFIRMS_TRUTH_STATEMENT, acknowledgement_statements
from records_app.models import (
    Delivery,
    DocumentKind,
    RecordFormat,
    RecordsScope,
)
from records_app.request_form import choices
from records_app.request_form.conditions import (
    chose_some_records,
    emails_unencrypted,
    expires_on_chosen_date,
    is_representative,
    lacks_full_address,
    mails_to_third_party,
    needs_patient_address,
    to_third_party,
    wants_other_records,
)
from records_app.request_form.fields import (
    date_field,
    email_field,
    phone_field,
    radio_field,
    text_field,
)
from records_app.request_form.validators import (
    ZIP_SHAPE,
    OnlyWhen,
    RequiredWhen,
    before_closure,
    compact_initials,
    in_the_future,
    keep_or_renew_submission_token,
    normalise_zip,
    not_before,
    not_before_birth,
    plausible_birth_date,
)
from records_app.web.forms import Form, MultiCheckboxField

# The purpose suggested to a requester, in their language: it is their own words once sent.
DEFAULT_PURPOSE = lazy_gettext("At the request of the individual")


# ---- fields only this form has ---------------------------------------------------------


def initials_field(category: str):
    return StringField(
        lazy_gettext(
            "%(category)s: your initials", category=wording.SENSITIVE_CATEGORIES[category]
        ),
        validators=[
            OnlyWhen(to_third_party),
            Optional(),
            Regexp(
                r"^[^\W\d_]{1,5}$",
                message=lazy_gettext("Type only your initials, or leave it empty."),
            ),
        ],
        filters=[one_line, compact_initials],
        render_kw={"autocomplete": "off", "maxlength": 12},
    )


def acknowledgement(message: str):
    """A box ticked to show a 164.508(c)(2) statement was read; its label is the statement."""
    return BooleanField(validators=[OnlyWhen(to_third_party, required=message)])


DOCUMENT_ACCEPT = {"accept": "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"}
DOCUMENT_HINT = lazy_gettext(
    "A JPEG or PNG photo, or a PDF, of at most 10 MB. If the form comes back with a problem, "
    "choose the file again: files are not kept."
)


def checked_uploads(uploads, kind: DocumentKind) -> list[PreparedDocument]:
    """Each upload's quick checks (nothing decoded); the first refusal is the field's error."""
    try:
        return [identity.check(upload, kind) for upload in uploads]
    except UploadRefused as refused:
        raise ValidationError(str(refused)) from refused


def finish_uploads(*fields) -> bool:
    """Decodes and cleans the checked uploads of `fields`, once the rest of the form is
    right: a form sent back for another answer never costs a decoding. False, with the
    refusal beside its field, when one cannot be used."""
    for field in fields:
        try:
            checked = getattr(field, "prepared", [])
            field.prepared = [identity.finish(document) for document in checked]
        except UploadRefused as refused:
            field.errors.append(str(refused))
            return False
    return True


# ---- the request form -------------------------------------------------------------------


class RequestForm(Form):
    submission_token = HiddenField(filters=[keep_or_renew_submission_token])

    # 1. Who is asking
    requester_kind = radio_field(
        lazy_gettext("Who is filling in this form?"),
        wording.REQUESTER_KINDS,
        lazy_gettext("Choose who is asking."),
    )
    representative_name = text_field(
        lazy_gettext("Your full name"),
        "representative_name",
        OnlyWhen(is_representative, required=lazy_gettext("Enter your full name.")),
        autocomplete="name",
    )
    representative_authority = radio_field(
        lazy_gettext("Your legal right to act for the patient"),
        wording.REPRESENTATIVE_AUTHORITIES,
        lazy_gettext("Choose your legal right to act for the patient."),
        only_when=is_representative,
    )
    photo_id = FileField(
        lazy_gettext("Photo ID"), description=DOCUMENT_HINT, render_kw=DOCUMENT_ACCEPT
    )
    authority_documents = MultipleFileField(
        lazy_gettext("Proof of your authority"),
        validators=[OnlyWhen(is_representative)],
        description=lazy_gettext(
            "Up to two files, such as court papers or a power of attorney. %(hint)s",
            hint=DOCUMENT_HINT,
        ),
        render_kw=DOCUMENT_ACCEPT,
    )

    # 2. The patient
    patient_first_name = text_field(
        lazy_gettext("First name"),
        "patient_first_name",
        RequiredWhen(lazy_gettext("Enter the patient's first name.")),
        autocomplete="given-name",
    )
    patient_middle_name = text_field(
        lazy_gettext("Middle name"),
        "patient_middle_name",
        Optional(),
        autocomplete="additional-name",
    )
    patient_last_name = text_field(
        lazy_gettext("Last name"),
        "patient_last_name",
        RequiredWhen(lazy_gettext("Enter the patient's last name.")),
        autocomplete="family-name",
    )
    patient_other_names = text_field(
        lazy_gettext("Other names used at the practice"),
        "patient_other_names",
        Optional(),
        description=lazy_gettext("For example, a last name before marriage."),
    )
    date_of_birth = date_field(
        lazy_gettext("Date of birth"),
        RequiredWhen(lazy_gettext("Enter the patient's date of birth.")),
        plausible_birth_date,
        description=lazy_gettext(
            "Pick the date, or type it as month/day/year, for example 04/17/1951."
        ),
        autocomplete="bday",
    )
    phone = phone_field(
        lazy_gettext("Phone number"),
        RequiredWhen(lazy_gettext("Enter a phone number we can call about this request.")),
        description=lazy_gettext("A 10-digit US number, for example 503-555-0142."),
        autocomplete="tel",
    )
    email = email_field(
        lazy_gettext("E-mail address"),
        RequiredWhen(
            lazy_gettext("Enter an e-mail address, or fill in the whole mailing address."),
            lacks_full_address,
        ),
        description=lazy_gettext("You can leave this empty if you give a full mailing address."),
    )
    address_street = text_field(
        lazy_gettext("Street address"),
        "address_street",
        RequiredWhen(lazy_gettext("Enter the street address."), needs_patient_address),
        description=lazy_gettext("Include the apartment or unit number."),
        autocomplete="street-address",
    )
    address_city = text_field(
        lazy_gettext("City"),
        "address_city",
        RequiredWhen(lazy_gettext("Enter the city."), needs_patient_address),
        autocomplete="address-level2",
    )
    address_state = SelectField(
        lazy_gettext("State"),
        choices=choices.as_choices({"": lazy_gettext("Choose a state"), **choices.US_STATES}),
        invalid_choice_message=lazy_gettext("Choose the state from the list."),
        validators=[RequiredWhen(lazy_gettext("Choose the state."), needs_patient_address)],
        render_kw={"autocomplete": "address-level1"},
    )
    address_zip = text_field(
        lazy_gettext("ZIP code"),
        "address_zip",
        RequiredWhen(lazy_gettext("Enter the ZIP code."), needs_patient_address),
        Regexp(ZIP_SHAPE, message=lazy_gettext("Enter a 5-digit ZIP code, for example 97214.")),
        filters=(normalise_zip,),
        autocomplete="postal-code",
        inputmode="numeric",
    )

    # 3. What records
    records_scope = radio_field(
        lazy_gettext("Which records do you want?"),
        wording.RECORDS_SCOPES,
        lazy_gettext("Choose all records or only some."),
        default=RecordsScope.ALL,
    )
    record_categories = MultiCheckboxField(
        lazy_gettext("Which kinds of records?"),
        choices=choices.as_choices(wording.RECORD_CATEGORIES),
        validators=[
            OnlyWhen(
                chose_some_records, required=lazy_gettext("Tick at least one kind of record.")
            ),
        ],
    )
    other_records_description = text_field(
        lazy_gettext("Tell us what else you want"),
        "other_records_description",
        OnlyWhen(
            wants_other_records, required=lazy_gettext("Tell us what other records you want.")
        ),
        lines=3,
    )
    service_from = date_field(
        lazy_gettext("From"),
        Optional(),
        before_closure,
        not_before_birth(lazy_gettext("The “From” date cannot be before the date of birth.")),
        description=lazy_gettext("The first date of care you want records for."),
    )
    service_to = date_field(
        lazy_gettext("To"),
        Optional(),
        before_closure,
        not_before_birth(lazy_gettext("The “To” date cannot be before the date of birth.")),
        not_before(
            "service_from", lazy_gettext("The “To” date must be on or after the “From” date.")
        ),
        description=lazy_gettext("The last date of care you want records for."),
    )

    # 4. Where they go
    recipient_kind = radio_field(
        lazy_gettext("Who should get the records?"),
        wording.RECIPIENT_KINDS,
        lazy_gettext("Choose who gets the records."),
    )
    recipient_name = text_field(
        lazy_gettext("Name of the person or office"),
        "recipient_name",
        OnlyWhen(
            to_third_party,
            required=lazy_gettext("Enter the name of the person or office that gets the records."),
        ),
    )
    recipient_organization = text_field(
        lazy_gettext("Organization"),
        "recipient_organization",
        OnlyWhen(to_third_party),
        Optional(),
        description=lazy_gettext("For example, the clinic or law firm."),
    )
    recipient_address = text_field(
        lazy_gettext("Mailing address"),
        "recipient_address",
        OnlyWhen(to_third_party),
        RequiredWhen(
            lazy_gettext("Enter the address to mail the records to."), mails_to_third_party
        ),
        description=lazy_gettext("Needed if the records go by mail."),
        lines=3,
    )
    recipient_phone = phone_field(lazy_gettext("Phone"), OnlyWhen(to_third_party), Optional())
    recipient_fax = phone_field(lazy_gettext("Fax"), OnlyWhen(to_third_party), Optional())
    recipient_email = email_field(
        lazy_gettext("E-mail address"),
        OnlyWhen(to_third_party),
        Optional(),
        description=lazy_gettext("Needed if the records go by secure e-mail."),
    )
    record_format = radio_field(
        lazy_gettext("In what form?"),
        wording.RECORD_FORMATS,
        lazy_gettext("Choose paper, PDF or CD/DVD."),
        default=RecordFormat.PAPER,
    )
    delivery = radio_field(
        lazy_gettext("How should they get there?"),
        wording.DELIVERIES,
        lazy_gettext("Choose how the records get there."),
        default=Delivery.MAIL,
    )
    unencrypted_risk_accepted = BooleanField(
        lazy_gettext("I understand the risk, and I want my records by ordinary e-mail."),
        validators=[
            OnlyWhen(
                emails_unencrypted,
                required=lazy_gettext(
                    "Tick the box to accept the risk of ordinary e-mail, or choose another way."
                ),
            )
        ],
        description=wording.UNENCRYPTED_EMAIL_WARNING,
    )

    # 5. Permission to send records to someone else (45 CFR 164.508(c))
    purpose = text_field(
        lazy_gettext("Why are the records being sent?"),
        "purpose",
        OnlyWhen(
            to_third_party,
            required=lazy_gettext(
                "Say why the records are being sent, or keep the words we suggest."
            ),
        ),
        description=lazy_gettext(
            "You can keep these words. They mean you are asking for it yourself."
        ),
        default=lambda: str(DEFAULT_PURPOSE),
    )
    expiry = radio_field(
        lazy_gettext("When does this permission end?"),
        choices.EXPIRY_CHOICES,
        lazy_gettext("Choose when this permission ends."),
        only_when=to_third_party,
        default=choices.EXPIRY_ONE_YEAR,
    )
    expires_on = date_field(
        lazy_gettext("End date"),
        OnlyWhen(
            expires_on_chosen_date, required=lazy_gettext("Enter the date this permission ends.")
        ),
        in_the_future,
        description=lazy_gettext("Only if you chose a date above."),
    )
    understands_revoking = acknowledgement(
        lazy_gettext("Tick the box about taking back permission.")
    )
    understands_no_treatment_condition = acknowledgement(
        lazy_gettext("Tick the box about treatment.")
    )
    understands_redisclosure = acknowledgement(
        lazy_gettext("Tick the box about sharing by others.")
    )
    initials_hiv_aids = initials_field("hiv_aids")
    initials_mental_health = initials_field("mental_health")
    initials_genetic_testing = initials_field("genetic_testing")
    initials_drug_alcohol_treatment = initials_field("drug_alcohol_treatment")

    # 6. Signature
    signature_name = text_field(
        lazy_gettext("Type your full name to sign"),
        "signature_name",
        RequiredWhen(lazy_gettext("Type your full name to sign the form.")),
        description=lazy_gettext(
            "This is your electronic signature. Today's date is added when you send it."
        ),
        autocomplete="name",
    )
    confirms_truth = BooleanField(
        CONFIRMS_TRUTH_STATEMENT,
        validators=[
            RequiredWhen(lazy_gettext("Tick the box to confirm who you are and that this is true."))
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, statement in acknowledgement_statements(current_app.config).items():
            if name in self:
                self[name].label.text = statement

    def initials_fields(self) -> dict:
        """The initials box of each sensitive category, in the order the form shows them."""
        return {category: self[f"initials_{category}"] for category in wording.SENSITIVE_CATEGORIES}

    def sensitive_initials(self) -> dict[str, str]:
        """ORS 192.566: a sensitive category goes to a third party only with initials."""
        if not to_third_party(self):
            return {}
        typed = {category: field.data for category, field in self.initials_fields().items()}
        return {category: initials for category, initials in typed.items() if initials}

    def identity_documents(self) -> list[PreparedDocument]:
        """The checked uploads to store; proof of authority only from a representative."""
        photo = getattr(self.photo_id, "prepared", [])
        proofs = getattr(self.authority_documents, "prepared", [])
        return photo + (proofs if is_representative(self) else [])

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and finish_uploads(
            self.photo_id, self.authority_documents
        )

    def validate_photo_id(self, field):
        if field.data:
            field.prepared = checked_uploads([field.data], DocumentKind.PHOTO_ID)

    def validate_authority_documents(self, field):
        uploads = field.data or []
        if len(uploads) + (1 if self.photo_id.data else 0) > identity.MAX_DOCUMENTS:
            raise ValidationError(
                gettext(
                    "Send at most %(num)s files in all, counting the photo ID.",
                    num=identity.MAX_DOCUMENTS,
                )
                + f" {identity.CHOOSE_AGAIN}"
            )
        field.prepared = checked_uploads(uploads, DocumentKind.PROOF_OF_AUTHORITY)

    def validate_delivery(self, field):
        receiver_email = self.recipient_email if to_third_party(self) else self.email
        if field.data == Delivery.SECURE_EMAIL and not receiver_email.data:
            raise ValidationError(
                gettext(
                    "Secure e-mail needs the e-mail address of whoever gets the records. "
                    "Enter it above, or choose another way."
                )
            )
        if field.data == Delivery.UNENCRYPTED_EMAIL and (
            to_third_party(self) or not self.email.data
        ):
            raise ValidationError(
                gettext(
                    "Ordinary e-mail goes only to you, at the e-mail address you give above. "
                    "Enter it, or choose another way."
                )
            )
        by_email = field.data in (Delivery.SECURE_EMAIL, Delivery.UNENCRYPTED_EMAIL)
        if by_email != (self.record_format.data == RecordFormat.PDF_EMAIL):
            raise ValidationError(
                gettext(
                    "PDF files go only by e-mail, and e-mail sends only PDF files. "
                    "Change the form or the way they get there."
                )
            )
