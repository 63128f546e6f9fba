"""The patient index on a request's page: confirming the chart of one of the likely
matches, which tells staff where the chart is kept."""

from flask import flash, redirect, url_for
from flask_login import current_user, login_required

from records_app import audit, patient_index
from records_app.extensions import db
from records_app.lifecycle import LifecycleError
from records_app.models import Patient, RecordsRequest
from records_app.staff import bp
from records_app.web.access import acting_staff
from records_app.web.forms import EmptyForm


@bp.post("/requests/<int:request_id>/chart/<int:patient_id>")
@login_required
def confirm_chart(request_id: int, patient_id: int):
    records_request = db.get_or_404(RecordsRequest, request_id)
    patient = db.get_or_404(Patient, patient_id)
    if not EmptyForm().validate_on_submit():
        flash("The page had expired; nothing was saved. Try again.", "warning")
    else:
        try:
            patient_index.confirm_chart(
                records_request, patient, current_user._get_current_object()
            )
        except LifecycleError as refusal:
            db.session.rollback()
            flash(str(refusal), "warning")
        else:
            audit.record_by(
                acting_staff(),
                "request.chart_confirmed",
                request_id=records_request.id,
                details={"patient_id": patient.id},
            )
            db.session.commit()
            flash(f"Chart confirmed: kept at {patient.chart_location}.", "success")
    return redirect(url_for(".request_page", request_id=request_id, _anchor="patient-index"))
