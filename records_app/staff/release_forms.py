"""The release: how and when the records went, and any part withheld from them with its
basis and the words the requester reads (45 CFR 164.524(d)(1))."""

from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, StopValidation

from records_app import lifecycle, practice
from records_app.formatting import money
from records_app.input_cleaning import TypedDateField, multi_line, one_line
from records_app.models import DENIAL_BASES, FulfilmentMethod, RecordsRequest
from records_app.staff.forms import ReleaseChecklistForm, basis_choices, required_text


class RequiredWhenWithheld:
    """Needed only when a part withheld is described."""

    field_flags = {"conditional": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if form.withheld.data and not field.data:
            raise StopValidation(self.message)


class FulfilForm(ReleaseChecklistForm):
    sent_on = TypedDateField(
        "Date sent",
        default=lambda: practice.today(),
        validators=[InputRequired("Enter the date the records were sent.")],
    )
    method = SelectField(
        "Delivery method",
        choices=[SelectChoice(method.value, method.label) for method in FulfilmentMethod],
        validators=[InputRequired("Choose how the records were sent.")],
    )
    records_sent = required_text(
        "What was sent",
        "Describe what was sent.",
        description="Categories, page count or media, e.g. “Office notes 2015–2022, 42 pages”.",
    )
    sent_to = StringField(
        "Recipient",
        filters=[one_line],
        validators=[DataRequired("Say who the records were sent to."), Length(max=300)],
    )
    carrier_tracking = StringField(
        "Carrier tracking number", filters=[one_line], validators=[Optional(), Length(max=100)]
    )
    withheld = TextAreaField(
        "Part withheld, if any",
        description="Only if part of what was asked is not sent, e.g. “Psychotherapy notes "
        "of 2019”. The requester gets the reason in writing and, where the basis allows, "
        "may have it reviewed (45 CFR 164.524(d)(1)).",
        filters=[multi_line],
        validators=[Optional(), Length(max=1000)],
    )
    withheld_basis = SelectField(
        "Basis for withholding it",
        choices=basis_choices(
            {key: basis for key, basis in DENIAL_BASES.items() if not basis.asked_for_first}
        ),
        default="",
        validators=[RequiredWhenWithheld("Choose the basis for withholding that part.")],
    )
    withheld_explanation = TextAreaField(
        "Why it is withheld, in plain language",
        filters=[multi_line],
        validators=[
            RequiredWhenWithheld("Explain in plain language why that part is withheld."),
            Length(max=2000),
        ],
    )

    def prepare(self, records_request: RecordsRequest) -> None:
        """The fee is the quote's, charged as the records go out; the form says which."""
        quote = records_request.fee_quote
        if quote is None:
            self.note = "No fee was quoted, so none is charged."
        else:
            self.note = (
                f"Fee: {money(quote.amount_cents)} as quoted ({quote.rule.label}), "
                "charged when the records go out."
            )
        if lifecycle.four_eyes_required(records_request):
            self.note += (
                " This release includes sensitive records: it needs a second staff member's "
                "check first, and someone other than that checker sends it."
            )

    @staticmethod
    def initial_values(records_request: RecordsRequest) -> dict:
        return {"sent_to": lifecycle.requested_recipient(records_request)}

    def verb_arguments(self) -> dict:
        return {
            **super().verb_arguments(),
            "sent_on": self.sent_on.data,
            "method": FulfilmentMethod(self.method.data),
            "records_sent": self.records_sent.data,
            "sent_to": self.sent_to.data,
            "carrier_tracking": self.carrier_tracking.data or "",
            "withheld": self.withheld.data or "",
            "withheld_basis": self.withheld_basis.data or "",
            "withheld_explanation": self.withheld_explanation.data or "",
        }
