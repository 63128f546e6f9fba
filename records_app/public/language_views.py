"""The language link on every public page: the choice is kept for the rest of the visit
and, when a request is sent, on the request."""

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext

from records_app.language import is_offered
from records_app.public import bp
from records_app.web.language_choice import CHOSEN_SESSION_KEY
from records_app.web.local_paths import safe_next


@bp.get("/language/<code>")
def choose_language(code: str):
    back_to = safe_next(request.args.get("next")) or url_for("public.home")
    if is_offered(code):
        session[CHOSEN_SESSION_KEY] = code
    else:
        flash(gettext("That language is not available. The pages are in English and Spanish."))
    return redirect(back_to)
