"""Checks and clean-ups for the request form's answers. Each turns a plain rule into one
message a requester can act on."""

import re
import secrets
from collections.abc import Callable
from datetime import date

from flask import current_app
from flask_babel import gettext
from wtforms import Field
from wtforms.validators import StopValidation, ValidationError

from records_app import practice
from records_app.formatting import long_date

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
PHONE_SHAPE = r"^\(\d{3}\) \d{3}-\d{4}$"
ZIP_SHAPE = r"^\d{5}(-\d{4})?$"
_PHONE_CHARACTERS = re.compile(r"^[\d\s().+-]+$")
_SUBMISSION_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

Condition = Callable[[object], bool]


def _is_empty(field: Field) -> bool:
    """Text is empty after cleaning (only spaces is empty); other fields by what the browser
    sent, so that a date that could not be read is reported as such, not as missing."""
    if isinstance(field.data, str):
        return not field.data
    return not field.raw_data or not any(str(value).strip() for value in field.raw_data)


class RequiredWhen:
    """An answer the form cannot do without: always, or only when `condition(form)` holds
    (for example an e-mail address when no mailing address is given). When the condition
    does not hold an empty answer is fine and nothing else is checked. The one message
    replaces WTForms' generic ones such as "Not a valid choice"."""

    def __init__(self, message: str, condition: Condition | None = None):
        self.message = message
        self.condition = condition
        self.field_flags = {"required": True} if condition is None else {"conditional": True}

    def __call__(self, form, field):
        if not _is_empty(field):
            return
        field.errors[:] = []
        if self.condition is None or self.condition(form):
            raise StopValidation(self.message)
        raise StopValidation()


class OnlyWhen:
    """Placed first on a field of a section that applies only to some requests ("Only if
    someone else is asking"). When the section does not apply, whatever was typed there is
    ignored rather than checked (and not stored either). When it applies, an empty answer is
    refused with the `required` message if there is one; otherwise the validators that
    follow decide (Optional, or RequiredWhen for a narrower case)."""

    def __init__(self, condition: Condition, required: str | None = None):
        self.condition = condition
        self.required = required
        if required:
            self.field_flags = {"conditional": True}

    def __call__(self, form, field):
        if not self.condition(form):
            field.errors[:] = []
            raise StopValidation()
        if self.required and _is_empty(field):
            field.errors[:] = []
            raise StopValidation(self.required)


def normalise_phone(value):
    """(503) 555-0142 for any common way of writing a 10-digit US number; anything else is
    left as typed, so the shape check can say what is wrong and the person sees their text."""
    if not isinstance(value, str) or not _PHONE_CHARACTERS.match(value):
        return value
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        return value
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


def normalise_zip(value):
    """97214 or 97214-1234, however the person spaced or joined the nine digits."""
    if not isinstance(value, str):
        return value
    compact = re.sub(r"[\s-]", "", value)
    if re.fullmatch(r"\d{9}", compact):
        return f"{compact[:5]}-{compact[5:]}"
    return compact if re.fullmatch(r"\d{5}", compact) else value


def keep_or_renew_submission_token(value):
    """The hidden token that makes a repeated submission return the first one's request. A
    missing or malformed token gets a fresh one: that submission is then simply new."""
    if isinstance(value, str) and _SUBMISSION_TOKEN.match(value):
        return value
    return secrets.token_urlsafe(32)


def compact_initials(value):
    """M.A.H. or m a h both become MAH."""
    if not isinstance(value, str):
        return value
    return re.sub(r"[.\s]", "", value).upper()


def closure_date() -> date:
    return current_app.config["PRACTICE_CLOSURE_DATE"]


def plausible_birth_date(form, field):
    if field.data is None:
        return
    if field.data >= practice.today():
        raise ValidationError(gettext("The date of birth must be in the past."))
    if field.data < EARLIEST_BIRTH_DATE:
        raise ValidationError(gettext("Check the year of birth: it must be 1900 or later."))


def before_closure(form, field):
    """Records exist only for care given while the practice was open."""
    if field.data is not None and field.data > closure_date():
        raise ValidationError(
            gettext(
                "The practice closed on %(date)s. Choose a date on or before that day.",
                date=long_date(closure_date()),
            )
        )


def not_before(other_field_name: str, message: str):
    def check(form, field):
        other = form[other_field_name].data
        if field.data is not None and other is not None and field.data < other:
            raise ValidationError(message)

    return check


def not_before_birth(message: str):
    """No care was given before the patient was born: a "From" or "To" date before the date
    of birth is a typing mistake in one of the two."""

    def check(form, field):
        born = form.date_of_birth.data
        if field.data is not None and born is not None and field.data < born:
            raise ValidationError(message)

    return check


def in_the_future(form, field):
    if field.data is not None and field.data <= practice.today():
        raise ValidationError(gettext("Choose a date after today."))
