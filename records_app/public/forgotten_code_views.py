"""Forgot your tracking code? The code is e-mailed to the request's own address, and the
page answers the same whether or not a request matched (records_app.tracking_recovery), so
it cannot be used to find out who asked for records. Each asking is rate-limited by client,
and each request's code is sent again at most once an hour."""

import logging

from flask import redirect, render_template, url_for

from records_app import tracking_recovery
from records_app.extensions import csrf, db, limiter
from records_app.public import bp
from records_app.public.forgotten_code_forms import ForgottenCodeForm

log = logging.getLogger(__name__)

# Every asking counts, matched or not: counting only misses would tell who matched.
FORGOTTEN_CODE_LIMIT = "5 per hour"


# The form checks its own token and re-renders with what was typed, as the request form does.
@bp.route("/status/forgotten-code", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(FORGOTTEN_CODE_LIMIT, methods=["POST"])
def forgotten_code():
    form = ForgottenCodeForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("public/forgotten_code.html", form=form), status
    queued = tracking_recovery.send_codes_again(form.email.data, form.date_of_birth.data)
    db.session.commit()
    log.info("tracking codes asked for again: queued=%s", queued)
    return redirect(url_for("public.forgotten_code_asked"), code=303)


@bp.get("/status/forgotten-code/asked")
def forgotten_code_asked():
    return render_template("public/forgotten_code_asked.html")
