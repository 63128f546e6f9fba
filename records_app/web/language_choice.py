"""Which language a page is in. Public pages follow the requester's choice, kept in the
session once made with the language link; before that, the browser's Accept-Language is the
first guess. Staff pages are always in English: staff read the requester's language on the
request instead."""

from flask import Flask, request, session
from flask_babel import get_locale

from records_app.extensions import babel
from records_app.language import ENGLISH, LANGUAGES

CHOSEN_SESSION_KEY = "language"
ENGLISH_ONLY_BLUEPRINTS = frozenset({"staff", "auth", "admin"})


def page_language() -> str:
    if request.blueprint in ENGLISH_ONLY_BLUEPRINTS:
        return ENGLISH
    chosen = session.get(CHOSEN_SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=ENGLISH)


def current_language() -> str:
    """The page's language code, for `lang` attributes and links."""
    return get_locale().language


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=page_language)
    app.add_template_global(current_language)
    app.add_template_global(LANGUAGES, "languages")
