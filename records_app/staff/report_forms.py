"""The forms of the export, dashboard and disclosure-history pages.

The export form is a POST with CSRF although it holds no patient information: a download
of many patients' records is a disclosure, so no other site may start one in a staff
member's browser. The disclosure search is a POST because its terms identify a patient.
"""

from datetime import date, timedelta

from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from records_app import practice
from records_app.exports import EXPORT_KINDS, ExportFilters
from records_app.input_cleaning import TypedDateField, one_line
from records_app.models import FulfilmentMethod, RequesterKind
from records_app.web.forms import Form

# A longer range is almost always a typing slip (2062 for 2026); ten years covers the six
# that 45 CFR 164.530(j) asks records of disclosures to be kept, with room to spare.
MAX_RANGE_YEARS = 10
MAX_RANGE = timedelta(days=3653)  # ten years, leap days included

FILE_FORMATS = {"csv": "CSV (opens in any spreadsheet program)", "xlsx": "Excel workbook (XLSX)"}
KIND_LABELS = {
    "fulfilled": "Fulfilled requests: one row per request whose records were sent in the range",
    "all-requests": "All requests received in the range, whatever their status",
}
ANY = SelectChoice("", "Any")


def _date_field(label: str, missing: str, **kwargs) -> TypedDateField:
    return TypedDateField(
        label,
        validators=[InputRequired(missing)],
        format="%Y-%m-%d",
        **kwargs,
    )


class ExportForm(Form):
    kind = RadioField(
        "What to export",
        choices=[SelectChoice(kind, KIND_LABELS[kind]) for kind in EXPORT_KINDS],
        default="fulfilled",
        validators=[InputRequired("Choose what to export.")],
    )
    date_from = _date_field(
        "From",
        "Enter the first day of the range.",
        default=lambda: practice.today().replace(day=1),
        description="The date sent for the fulfilled list, the date received for all requests.",
    )
    date_to = _date_field("To", "Enter the last day of the range.", default=practice.today)
    file_format = RadioField(
        "File format",
        choices=[SelectChoice(value, label) for value, label in FILE_FORMATS.items()],
        default="csv",
        validators=[InputRequired("Choose a file format.")],
    )
    delivery_method = SelectField(
        "Delivery method",
        description="For the fulfilled list only.",
        choices=[ANY] + [SelectChoice(method.value, method.label) for method in FulfilmentMethod],
        default="",
    )
    requester_kind = SelectField(
        "Requester type",
        choices=[ANY] + [SelectChoice(kind.value, kind.label) for kind in RequesterKind],
        default="",
    )

    def validate_date_from(self, field):
        if field.data and field.data > practice.today():
            raise ValidationError("The range cannot start after today.")

    def validate_date_to(self, field):
        start = self.date_from.data
        if not (field.data and start):
            return
        if field.data < start:
            raise ValidationError("The last day is before the first day. Swap them round.")
        if field.data - start > MAX_RANGE:
            raise ValidationError(f"Choose a range of at most {MAX_RANGE_YEARS} years.")

    def validate_delivery_method(self, field):
        if field.data and self.kind.data != "fulfilled":
            raise ValidationError(
                "Only fulfilled requests have a delivery method. Choose “Any”, or export "
                "the fulfilled list."
            )

    def filters(self) -> ExportFilters:
        method, requester = self.delivery_method.data, self.requester_kind.data
        return ExportFilters(
            start=self.date_from.data,
            end=self.date_to.data,
            delivery_method=FulfilmentMethod(method) if method else None,
            requester_kind=RequesterKind(requester) if requester else None,
        )


class DisclosureSearchForm(Form):
    """Both terms are required: a last name alone would list other patients' releases."""

    last_name = StringField(
        "Patient's last name",
        description="The whole last name, any capitals.",
        filters=[one_line],
        validators=[DataRequired("Enter the patient's last name."), Length(max=60)],
        render_kw={"autocomplete": "off"},
    )
    date_of_birth = TypedDateField(
        "Date of birth",
        format="%Y-%m-%d",
        validators=[InputRequired("Enter the patient's date of birth.")],
    )

    def validate_date_of_birth(self, field):
        if field.data and field.data > practice.today():
            raise ValidationError("The date of birth cannot be in the future.")

    def terms(self) -> tuple[str, date]:
        return self.last_name.data, self.date_of_birth.data
