"""Staff accounts in the browser, for admins. Each view parses the form, calls one function
of `accounts` (where the rules live), commits once, and tells the admin what happened."""

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for

from .. import accounts
from ..access import admin_required
from ..empty_form import EmptyForm
from ..extensions import db
from ..models import Role, StaffUser
from . import bp
from .forms import AddStaffForm, RoleForm


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
                form.email.data, form.name.data, Role(form.role.data)
            )
        except accounts.AccountRefused as refused:
            _show_beside_its_field(form, refused)
        else:
            db.session.commit()
            # Shown in this response only, never redirected through a flash message: the
            # session cookie is signed, not encrypted, and pages are sent with no-store.
            return render_template(
                "admin/staff_added.html", user=user, temporary_password=temporary_password
            )
    return render_template("admin/add_staff.html", form=form), 422 if form.errors else 200


@bp.route("/staff/<int:user_id>")
@admin_required
def staff_member(user_id: int):
    user = db.get_or_404(StaffUser, user_id)
    return render_template(
        "admin/staff_member.html",
        user=user,
        role_form=RoleForm(role=user.role.value),
        button_form=EmptyForm(),
    )


@bp.route("/staff/<int:user_id>/role", methods=["POST"])
@admin_required
def change_role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose a role.", "error")
        return redirect(url_for("admin.staff_member", user_id=user_id))
    role = Role(form.role.data)
    return _change_account(
        user_id, lambda user: accounts.change_role(user, role), f"is now {role}."
    )


@bp.route("/staff/<int:user_id>/deactivate", methods=["POST"])
@admin_required
def deactivate_staff(user_id: int):
    return _change_account(
        user_id, accounts.deactivate, "is deactivated and signed out everywhere."
    )


@bp.route("/staff/<int:user_id>/reactivate", methods=["POST"])
@admin_required
def reactivate_staff(user_id: int):
    return _change_account(user_id, accounts.reactivate, "can sign in again.")


def _show_beside_its_field(form, refused: accounts.AccountRefused) -> None:
    if refused.field in form:
        form[refused.field].errors.append(str(refused))
    else:
        form.form_errors.append(str(refused))


def _change_account(user_id: int, change: Callable[[StaffUser], None], outcome: str):
    """Applies one account change (CSRF was checked for every POST by CSRFProtect), commits
    it or reports the rule that refused it, and goes back to the account's page."""
    user = db.get_or_404(StaffUser, user_id)
    try:
        change(user)
    except accounts.AccountRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(f"{user.name} {outcome}", "success")
    return redirect(url_for("admin.staff_member", user_id=user_id))
