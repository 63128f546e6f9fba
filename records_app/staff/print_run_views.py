"""The day's print run: prepare it from the letters written today that go by post, print
its letters and labels, and mark it mailed. Printing is audited like opening a letter."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from records_app import audit, practice, print_run
from records_app.extensions import db
from records_app.lifecycle import LifecycleError
from records_app.models import PrintRun
from records_app.staff import bp
from records_app.web.access import acting_staff
from records_app.web.files import file_response
from records_app.web.forms import EmptyForm


@bp.get("/print-runs")
@login_required
def print_runs():
    return render_template(
        "staff/print_runs.html",
        waiting=print_run.waiting_letters(practice.today()),
        runs=print_run.recent_runs(),
        button_form=EmptyForm(),
    )


@bp.post("/print-runs")
@login_required
def start_print_run():
    if not EmptyForm().validate_on_submit():
        flash("The page had expired; nothing was done. Try again.", "warning")
        return redirect(url_for(".print_runs"))
    try:
        run = print_run.start_run(current_user._get_current_object(), practice.today())
    except LifecycleError as refusal:
        db.session.rollback()
        flash(str(refusal), "warning")
        return redirect(url_for(".print_runs"))
    audit.record_by(acting_staff(), "print_run.started", details={"print_run_id": run.id})
    db.session.commit()
    return redirect(url_for(".print_run_page", run_id=run.id))


@bp.get("/print-runs/<int:run_id>")
@login_required
def print_run_page(run_id: int):
    run = db.get_or_404(PrintRun, run_id)
    return render_template(
        "staff/print_run.html",
        run=run,
        run_letters=print_run.letters_in(run),
        button_form=EmptyForm(),
    )


@bp.get("/print-runs/<int:run_id>/<any(letters, labels):part>.pdf")
@login_required
def print_run_pdf(run_id: int, part: str):
    run = db.get_or_404(PrintRun, run_id)
    run_letters = print_run.letters_in(run)
    write = print_run.letters_pdf if part == "letters" else print_run.labels_pdf
    content = write(run_letters)
    audit.record_by(
        acting_staff(),
        f"print_run.{part}_printed",
        details={"print_run_id": run.id, "letters": len(run_letters)},
    )
    db.session.commit()
    return file_response(content, "application/pdf", f"print-run-{run.id}-{part}.pdf", inline=True)


@bp.post("/print-runs/<int:run_id>/mailed")
@login_required
def mark_print_run_mailed(run_id: int):
    run = db.get_or_404(PrintRun, run_id)
    if not EmptyForm().validate_on_submit():
        flash("The page had expired; nothing was saved. Try again.", "warning")
        return redirect(url_for(".print_run_page", run_id=run_id))
    try:
        count = print_run.mark_mailed(run, current_user._get_current_object())
    except LifecycleError as refusal:
        db.session.rollback()
        flash(str(refusal), "warning")
    else:
        audit.record_by(acting_staff(), "print_run.mailed", details={"print_run_id": run_id})
        db.session.commit()
        flash(f"Marked mailed: {count} {'letter' if count == 1 else 'letters'}.", "success")
    return redirect(url_for(".print_run_page", run_id=run_id))
