"""Field builders for the request form and the status lookup: one place for each kind of
answer's filters, size limit and message, so that every phone number or date on the form
behaves the same way."""

from flask_babel import lazy_gettext
from wtforms import (
    EmailField,
    RadioField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import Email, Length, Regexp

from records_app.input_cleaning import TypedDateField, multi_line, one_line
from records_app.models import RecordsRequest
from records_app.request_form.choices import as_choices
from records_app.request_form.validators import PHONE_SHAPE, OnlyWhen, RequiredWhen, normalise_phone


def _max_length(column: str) -> int:
    return RecordsRequest.__table__.c[column].type.length


def text_field(
    label, column, *validators, description=None, default=None, lines=1, filters=(), **render_kw
):
    """Free text, cleaned of control characters and bounded to its column's size."""
    max_length = _max_length(column)
    field_class, cleaner = (StringField, one_line) if lines == 1 else (TextAreaField, multi_line)
    if lines > 1:
        render_kw["rows"] = lines
    return field_class(
        label,
        validators=[
            *validators,
            Length(
                max=max_length,
                message=lazy_gettext("Keep this to %(num)s characters or fewer.", num=max_length),
            ),
        ],
        filters=[cleaner, *filters],
        description=description,
        default=default,
        render_kw=render_kw or None,
    )


def phone_field(label, *validators, description=None, **render_kw):
    return TelField(
        label,
        validators=[
            *validators,
            Length(
                max=_max_length("phone"), message=lazy_gettext("That phone number is too long.")
            ),
            Regexp(
                PHONE_SHAPE,
                message=lazy_gettext("Enter a 10-digit US number, for example 503-555-0142."),
            ),
        ],
        filters=[one_line, normalise_phone],
        description=description,
        render_kw=render_kw or None,
    )


def email_field(label, *validators, description=None):
    return EmailField(
        label,
        validators=[
            *validators,
            Length(
                max=_max_length("email"), message=lazy_gettext("That e-mail address is too long.")
            ),
            Email(
                lazy_gettext("Enter an e-mail address like name@example.com."),
                check_deliverability=False,
            ),
        ],
        filters=[one_line],
        description=description,
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def date_field(label, *validators, description=None, **render_kw):
    """A native date picker; browsers without one show a box that takes 04/17/1951 too."""
    return TypedDateField(
        label,
        validators=list(validators),
        format=["%Y-%m-%d", "%m/%d/%Y"],
        invalid_value_message=lazy_gettext("Enter a real date, for example 04/17/1951."),
        description=description,
        render_kw=render_kw or None,
    )


def radio_field(label, labels, message, *, only_when=None, default=None, description=None):
    """A choice that must be made (only when `only_when(form)` holds, if given)."""
    required = OnlyWhen(only_when, required=message) if only_when else RequiredWhen(message)
    return RadioField(
        label,
        choices=as_choices(labels),
        validators=[required],
        default=default,
        description=description,
    )
