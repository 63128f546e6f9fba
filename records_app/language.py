"""The languages a requester can read this app in. Requesters choose; staff pages stay in
English. A request keeps its requester's language, so letters and e-mails written long after
the form was sent are in the language the requester chose then."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import force_locale

ENGLISH = "en"
# Each code with its name in its own language: the link to it is read by someone who does not
# read the page's current language.
LANGUAGES = {ENGLISH: "English", "es": "Español"}


def is_offered(code: str | None) -> bool:
    return code in LANGUAGES


@contextmanager
def written_in(code: str | None) -> Iterator[None]:
    """Words, dates and amounts rendered inside are in this language (English for a code
    that is not offered): for letters and e-mails, which are written outside the requester's
    own web request."""
    with force_locale(code if is_offered(code) else ENGLISH):
        yield
