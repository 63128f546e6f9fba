"""The languages a requester can read this app in. Requesters choose; staff pages stay in
English. A request keeps its requester's language, so letters and e-mails written long after
the form was sent are in the language the requester chose then."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import force_locale, get_locale

ENGLISH = "en"
# Each code with its name in its own language: the link to it is read by someone who does not
# read the page's current language.
LANGUAGES = {ENGLISH: "English", "es": "Español"}


def is_offered(code: str | None) -> bool:
    return code in LANGUAGES


def in_use() -> str:
    """The code of the language words are being written in now: the page's in a web
    request (records_app.web.language_choice), the one asked for inside `written_in`,
    English outside the app."""
    locale = get_locale()
    return locale.language if locale is not None else ENGLISH


@contextmanager
def written_in(code: str | None) -> Iterator[None]:
    """Words, dates and amounts rendered inside are in this language (English for a code
    that is not offered): for letters and e-mails, which are written outside the requester's
    own web request."""
    with force_locale(code if is_offered(code) else ENGLISH):
        yield
