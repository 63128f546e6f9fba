"""Staff accounts and the audit log in the browser, for admins. Each account view parses the
form, calls one function of `accounts` (where the rules live), commits once, and tells the
admin what happened."""

from collections.abc import Callable, Iterator
from functools import partial

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from werkzeug.datastructures import MultiDict

from records_app import accounts, audit, exports
from records_app.admin import bp
from records_app.admin.forms import AddStaffForm, AuditFilterForm, RoleForm
from records_app.audit import reading
from records_app.extensions import db
from records_app.models import Role, StaffUser, row_id
from records_app.web.access import acting_staff, admin_required
from records_app.web.errors import stream_without_values
from records_app.web.forms import EmptyForm


@bp.route("/staff")
@admin_required
def staff_list():
    return render_template("admin/staff_list.html", accounts=accounts.all_accounts())


@bp.route("/staff/new", methods=["GET", "POST"])
@admin_required
def add_staff():
    form = AddStaffForm()
    if form.validate_on_submit():
        try:
            user, temporary_password = accounts.create_with_temporary_password(
                form.email.data, form.name.data, Role(form.role.data), by=acting_staff()
            )
        except accounts.AccountRefused as refused:
            _show_beside_its_field(form, refused)
        else:
            db.session.commit()
            # Shown in this response only, never redirected through a flash message: the
            # session cookie is signed, not encrypted, and pages are sent with no-store.
            return render_template(
                "admin/temporary_password.html",
                user=user,
                temporary_password=temporary_password,
                new_account=True,
            )
    return render_template("admin/add_staff.html", form=form), 422 if form.errors else 200


@bp.route("/staff/<id:user_id>")
@admin_required
def staff_member(user_id: int):
    user = db.get_or_404(StaffUser, user_id)
    return render_template(
        "admin/staff_member.html",
        user=user,
        role_form=RoleForm(role=user.role.value),
        button_form=EmptyForm(),
    )


@bp.route("/staff/<id:user_id>/role", methods=["POST"])
@admin_required
def change_role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose a role.", "error")
        return redirect(url_for("admin.staff_member", user_id=user_id))
    role = Role(form.role.data)
    return _change_account(user_id, partial(accounts.change_role, role=role), f"is now {role}.")


@bp.route("/staff/<id:user_id>/deactivate", methods=["POST"])
@admin_required
def deactivate_staff(user_id: int):
    return _change_account(
        user_id, accounts.deactivate, "is deactivated and signed out everywhere."
    )


@bp.route("/staff/<id:user_id>/reactivate", methods=["POST"])
@admin_required
def reactivate_staff(user_id: int):
    return _change_account(user_id, accounts.reactivate, "can sign in again.")


@bp.route("/staff/<id:user_id>/temporary-password", methods=["POST"])
@admin_required
def issue_temporary_password(user_id: int):
    user = db.get_or_404(StaffUser, user_id)
    temporary_password = accounts.issue_temporary_password(user, by=acting_staff())
    db.session.commit()
    return render_template(
        "admin/temporary_password.html",
        user=user,
        temporary_password=temporary_password,
        new_account=False,
    )


@bp.route("/staff/<id:user_id>/two-step/reset", methods=["POST"])
@admin_required
def reset_two_step(user_id: int):
    return _change_account(
        user_id,
        accounts.reset_two_step,
        "no longer has two-step sign-in and is signed out everywhere.",
    )


def _show_beside_its_field(form, refused: accounts.AccountRefused) -> None:
    if refused.field in form:
        form[refused.field].errors.append(str(refused))
    else:
        form.form_errors.append(str(refused))


def _change_account(user_id: int, change: Callable[..., None], outcome: str):
    """Applies one account change (CSRF was checked for every POST by CSRFProtect), commits
    it with its audit row or reports the rule that refused it, and goes back to the
    account's page."""
    user = db.get_or_404(StaffUser, user_id)
    try:
        change(user, by=acting_staff())
    except accounts.AccountRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(f"{user.name} {outcome}", "success")
    return redirect(url_for("admin.staff_member", user_id=user_id))


# ---- audit log (45 CFR 164.312(b): activity is recorded and examined) --------------------


@bp.get("/audit", endpoint="audit_log")
@admin_required
def audit_log_page():
    """Newest first, 100 rows a page; filters and the page cursor are in the query string."""
    form = _audit_filter_form()
    if not form.validate():
        return _render_audit_log(form, reading.AuditPage([], None)), 422
    older_than = request.args.get("older_than", type=row_id)
    return _render_audit_log(form, reading.page(form.filters(), older_than))


@bp.get("/audit/export.csv")
@admin_required
def audit_log_export():
    """The filtered rows as CSV, streamed; the export itself goes into the trail."""
    form = _audit_filter_form()
    if not form.validate():
        return _render_audit_log(form, reading.AuditPage([], None)), 422
    return Response(
        stream_with_context(stream_without_values(_audit_csv(form.filters(), acting_staff()))),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )


def _audit_csv(filters: reading.AuditFilters, by: audit.Actor) -> Iterator[str]:
    """Like the request exports: the audit row is written when the stream ends, with the
    number of rows read, after the reading cursor is closed."""
    source = reading.csv_rows(filters)
    rows = exports.RowCounter(source)
    try:
        yield from exports.csv_chunks(reading.CSV_COLUMNS, rows)
    finally:
        source.close()
        audit.record_by(by, "audit.exported", details={**filters.as_details(), "rows": rows.count})
        db.session.commit()


def _audit_filter_form() -> AuditFilterForm:
    return AuditFilterForm(
        formdata=_filter_arguments() or None,
        staff_choices=[(str(user.id), user.name) for user in accounts.all_accounts()],
        action_choices=[(action, action) for action in reading.actions()],
    )


def _render_audit_log(form: AuditFilterForm, page: reading.AuditPage) -> str:
    return render_template(
        "admin/audit_log.html", form=form, page=page, filter_arguments=_filter_arguments()
    )


def _filter_arguments() -> MultiDict:
    """The query string without the cursor, for the next-page and export links."""
    arguments = request.args.copy()
    arguments.poplist("older_than")
    return arguments
