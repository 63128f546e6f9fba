"""The public pages: parse the form, hand it to the lifecycle, render the answer. The rules
live in the request_form package, status_lookup.py and the lifecycle module."""

from datetime import timedelta

from flask import flash, g, redirect, render_template, url_for

from .. import audit, identity_documents, lifecycle
from ..access import acting_requester
from ..extensions import csrf, db, limiter
from ..models import IdentityDocument, RecordsRequest, Status, utcnow
from ..request_form import intake
from ..request_form.forms import RequestForm
from . import bp, sent_documents, status_lookup
from .remembered import recall, remember
from .sent_documents import LOOKED_UP_SESSION_KEY, LOOKUP_GOOD_FOR, SendDocumentsForm
from .status_lookup import StatusLookupForm

RECEIVED_SESSION_KEY = "received_request"
CONFIRMATION_VISIBLE_FOR = timedelta(minutes=30)
# Misses only: a person who knows their code and date of birth is never slowed down.
STATUS_LOOKUP_MISS_LIMIT = "10 per 15 minutes"
# Each sending stores up to three files of 10 MB: enough for a person fixing a bad photo.
SEND_DOCUMENTS_LIMIT = "10 per hour"


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
        _audit_received(
            identity_documents.attach(received, form.identity_documents()), "request form"
        )
    # Before the commit, which would expire the row and cost a reload for its id.
    remember(RECEIVED_SESSION_KEY, received, CONFIRMATION_VISIBLE_FOR)
    db.session.commit()
    return redirect(url_for("public.received"), code=303)


@bp.route("/request/received")
def received():
    new_request = recall(RECEIVED_SESSION_KEY)
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
    remember(LOOKED_UP_SESSION_KEY, found, LOOKUP_GOOD_FOR)
    return _status_result(found, SendDocumentsForm(formdata=None))


@bp.route("/status/documents", methods=["POST"])
@csrf.exempt
@limiter.limit(SEND_DOCUMENTS_LIMIT)
def send_documents():
    looked_up = recall(LOOKED_UP_SESSION_KEY)
    if not sent_documents.accepts_documents(looked_up):
        flash(
            "To send documents, look up your request again with its tracking code and the "
            "patient's date of birth.",
            "info",
        )
        return redirect(url_for("public.status"), code=303)
    form = SendDocumentsForm()
    if not form.validate_on_submit():
        return _status_result(looked_up, form), 422
    stored = identity_documents.attach(looked_up, form.prepared())
    lifecycle.record_documents_sent(looked_up, len(stored))
    _audit_received(stored, "status page")
    db.session.commit()
    flash(
        f"Thank you. We received {len(stored)} {'file' if len(stored) == 1 else 'files'}. "
        "We will look at them and write to you.",
        "success",
    )
    return redirect(url_for("public.documents_sent"), code=303)


@bp.get("/status/documents/sent")
def documents_sent():
    looked_up = recall(LOOKED_UP_SESSION_KEY)
    if looked_up is None:
        return redirect(url_for("public.status"))
    return _status_result(looked_up, SendDocumentsForm(formdata=None))


def _status_result(found: RecordsRequest, send_form: SendDocumentsForm):
    return render_template(
        "public/status_result.html",
        records_request=found,
        explanation=status_lookup.STATUS_EXPLANATIONS[found.status],
        due_on=lifecycle.due_date(found),
        send_form=send_form if sent_documents.accepts_documents(found) else None,
        review_possible=found.status is Status.DENIED and lifecycle.denial_is_reviewable(found),
    )


def _audit_received(documents: list[IdentityDocument], via: str) -> None:
    """45 CFR 164.312(b): an identity document entering the file is audited like one being
    viewed; the row holds ids and the route, never what the document shows."""
    if documents:
        audit.record_by(
            acting_requester(),
            "document.received",
            request_id=documents[0].request_id,
            details={"document_ids": [document.id for document in documents], "via": via},
        )
