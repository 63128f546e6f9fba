from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from records_app.input_cleaning import one_line
from records_app.web.forms import Form


class SignInForm(Form):
    email = EmailField(
        "E-mail address",
        filters=[one_line],
        validators=[DataRequired("Enter your e-mail address."), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(Form):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        description="At least 15 characters. A few unrelated words work well.",
        validators=[DataRequired("Choose a new password.")],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        "New password again",
        validators=[
            DataRequired("Type the new password again."),
            EqualTo("new_password", "The two new passwords are not the same."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class SignInCodeForm(Form):
    code = StringField(
        "Code",
        description="The 6-digit code your authenticator app shows now, or one of your "
        "recovery codes.",
        filters=[one_line],
        validators=[DataRequired("Enter the code."), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"},
    )


class TwoStepEnrolForm(Form):
    code = StringField(
        "Code from your authenticator app",
        description="After adding the key, type the 6-digit code the app shows.",
        filters=[one_line],
        validators=[DataRequired("Enter the code."), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class DigestForm(Form):
    wants_digest = BooleanField(
        "Send me the morning digest",
        description="One e-mail each morning: how many requests are overdue, due soon, "
        "waiting too long or unassigned, with their tracking codes. No patient details.",
    )
