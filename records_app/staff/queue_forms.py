"""The queue's forms: its filters, read from the query string so that a filtered view can
be bookmarked, and the search by patient identifiers, sent by POST so that they stay out of
URLs, history and logs."""

from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from records_app import tracking
from records_app.input_cleaning import TypedDateField, one_line
from records_app.models import OPEN_STATUSES, Status
from records_app.web.forms import Form, MultiCheckboxField
from records_app.worklist import Assignment, QueueFilters, Search


class QueueFilterForm(Form):
    """Read from the query string (a GET form) so that a filtered view can be bookmarked;
    it holds nothing that identifies a patient, and changes nothing, so it needs no CSRF."""

    class Meta:
        csrf = False

    status = MultiCheckboxField(
        "Status",
        choices=[SelectChoice(status.value, status.label) for status in Status],
        default=[status.value for status in OPEN_STATUSES],
    )
    overdue = BooleanField("Overdue only")
    received_from = TypedDateField("Received on or after", validators=[Optional()])
    received_to = TypedDateField("Received on or before", validators=[Optional()])
    assigned = RadioField(
        "Assigned to",
        choices=[
            SelectChoice("", "Anyone"),
            SelectChoice(Assignment.MINE.value, "Me"),
            SelectChoice(Assignment.UNASSIGNED.value, "Nobody"),
        ],
        default="",
    )

    def __init__(self, *args, **kwargs):
        """No status ticked means the working queue, so tick its boxes: the form then shows
        what the table shows."""
        super().__init__(*args, **kwargs)
        # An empty value (`?status=`) is no status ticked, not a status named "".
        ticked = [value for value in self.status.data or [] if value]
        self.status.data = ticked or list(self.status.default)

    def validate_received_to(self, field):
        if field.data and self.received_from.data and field.data < self.received_from.data:
            raise ValidationError("The end of the range is before its start.")

    def filters(self, viewer_id: int) -> QueueFilters:
        """The filters asked for; a field with an error is left out rather than guessed."""

        def valid(field):
            return None if field.errors else field.data

        return QueueFilters(
            statuses=tuple(Status(value) for value in valid(self.status) or OPEN_STATUSES),
            overdue_only=bool(self.overdue.data),
            received_from=valid(self.received_from),
            received_to=valid(self.received_to),
            assignment=Assignment(valid(self.assigned)) if valid(self.assigned) else None,
            viewer_id=viewer_id,
        )


class SearchForm(Form):
    """Patient identifiers: sent by POST so that they stay out of URLs, history and logs."""

    tracking_code = StringField(
        "Tracking code",
        filters=[one_line],
        validators=[Optional(), Length(max=20)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    last_name = StringField(
        "Patient's last name",
        description="The whole last name, any capitals.",
        filters=[one_line],
        validators=[Optional(), Length(max=60)],
        render_kw={"autocomplete": "off"},
    )
    date_of_birth = TypedDateField("Date of birth", validators=[Optional()])

    def validate_tracking_code(self, field):
        if field.data and tracking.normalise(field.data) is None:
            raise ValidationError("That is not a tracking code; they look like RR-ABCD-EFGH.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.search().is_empty():
            self.form_errors.append("Enter a tracking code, a last name or a date of birth.")
            return False
        return valid

    def search(self) -> Search:
        code = self.tracking_code.data
        return Search(
            tracking_code=tracking.normalise(code) if code else None,
            last_name=self.last_name.data or None,
            date_of_birth=self.date_of_birth.data,
        )
