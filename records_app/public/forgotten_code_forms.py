"""The form of "Forgot your tracking code?": the e-mail address given on the request and the
patient's date of birth, both needed so that an address alone finds nothing."""

from flask_babel import lazy_gettext

from records_app.request_form.fields import date_field, email_field
from records_app.request_form.validators import RequiredWhen
from records_app.web.forms import Form


class ForgottenCodeForm(Form):
    email = email_field(
        lazy_gettext("E-mail address"),
        RequiredWhen(lazy_gettext("Enter the e-mail address you gave on the request.")),
        description=lazy_gettext("The address you gave when you sent the request."),
    )
    date_of_birth = date_field(
        lazy_gettext("Patient's date of birth"),
        RequiredWhen(lazy_gettext("Enter the patient's date of birth.")),
        description=lazy_gettext(
            "Pick the date, or type it as month/day/year, for example 04/17/1951."
        ),
    )
