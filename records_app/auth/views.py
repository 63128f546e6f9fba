from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import passwords
from ..extensions import db, limiter, login_manager
from ..models import StaffUser, utcnow
from . import bp, sessions
from .forms import ChangePasswordForm, SignInForm

SESSION_TOKEN_KEY = "staff_session"

END_MESSAGES = {
    "idle": "You were signed out after 15 minutes without activity, to protect patient "
    "information. Sign in again to go on where you were.",
    "expired": "Your session reached its 12-hour limit. Sign in again to go on.",
    "deactivated": "This account has been deactivated.",
    "password_changed": "Your password was changed; sign in again.",
}


@login_manager.user_loader
def load_user(user_id: str):
    try:
        return sessions.resume(session.get(SESSION_TOKEN_KEY), int(user_id))
    except sessions.SessionEnded as ended:
        g.session_end_reason = ended.reason
        session.pop(SESSION_TOKEN_KEY, None)
        session.pop("_user_id", None)
        return None


@login_manager.unauthorized_handler
def unauthorized():
    message = END_MESSAGES.get(g.get("session_end_reason"), "Sign in to see staff pages.")
    flash(message, "info")
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))


@bp.before_app_request
def require_password_change():
    """An account given a temporary password can do nothing else until it chooses its own."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in ("auth.change_password", "auth.sign_out", "static")
    ):
        return redirect(url_for("auth.change_password"))
    return None


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, scheme or a protocol-relative URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per minute; 100 per hour", methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("staff.queue"))
    form = SignInForm()
    next_path = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        user = db.session.scalar(
            sa.select(StaffUser).where(StaffUser.email == form.email.data.lower())
        )
        password_ok = passwords.verify(user.password_hash if user else None, form.password.data)
        if user is not None and user.active and password_ok:
            if passwords.needs_rehash(user.password_hash):
                user.password_hash = passwords.hash_password(form.password.data)
            user.last_sign_in_at = utcnow()
            # A fresh session at sign-in: nothing set before it (session fixation) survives.
            session.clear()
            login_user(user, remember=False)
            session[SESSION_TOKEN_KEY] = sessions.begin(user)
            db.session.commit()
            return redirect(next_path or url_for("staff.queue"))
        form.form_errors.append("The e-mail address or password is incorrect.")
    return render_template("auth/sign_in.html", form=form), 200 if not form.errors else 422


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    sessions.end(session.get(SESSION_TOKEN_KEY), "signed_out")
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problem = passwords.problem_with(
            form.new_password.data,
            context=(current_user.email.split("@")[0], *current_user.name.split()),
        )
        if not passwords.verify(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        elif problem:
            form.new_password.errors.append(problem)
        else:
            current_user.password_hash = passwords.hash_password(form.new_password.data)
            current_user.must_change_password = False
            sessions.end_all_for(current_user, "password_changed")
            session[SESSION_TOKEN_KEY] = sessions.begin(current_user)
            db.session.commit()
            flash("Your password was changed.", "success")
            return redirect(url_for("staff.queue"))
    status = 422 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status
