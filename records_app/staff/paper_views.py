"""Entering a request that arrived on paper: staff type in the signed form and say how and
when it arrived; the request joins the queue with its clock started on that day."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import audit, identity_documents, lifecycle, practice
from ..access import acting_staff
from ..extensions import csrf, db
from ..formatting import long_date
from ..models import ReceivedVia, RecordsRequest
from ..request_form import intake
from . import bp
from .paper_forms import PaperRequestForm


# Exempt from the global CSRF check, which answers a stale token with an error page: the
# form checks its own token instead and re-renders with everything typed, as the public
# request form does (DESIGN.md). Sign-in is still required, for the page and the post.
@bp.route("/requests/new", methods=["GET", "POST"])
@csrf.exempt
@login_required
def new_paper_request():
    form = PaperRequestForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("staff/new_paper_request.html", form=form), status
    new_request = _receive(form)
    audit.record_by(acting_staff(), "request.paper_entered", request_id=new_request.id)
    db.session.commit()
    flash(
        f"Request {new_request.tracking_code} entered; due {long_date(new_request.due_at)}.",
        "success",
    )
    return redirect(url_for(".request_page", request_id=new_request.id), code=303)


def _receive(form: PaperRequestForm) -> RecordsRequest:
    """The request as signed on paper, counted as signed on the day it arrived. The form's
    submission token makes a repeated post return the request the first one made."""
    received_on = form.received_on.data
    new_request = intake.new_request_from(form, signed_at=practice.start_of_day(received_on))
    new_request.received_via = ReceivedVia(form.received_via.data)
    staff_member = current_user._get_current_object()
    received = lifecycle.receive(
        new_request,
        received_at=lifecycle.paper_received_at(received_on),
        submission_token=form.submission_token.data,
        actor=staff_member,
    )
    if received is new_request:  # not a repeated post of a request already entered
        identity_documents.attach(received, form.identity_documents(), uploaded_by=staff_member)
    return received
