"""Canned texts in the browser, for admins: list, add, edit, retire. Each view parses the
form, calls one function of `canned_texts` (where the rules and the audit live), commits once
and says what happened."""

from collections.abc import Callable
from functools import partial

from flask import flash, redirect, render_template, url_for

from records_app import canned_texts
from records_app.admin import bp
from records_app.admin.canned_text_forms import EditCannedTextForm, NewCannedTextForm
from records_app.canned_texts import CannedTextRefused
from records_app.extensions import db
from records_app.models import CannedText, CannedTextUse
from records_app.web.access import acting_staff, admin_required
from records_app.web.forms import EmptyForm


@bp.get("/canned-texts")
@admin_required
def canned_texts_list():
    return render_template(
        "admin/canned_texts.html", texts=canned_texts.all_texts(), button_form=EmptyForm()
    )


@bp.route("/canned-texts/new", methods=["GET", "POST"])
@admin_required
def add_canned_text():
    form = NewCannedTextForm()
    if form.validate_on_submit():
        use = CannedTextUse(form.use.data)
        add = partial(canned_texts.add, use, form.title.data, form.body.data, by=acting_staff())
        if saved := _saved(form, add, "added"):
            return saved
    return _render_form(form, None)


@bp.route("/canned-texts/<id:text_id>", methods=["GET", "POST"])
@admin_required
def edit_canned_text(text_id: int):
    text = db.get_or_404(CannedText, text_id)
    form = EditCannedTextForm(obj=text)
    if form.validate_on_submit():
        edit = partial(canned_texts.edit, text, form.title.data, form.body.data, by=acting_staff())
        if saved := _saved(form, edit, "saved"):
            return saved
    return _render_form(form, text)


def _saved(form, change: Callable[[], CannedText], outcome: str):
    """Commits the change and goes back to the list, or puts the rule that refused it
    beside its field (and returns None, for the form to be shown again)."""
    try:
        text = change()
    except CannedTextRefused as refused:
        db.session.rollback()
        form[refused.field].errors.append(str(refused))
        return None
    db.session.commit()
    flash(f"“{text.title}” {outcome}.", "success")
    return redirect(url_for("admin.canned_texts_list"))


@bp.post("/canned-texts/<id:text_id>/retire")
@admin_required
def retire_canned_text(text_id: int):
    text = db.get_or_404(CannedText, text_id)
    try:
        canned_texts.retire(text, by=acting_staff())
    except CannedTextRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(f"“{text.title}” retired; staff no longer see it.", "success")
    return redirect(url_for("admin.canned_texts_list"))


def _render_form(form, text: CannedText | None):
    page = render_template("admin/canned_text_form.html", form=form, text=text)
    return page, 422 if form.errors else 200
