"""Form pieces every blueprint shares."""

from flask import request
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import FileField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

FILE_IN_A_TEXT_FIELD = lazy_gettext("This answer is typed, not sent as a file. Type it in the box.")
# The methods whose body Flask-WTF reads a form from.
_SUBMIT_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_SENT = object()


class Form(FlaskForm):
    """The base of every form. A browser sends files for file fields and typed text for the
    rest; Flask-WTF hands a field whatever part bears its name, and a JSON body as if it were
    a form, so a file part named like a text field (or a number where text goes) reached
    filters and validators written for text and raised a TypeError. Here text fields read
    the form's text parts alone, file fields its file parts alone, a JSON body is not read,
    and a text field that was sent a file is refused with a message beside it."""

    def __init__(self, formdata=_SENT, files=None, **kwargs):
        """`formdata` and `files` given explicitly are answers kept from earlier pages and
        the files sent now (the step-by-step request form); by default both are the
        request's own."""
        sent = formdata is _SENT and request.method in _SUBMIT_METHODS
        super().__init__(formdata=request.form if sent else _explicit(formdata), **kwargs)
        self.sent_files_for_text = set()
        files = request.files if sent else files
        if files:
            file_fields = [field for field in self if isinstance(field, FileField)]
            for field in file_fields:
                field.process(files)
            named = {field.name for field in file_fields}
            self.sent_files_for_text = {name for name in files if name not in named}

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            if field.name in self.sent_files_for_text:
                field.errors = [FILE_IN_A_TEXT_FIELD]
                valid = False
        return valid


def _explicit(formdata):
    """Given form data as it is; none given outside a submission means none."""
    return None if formdata is _SENT else formdata


class EmptyForm(Form):
    """The CSRF token alone, for POST-only buttons such as sign out."""


class MultiCheckboxField(SelectMultipleField):
    """Several boxes that can be ticked at once; the `field` macro renders it as a fieldset."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
