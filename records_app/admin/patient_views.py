"""The patient index for admins: import the practice's list from CSV, and search it by
name and date of birth. A search is a POST and its results are rendered, never redirected
to, so that a name and a date of birth never reach a URL; searches and imports are audited
with their counts, never their terms or rows."""

import io

from flask import flash, redirect, render_template, url_for

from records_app import audit, patient_index, practice
from records_app.admin import bp
from records_app.admin.patient_forms import ImportPatientsForm, SearchPatientsForm
from records_app.extensions import db
from records_app.patient_index import ImportRefused
from records_app.web.access import acting_staff, admin_required


@bp.get("/patients")
@admin_required
def patients():
    return _render(ImportPatientsForm(formdata=None), SearchPatientsForm(formdata=None))


@bp.post("/patients/import")
@admin_required
def import_patients():
    form = ImportPatientsForm()
    problems = []
    if form.validate_on_submit():
        lines = io.TextIOWrapper(form.csv_file.data.stream, encoding="utf-8-sig", newline="")
        try:
            result = patient_index.import_file(
                lines, practice.today(), skip_bad_rows=form.skip_bad_rows.data
            )
        except ImportRefused as refused:
            db.session.rollback()
            form.csv_file.errors.append(str(refused))
            problems = refused.problems
        else:
            audit.record_by(
                acting_staff(),
                "patients.imported",
                details={
                    "added": result.added,
                    "updated": result.updated,
                    "skipped": len(result.skipped),
                },
            )
            db.session.commit()
            flash(result.summary(), "success")
            return redirect(url_for(".patients"))
    return _render(form, SearchPatientsForm(formdata=None), problems=problems), 422


@bp.post("/patients/search")
@admin_required
def search_patients():
    form = SearchPatientsForm()
    if not form.validate_on_submit():
        return _render(ImportPatientsForm(formdata=None), form), 422
    found = patient_index.search(form.first_name.data, form.last_name.data, form.date_of_birth.data)
    audit.record_by(acting_staff(), "patients.searched", details={"results": len(found.likely)})
    html = _render(ImportPatientsForm(formdata=None), form, found=found)
    db.session.commit()
    return html


def _render(import_form, search_form, *, problems=(), found=None):
    return render_template(
        "admin/patients.html",
        import_form=import_form,
        search_form=search_form,
        problems=problems,
        found=found,
        patient_count=patient_index.patient_count(),
    )
