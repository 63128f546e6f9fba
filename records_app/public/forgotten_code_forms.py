"""The form of "Forgot your tracking code?": the e-mail address given on the request and the
patient's date of birth, both needed so that an address alone finds nothing."""

from records_app.request_form.fields import date_field, email_field
from records_app.request_form.validators import RequiredWhen
from records_app.web.forms import Form


class ForgottenCodeForm(Form):
    email = email_field(
        "E-mail address",
        RequiredWhen("Enter the e-mail address you gave on the request."),
        description="The address you gave when you sent the request.",
    )
    date_of_birth = date_field(
        "Patient's date of birth",
        RequiredWhen("Enter the patient's date of birth."),
        description="Pick the date, or type it as month/day/year, for example 04/17/1951.",
    )
