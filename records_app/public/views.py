"""The public pages: parse the form, hand it to intake or the lifecycle, render the answer.
The rules live in the request_form package, intake, tracking and the lifecycle."""

from datetime import timedelta

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext, ngettext

from records_app import audit, fees, intake, lifecycle, releases, tracking
from records_app.extensions import csrf, db, limiter
from records_app.lifecycle import Action
from records_app.models import RecordsRequest, Status
from records_app.public import bp
from records_app.public.forms import (
    DownloadCodeForm,
    QuoteAnswerForm,
    SendDocumentsForm,
    StatusLookupForm,
)
from records_app.web.access import acting_requester
from records_app.web.remembered import recall, remember

RECEIVED_SESSION_KEY = "received_request"
CONFIRMATION_VISIBLE_FOR = timedelta(minutes=30)
# A request looked up with its tracking code and date of birth, for sending documents to it:
# only the person who has just looked it up may send them.
LOOKED_UP_SESSION_KEY = "looked_up_request"
LOOKUP_GOOD_FOR = timedelta(minutes=30)
# The request whose download code was confirmed in this session (records_app/releases).
DOWNLOAD_CONFIRMED_SESSION_KEY = "download_confirmed"
# Misses only: a person who knows their code and date of birth is never slowed down.
STATUS_LOOKUP_MISS_LIMIT = "10 per 15 minutes"
# Each sending stores up to three files of 10 MB: enough for a person fixing a bad photo.
SEND_DOCUMENTS_LIMIT = "10 per hour"
ANSWER_QUOTE_LIMIT = "10 per hour"

# Each status as the requester reads it; staff read the status's own label, in English.
STATUS_NAMES = {
    Status.SUBMITTED: lazy_gettext("Received"),
    Status.IN_REVIEW: lazy_gettext("In review"),
    Status.NEEDS_INFO: lazy_gettext("Waiting for information"),
    Status.APPROVED: lazy_gettext("Approved"),
    Status.FULFILLED: lazy_gettext("Sent"),
    Status.DENIED: lazy_gettext("Denied"),
    Status.WITHDRAWN: lazy_gettext("Withdrawn"),
    Status.DENIAL_REVIEW: lazy_gettext("Denial under review"),
    Status.NO_RECORDS: lazy_gettext("No records held"),
    Status.WITHHELD_REVIEW: lazy_gettext("Withheld part under review"),
    Status.SPAM: lazy_gettext("Closed"),
}

STATUS_EXPLANATIONS = {
    Status.SUBMITTED: lazy_gettext("We have your request. We will start on it soon."),
    Status.IN_REVIEW: lazy_gettext("We are checking your request and looking for the records."),
    Status.NEEDS_INFO: lazy_gettext("We need something from you before we can go on. See below."),
    Status.APPROVED: lazy_gettext("Your request is approved. We are getting the copies ready."),
    Status.FULFILLED: lazy_gettext("We have sent the records."),
    Status.WITHHELD_REVIEW: lazy_gettext(
        "We sent the records, except one part. You asked us to review our decision to "
        "withhold that part. A licensed health professional who had no part in that decision "
        "is looking at it. We will write to you with the answer."
    ),
    Status.DENIED: lazy_gettext(
        "We could not send these records. We wrote to you to explain why and what you can do "
        "if you disagree."
    ),
    Status.NO_RECORDS: lazy_gettext(
        "We looked for these records and found that we do not hold any for this patient. "
        "This is not a refusal. We wrote to you to say where to send the request instead, "
        "where we know."
    ),
    Status.WITHDRAWN: lazy_gettext(
        "This request was cancelled. If that is a mistake, contact us or send a new request."
    ),
    Status.SPAM: lazy_gettext("This request was closed."),
    Status.DENIAL_REVIEW: lazy_gettext(
        "You asked us to review our decision not to send these records. A licensed health "
        "professional who had no part in that decision is looking at it. We will write to you "
        "with the answer."
    ),
}


@bp.route("/")
def home():
    return render_template("public/home.html")


@bp.route("/request/received")
def received():
    new_request = recall(RECEIVED_SESSION_KEY)
    if new_request is None:
        flash(
            gettext(
                "That page is no longer shown. If you saved your tracking code, you can check "
                "your request here."
            ),
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
    found = tracking.find_request(form.tracking_code.data, form.date_of_birth.data)
    if found is None:
        g.status_lookup_missed = True
        return render_template(
            "public/status.html", form=StatusLookupForm(formdata=None), no_match=True
        )
    remember(LOOKED_UP_SESSION_KEY, found, LOOKUP_GOOD_FOR)
    return status_result(found, SendDocumentsForm(formdata=None))


@bp.route("/status/documents", methods=["POST"])
@csrf.exempt
@limiter.limit(SEND_DOCUMENTS_LIMIT)
def send_documents():
    looked_up = recall(LOOKED_UP_SESSION_KEY)
    if not lifecycle.accepts_documents(looked_up):
        return _look_up_again("send documents")
    form = SendDocumentsForm()
    if not form.validate_on_submit():
        return status_result(looked_up, form), 422
    stored = intake.receive_documents(looked_up, form.prepared(), by=acting_requester())
    db.session.commit()
    flash(
        ngettext(
            "Thank you. We received %(num)s file. We will look at them and write to you.",
            "Thank you. We received %(num)s files. We will look at them and write to you.",
            len(stored),
        ),
        "success",
    )
    return redirect(url_for("public.documents_sent"), code=303)


@bp.route("/status/quote", methods=["POST"])
@csrf.exempt
@limiter.limit(ANSWER_QUOTE_LIMIT)
def answer_quote():
    """The requester accepts or declines the fee quoted, from the request they just looked
    up. An answer to a page that is out of date is not taken: they see the request as it
    stands and may answer again."""
    looked_up = recall(LOOKED_UP_SESSION_KEY)
    if looked_up is None:
        return _look_up_again("answer the quote")
    form = QuoteAnswerForm()
    if not form.validate_on_submit():
        return status_result(looked_up, SendDocumentsForm(formdata=None), form), 422
    accepted = bool(form.accept.data)
    try:
        lifecycle.answer_quote(looked_up, None, int(form.version.data), accepted=accepted)
    except lifecycle.LifecycleError:
        db.session.rollback()
        flash(
            gettext(
                "Your request changed while you were looking at it. Here it is as it stands now."
            ),
            "info",
        )
    else:
        action = Action.ACCEPT_QUOTE if accepted else Action.DECLINE_QUOTE
        audit.record_by(acting_requester(), f"request.{action}", request_id=looked_up.id)
        db.session.commit()
        flash(
            gettext("Thank you: you accepted the fee. We are sending you an invoice.")
            if accepted
            else gettext(
                "Thank you: you declined the fee. We will be in touch about your request."
            ),
            "success",
        )
    return redirect(url_for("public.looked_up"), code=303)


@bp.get("/status/documents/sent", endpoint="documents_sent")
@bp.get("/status/yours")
def looked_up():
    """The request the visitor has just looked up, as it stands now: where sending documents
    and answering a quote lead (POST/redirect/GET)."""
    looked_up = recall(LOOKED_UP_SESSION_KEY)
    if looked_up is None:
        return redirect(url_for("public.status"))
    return status_result(looked_up, SendDocumentsForm(formdata=None))


# What a visitor whose looked-up request was forgotten is asked to do, by what they tried.
LOOK_UP_AGAIN = {
    "send documents": lazy_gettext(
        "To send documents, look up your request again with its tracking code and the "
        "patient's date of birth."
    ),
    "answer the quote": lazy_gettext(
        "To answer the quote, look up your request again with its tracking code and the "
        "patient's date of birth."
    ),
}


def _look_up_again(to_do: str):
    flash(str(LOOK_UP_AGAIN[to_do]), "info")
    return redirect(url_for("public.status"), code=303)


def status_result(
    found: RecordsRequest,
    send_form: SendDocumentsForm,
    answer_form: QuoteAnswerForm | None = None,
    code_form: DownloadCodeForm | None = None,
):
    answerable = lifecycle.is_allowed(found, Action.ACCEPT_QUOTE)
    offer = releases.offer_for(found, releases.current())
    return render_template(
        "public/status_result.html",
        records_request=found,
        status_name=STATUS_NAMES[found.status],
        explanation=STATUS_EXPLANATIONS[found.status],
        due_on=lifecycle.due_date(found),
        send_form=send_form if lifecycle.accepts_documents(found) else None,
        review_possible=lifecycle.is_allowed(found, Action.REQUEST_DENIAL_REVIEW),
        quote=found.fee_quote,
        ledger=fees.ledger_of(found),
        answer_form=(answer_form or QuoteAnswerForm(formdata=None, version=found.version))
        if answerable
        else None,
        how_to_pay=fees.how_to_pay(),
        waits_for_payment=fees.release_waits_for_payment(found, fees.current()),
        for_patient=found.fee_quote is not None and found.fee_quote.rule in fees.PATIENT_RULES,
        offer=offer,
        download_allowed=offer is not None and may_download(found),
        code_form=code_form or DownloadCodeForm(formdata=None),
    )


def may_download(found: RecordsRequest) -> bool:
    """The looked-up request's files may be downloaded in this session: it needs no code,
    or its code was confirmed here."""
    if not releases.needs_code(found):
        return True
    confirmed = recall(DOWNLOAD_CONFIRMED_SESSION_KEY)
    return confirmed is not None and confirmed.id == found.id
