from wtforms import EmailField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from records_app.audit.reading import AuditFilters
from records_app.input_cleaning import TypedDateField, one_line
from records_app.models import MAX_ID, Role
from records_app.web.forms import Form

ROLE_CHOICES = [
    SelectChoice(Role.STAFF.value, "Staff: works the request queue"),
    SelectChoice(Role.ADMIN.value, "Admin: also manages staff accounts"),
]


def _role_field() -> RadioField:
    return RadioField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Choose a role.")])


class AddStaffForm(Form):
    name = StringField(
        "Full name",
        filters=[one_line],
        validators=[DataRequired("Enter the person's name."), Length(max=120)],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        "E-mail address",
        description="They sign in with this address.",
        filters=[one_line],
        validators=[DataRequired("Enter the person's e-mail address."), Length(max=254)],
        render_kw={"autocomplete": "off"},
    )
    role = _role_field()


class RoleForm(Form):
    role = _role_field()


def _optional_id(value) -> int | None:
    return int(value) if value not in (None, "") else None


class AuditFilterForm(Form):
    """Read from the query string, so a filtered view of the audit log can be bookmarked; it
    holds ids, an action name and dates, never PHI, and changes nothing, so it needs no CSRF."""

    class Meta:
        csrf = False

    staff = SelectField("Staff member", coerce=_optional_id, validators=[Optional()])
    request_id = IntegerField(
        "Request id",
        validators=[Optional(), NumberRange(min=1, max=MAX_ID, message="Enter a request id.")],
    )
    action = SelectField("Action", validators=[Optional()])
    start = TypedDateField("From", validators=[Optional()])
    end = TypedDateField("To", validators=[Optional()])

    def __init__(self, *args, staff_choices, action_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff.choices = [SelectChoice("", "Anyone"), *staff_choices]
        self.action.choices = [SelectChoice("", "Any action"), *action_choices]

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end of the range is before its start.")

    def filters(self) -> AuditFilters:
        return AuditFilters(
            actor_id=self.staff.data,
            request_id=self.request_id.data,
            action=self.action.data or None,
            start=self.start.data,
            end=self.end.data,
        )
