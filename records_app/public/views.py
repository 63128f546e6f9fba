"""The public pages: parse the form, hand it to the lifecycle, render the answer. The rules
live in the request_form package, status_lookup.py and the lifecycle module."""

from datetime import timedelta

from flask import flash, g, redirect, render_template, session, url_for

from .. import identity_documents, lifecycle
from ..extensions import csrf, db, limiter
from ..models import RecordsRequest, utcnow
from ..request_form import intake
from ..request_form.forms import RequestForm
from . import bp, status_lookup
from .status_lookup import StatusLookupForm

# The confirmation page is found through the session, never the URL; it stays viewable only
# briefly, so the next person at a shared computer does not find the tracking code there.
RECEIVED_SESSION_KEY = "received_request"
CONFIRMATION_VISIBLE_FOR = timedelta(minutes=30)
# Misses only: a person who knows their code and date of birth is never slowed down.
STATUS_LOOKUP_MISS_LIMIT = "10 per 15 minutes"


@bp.route("/")
def home():
    return render_template("public/home.html")


# Exempt from the global CSRF check, which answers a stale token with an error page: the
# form checks its own token instead and re-renders with everything typed (DESIGN.md).
@bp.route("/request", methods=["GET", "POST"])
@csrf.exempt
def request_form():
    form = RequestForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("public/request_form.html", form=form), status
    new_request = intake.new_request_from(form, signed_at=utcnow())
    received = lifecycle.receive(new_request, submission_token=form.submission_token.data)
    if received is new_request:  # not a repeated submission of a request already received
        identity_documents.attach(received, form.identity_documents())
    db.session.commit()
    _remember_received(received)
    return redirect(url_for("public.received"), code=303)


@bp.route("/request/received")
def received():
    new_request = _recently_received()
    if new_request is None:
        flash(
            "That page is no longer shown. If you saved your tracking code, you can check "
            "your request here.",
            "info",
        )
        return redirect(url_for("public.status"))
    return render_template(
        "public/received.html",
        records_request=new_request,
        due_on=lifecycle.due_date(new_request),
        response_days=lifecycle.RESPONSE_DAYS,
        extension_days=lifecycle.MAX_EXTENSION_DAYS,
    )


@bp.route("/status", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(
    STATUS_LOOKUP_MISS_LIMIT,
    methods=["POST"],
    deduct_when=lambda response: g.get("status_lookup_missed", False),
)
def status():
    form = StatusLookupForm()
    if not form.validate_on_submit():
        status_code = 422 if form.is_submitted() else 200
        return render_template("public/status.html", form=form), status_code
    found = status_lookup.find_request(form.tracking_code.data, form.date_of_birth.data)
    if found is None:
        g.status_lookup_missed = True
        return render_template(
            "public/status.html", form=StatusLookupForm(formdata=None), no_match=True
        )
    return render_template(
        "public/status_result.html",
        records_request=found,
        explanation=status_lookup.STATUS_EXPLANATIONS[found.status],
        due_on=lifecycle.due_date(found),
    )


def _remember_received(new_request: RecordsRequest) -> None:
    session[RECEIVED_SESSION_KEY] = {
        "id": new_request.id,
        "until": (utcnow() + CONFIRMATION_VISIBLE_FOR).timestamp(),
    }


def _recently_received() -> RecordsRequest | None:
    remembered = session.get(RECEIVED_SESSION_KEY)
    if not remembered or remembered["until"] < utcnow().timestamp():
        return None
    return db.session.get(RecordsRequest, remembered["id"])
