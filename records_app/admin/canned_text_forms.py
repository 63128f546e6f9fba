from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from records_app.input_cleaning import multi_line, one_line
from records_app.models import CannedTextUse
from records_app.web.forms import Form

USE_CHOICES = [
    SelectChoice(CannedTextUse.REQUEST_INFO.value, "Request for information: what to send"),
    SelectChoice(CannedTextUse.DENIAL.value, "Denial: the explanation in plain language"),
    SelectChoice(
        CannedTextUse.RECORDS_ELSEWHERE.value,
        "No records held: a place that may hold the records (title: its name; text: how to "
        "ask it, with its address)",
    ),
]


def _title_field() -> StringField:
    return StringField(
        "Title",
        description="What staff see in the list, e.g. “Photo ID”.",
        filters=[one_line],
        validators=[DataRequired("Give the text a short title."), Length(max=80)],
    )


def _body_field() -> TextAreaField:
    return TextAreaField(
        "Text",
        description="Written to the requester, who reads it on the status page and in the letter.",
        filters=[multi_line],
        validators=[DataRequired("Write the text."), Length(max=2000)],
    )


class NewCannedTextForm(Form):
    use = RadioField(
        "Used for", choices=USE_CHOICES, validators=[InputRequired("Choose what it is for.")]
    )
    title = _title_field()
    body = _body_field()


class EditCannedTextForm(Form):
    """The use is fixed once a text exists: staff may already have sent it for that use."""

    title = _title_field()
    body = _body_field()
