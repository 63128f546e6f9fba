from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from ..input_cleaning import one_line
from ..models import Role

ROLE_CHOICES = [
    SelectChoice(Role.STAFF.value, "Staff: works the request queue"),
    SelectChoice(Role.ADMIN.value, "Admin: also manages staff accounts"),
]


def _role_field() -> RadioField:
    return RadioField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Choose a role.")])


class AddStaffForm(FlaskForm):
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


class RoleForm(FlaskForm):
    role = _role_field()
