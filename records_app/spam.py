"""What tells a person from a program filling in the public request form: a program fills
the field people cannot see (the honeypot) and sends the form within seconds of loading it.
Neither refuses anyone for good: the form comes back, kept as typed, to be sent again.

When the form was loaded travels in the form itself, signed with the app's secret key so
that it cannot be set back; no state is kept on the server for a page that was only looked at."""

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner

from records_app.models import utcnow

_SALT = "request-form-started"
_STARTED = b"started"


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt=_SALT)


def start_token() -> str:
    """A signed mark of this moment, put in the form when it is shown."""
    return _signer().sign(_STARTED).decode("ascii")


def kept_start_token(value) -> str:
    """The form's start mark if it is one of ours, else a new one: a form sent without it
    (or with one made up) counts as filled in this instant."""
    if isinstance(value, str):
        try:
            _signer().unsign(value)
        except BadSignature:
            pass
        else:
            return value
    return start_token()


def filled_too_fast(token: str) -> bool:
    """Sent fewer than REQUEST_FORM_MIN_SECONDS after the form was shown."""
    minimum = current_app.config["REQUEST_FORM_MIN_SECONDS"]
    try:
        _value, started = _signer().unsign(token, return_timestamp=True)
    except BadSignature:
        return True
    return (utcnow() - started).total_seconds() < minimum
