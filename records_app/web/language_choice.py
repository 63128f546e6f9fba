"""Which language a page is in. Public pages follow the requester's choice, kept in the
session once made with the language link; before that, the browser's Accept-Language is the
first guess. Staff pages are always in English: staff read the requester's language on the
request instead."""

from flask import Flask, has_request_context, request, session

from records_app.extensions import babel
from records_app.language import ENGLISH, LANGUAGES, in_use

CHOSEN_SESSION_KEY = "language"
ENGLISH_ONLY_BLUEPRINTS = frozenset({"staff", "auth", "admin"})


def page_language() -> str:
    """English outside a web request too (the command line, the mail sender): words written
    there for a requester are inside `written_in`, which sets their language itself."""
    if not has_request_context() or request.blueprint in ENGLISH_ONLY_BLUEPRINTS:
        return ENGLISH
    chosen = session.get(CHOSEN_SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=ENGLISH)


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=page_language)
    # The page's language code, for `lang` attributes and links.
    app.add_template_global(in_use, "current_language")
    app.add_template_global(LANGUAGES, "languages")
