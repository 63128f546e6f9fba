"""Sign-in, sign-out and password change for staff (45 CFR 164.312(d) person
authentication), and the hooks that load the signed-in account from its server-side
session on every request (45 CFR 164.312(a)(2)(iii) automatic log-off)."""

from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import accounts, passwords
from ..extensions import db, limiter, login_manager
from . import bp, sessions
from .forms import ChangePasswordForm, SignInForm

SESSION_TOKEN_KEY = "staff_session"


def _end_message(reason: str | None) -> str:
    """Why the browser is on the sign-in page, in the words of the limit that ended it."""
    config = current_app.config
    messages = {
        "idle": f"You were signed out after {config['STAFF_IDLE_MINUTES']} minutes without "
        "activity, to protect patient information. Sign in again to go on where you were.",
        "expired": f"Your session reached its {config['STAFF_SESSION_MAX_HOURS']}-hour limit. "
        "Sign in again to go on.",
        "deactivated": "This account has been deactivated.",
        "account_expired": "This emergency access account has expired.",
        "password_changed": "Your password was changed; sign in again.",
    }
    return messages.get(reason, "Sign in to see staff pages.")


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
    flash(_end_message(g.get("session_end_reason")), "info")
    return redirect(url_for("auth.sign_in", next=_page_to_return_to()))


def _page_to_return_to() -> str | None:
    """The page to come back to after signing in again. A POST cannot be replayed, so after
    one it is the page that held the form, when that was on this site."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))


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
    next_path = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("staff.queue"))
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
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
        if not passwords.verify(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            try:
                accounts.set_password(current_user, form.new_password.data)
            except accounts.AccountRefused as refused:
                form.new_password.errors.append(str(refused))
            else:
                session[SESSION_TOKEN_KEY] = sessions.begin(current_user)
                db.session.commit()
                flash("Your password was changed.", "success")
                return redirect(url_for("staff.queue"))
    status = 422 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status
