"""Entering a request that arrived on paper: staff type in the signed form and say how and
when it arrived; the request joins the queue with its clock started on that day."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from records_app import audit, intake
from records_app.extensions import csrf, db
from records_app.formatting import long_date
from records_app.models import ReceivedVia
from records_app.staff import bp
from records_app.staff.paper_forms import PaperRequestForm
from records_app.web.access import acting_staff


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
    receipt = intake.receive_on_paper(
        form,
        received_on=form.received_on.data,
        signed_on=form.signed_on.data,
        received_via=ReceivedVia(form.received_via.data),
        written_in=form.language.data,
        entered_by=current_user._get_current_object(),
    )
    new_request = receipt.request
    audit.record_by(acting_staff(), "request.paper_entered", request_id=new_request.id)
    db.session.commit()
    flash(
        f"Request {new_request.tracking_code} entered; due {long_date(new_request.due_at)}.",
        "success",
    )
    return redirect(url_for(".request_page", request_id=new_request.id), code=303)
