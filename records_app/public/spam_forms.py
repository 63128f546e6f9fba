"""The public request form with what tells a person from a program (records_app.spam): a
field people do not see, which programs fill in, and when the form was shown. Staff's paper
entry uses the plain RequestForm: a person typed it in."""

from flask_babel import lazy_gettext
from wtforms import HiddenField, StringField

from records_app import spam
from records_app.request_form.forms import RequestForm

# Named like a field a program would want to fill; its label tells the rare person who
# meets it (a screen reader that ignores the hiding) to leave it alone.
HONEYPOT_LABEL = lazy_gettext("Leave this empty")


class PublicRequestForm(RequestForm):
    form_started = HiddenField(filters=[spam.kept_start_token])
    website = StringField(
        HONEYPOT_LABEL, render_kw={"autocomplete": "off", "tabindex": "-1", "maxlength": 100}
    )

    def looks_automated(self) -> bool:
        return bool(self.website.data) or spam.filled_too_fast(self.form_started.data)

    def to_send_again(self) -> "PublicRequestForm":
        """The form as it goes back to be sent again: everything typed kept, the hidden
        field emptied (a browser's autofill may have filled it)."""
        self.website.data = ""
        return self
