"""Marking many requests as spam in one action from the queue: each one through the
lifecycle at the version the queue showed, audited one by one, committed once."""

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_login import current_user, login_required

from records_app import audit, lifecycle
from records_app.extensions import db
from records_app.lifecycle import Action
from records_app.models import RecordsRequest, Status
from records_app.staff import bp
from records_app.staff.spam_forms import BulkSpamForm
from records_app.web.access import acting_staff


@bp.post("/queue/spam")
@login_required
def mark_spam():
    form = BulkSpamForm()
    if not form.validate_on_submit():
        flash(form.selected.errors[0] if form.selected.errors else "Reload the page.", "warning")
        return redirect(url_for(".queue"), code=303)
    seen = form.seen_versions()
    requests = db.session.scalars(sa.select(RecordsRequest).where(RecordsRequest.id.in_(seen)))
    marking = lifecycle.mark_many_as_spam(
        [(records_request, seen[records_request.id]) for records_request in requests],
        current_user._get_current_object(),
    )
    for records_request in marking.marked:
        audit.record_by(
            acting_staff(),
            f"request.{Action.MARK_SPAM}",
            request_id=records_request.id,
            details={"from": Status.SUBMITTED.value, "to": Status.SPAM.value},
        )
    db.session.commit()
    count = len(marking.marked)
    flash(
        f"Marked {count} {'request' if count == 1 else 'requests'} as spam: closed, with no "
        "letter and no e-mail.",
        "success",
    )
    if marking.left:
        codes = ", ".join(records_request.tracking_code for records_request in marking.left)
        flash(f"Left as they were, because they changed or are no longer new: {codes}.", "warning")
    return redirect(url_for(".queue"), code=303)
