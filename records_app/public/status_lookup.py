"""The public status lookup: a tracking code and the patient's date of birth, together, find
a request; either one wrong finds nothing, and the caller cannot tell which was wrong."""

from datetime import date

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from ..encryption import lookup
from ..extensions import db
from ..input_cleaning import one_line
from ..models import RecordsRequest, Status
from ..request_form.fields import date_field
from ..request_form.validators import RequiredWhen
from ..tracking_codes import normalise

STATUS_EXPLANATIONS = {
    Status.SUBMITTED: "We have your request. We will start on it soon.",
    Status.IN_REVIEW: "We are checking your request and looking for the records.",
    Status.NEEDS_INFO: "We need something from you before we can go on. See below.",
    Status.APPROVED: "Your request is approved. We are getting the copies ready.",
    Status.FULFILLED: "We have sent the records.",
    Status.DENIED: (
        "We could not send these records. We wrote to you to explain why and what you can do "
        "if you disagree."
    ),
    Status.WITHDRAWN: (
        "This request was cancelled. If that is a mistake, contact us or send a new request."
    ),
    Status.DENIAL_REVIEW: (
        "You asked us to review our decision not to send these records. A licensed health "
        "professional who had no part in that decision is looking at it. We will write to you "
        "with the answer."
    ),
}


class StatusLookupForm(FlaskForm):
    tracking_code = StringField(
        "Tracking code",
        validators=[RequiredWhen("Enter the tracking code."), Length(max=40)],
        filters=[one_line],
        description="It looks like RR-7KQ4-M2XD. It is on the page you saw after sending the form.",
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
    date_of_birth = date_field(
        "Patient's date of birth",
        RequiredWhen("Enter the patient's date of birth."),
        description="Pick the date, or type it as month/day/year, for example 04/17/1951.",
    )


def find_request(typed_code: str, date_of_birth: date) -> RecordsRequest | None:
    """One query on both values, so a wrong code and a wrong date of birth take the same path."""
    tracking_code = normalise(typed_code)
    if tracking_code is None:
        return None
    return db.session.scalar(
        sa.select(RecordsRequest).where(
            RecordsRequest.tracking_code_lookup == lookup("tracking_code", tracking_code),
            RecordsRequest.date_of_birth_lookup == lookup("date_of_birth", date_of_birth),
        )
    )
