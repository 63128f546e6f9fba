"""Sign-in (with the optional two-step code), sign-out, password change and two-step
enrolment for staff (45 CFR 164.312(d) person authentication), and the hooks that load the
signed-in account from its server-side session on every request (45 CFR 164.312(a)(2)(iii)
automatic log-off)."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import COOKIE_NAME, current_user, login_required, login_user, logout_user

from records_app import accounts, audit
from records_app.accounts import passwords, sessions, sign_in_checks, two_step
from records_app.auth import bp
from records_app.auth.forms import (
    ChangePasswordForm,
    DigestForm,
    SignInCodeForm,
    SignInForm,
    TwoStepEnrolForm,
)
from records_app.extensions import db, limiter, login_manager
from records_app.models import StaffUser, utcnow
from records_app.web.access import acting_staff
from records_app.web.local_paths import safe_next

SESSION_TOKEN_KEY = "staff_session"
# Between a right password and a right code: who is signing in, since when, and where to go.
# Nobody is signed in until the code is right.
PENDING_KEY = "two_step_pending"
PENDING_LIFETIME = timedelta(minutes=5)
INCORRECT = "The e-mail address or password is incorrect."
# Pages an account that still has setting up to do may reach.
SETUP_ENDPOINTS = ("auth.change_password", "auth.two_step", "auth.sign_out", "static")


def _failed(response) -> bool:
    return response.status_code >= 400


def _account_key() -> str:
    """The account being tried: the typed address on the password step, the pending
    account's address on the code step, so that guesses against one account are limited
    however many addresses they come from (NIST SP 800-63B 5.2.2)."""
    if request.endpoint == "auth.sign_in_code":
        pending_user = _pending_user()
        return pending_user.email if pending_user else ""
    return accounts.lookup_key(request.form.get("email", ""))


per_address_limit = limiter.shared_limit(
    "20 per minute; 100 per hour", scope="sign-in-address", methods=["POST"]
)
per_account_limit = limiter.shared_limit(
    "5 per minute",
    scope="sign-in-account",
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
)


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
        "password_reset": "An admin reset your password. Sign in with the temporary password "
        "they gave you.",
        "two_step_reset": "An admin turned off your two-step sign-in. Sign in again, then "
        "set it up with your new device.",
    }
    return messages.get(reason, "Sign in to see staff pages.")


@login_manager.user_loader
def load_user(user_id: str):
    """Runs before the view, on the first look at the signed-in user, so what it commits
    is its own: the end of a session past its limit, or the session's last_seen_at."""
    try:
        user = sessions.resume(
            session.get(SESSION_TOKEN_KEY), int(user_id), ip_address=request.remote_addr
        )
    except sessions.SessionEnded as ended:
        db.session.commit()
        g.session_end_reason = ended.reason
        session.pop(SESSION_TOKEN_KEY, None)
        session.pop("_user_id", None)
        return None
    if db.session.dirty:
        db.session.commit()
    return user


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


@bp.after_app_request
def no_remember_cookie_to_clear(response):
    """Remember-me is off, so no browser holds a remember cookie. Flask-Login's strong session
    protection still asks to clear one on every anonymous request that carries a session (a
    public form's CSRF token is enough), which set an empty cookie without flags on public
    pages; there is nothing to clear unless the browser sent one. Runs before Flask-Login's
    own hook, as hooks registered later do."""
    if session.get("_remember") == "clear" and COOKIE_NAME not in request.cookies:
        session.pop("_remember")
    return response


@bp.before_app_request
def require_account_setup():
    """An account given a temporary password can do nothing else until it chooses its own;
    when the practice requires it (REQUIRE_ADMIN_TWO_STEP), an admin can do nothing else
    until they turn on two-step sign-in."""
    if not current_user.is_authenticated or request.endpoint in SETUP_ENDPOINTS:
        return None
    if current_user.must_change_password:
        return redirect(url_for("auth.change_password"))
    if _two_step_required(current_user) and not current_user.has_two_step:
        return redirect(url_for("auth.two_step"))
    return None


def _two_step_required(user: StaffUser) -> bool:
    return user.is_admin and current_app.config["REQUIRE_ADMIN_TWO_STEP"]


@bp.route("/sign-in", methods=["GET", "POST"])
@per_address_limit
@per_account_limit
def sign_in():
    next_path = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("staff.queue"))
    form = SignInForm()
    if form.validate_on_submit():
        user = sign_in_checks.check_password(
            form.email.data, form.password.data, request.remote_addr
        )
        if user is not None and user.has_two_step:
            return _ask_for_code(user, next_path)
        if user is not None:
            return _begin_session(user, next_path)
        db.session.commit()
        form.form_errors.append(INCORRECT)
    return render_template("auth/sign_in.html", form=form), 200 if not form.errors else 422


@bp.route("/sign-in/code", methods=["GET", "POST"])
@per_address_limit
@per_account_limit
def sign_in_code():
    user = _pending_user()
    if user is None:
        session.pop(PENDING_KEY, None)
        flash(
            "Enter your e-mail address and password, then your code within "
            f"{PENDING_LIFETIME.seconds // 60} minutes.",
            "info",
        )
        return redirect(url_for("auth.sign_in"))
    form = SignInCodeForm()
    if form.validate_on_submit():
        second_step = sign_in_checks.check_second_step(user, form.code.data, request.remote_addr)
        if second_step is not None:
            return _begin_session(user, session[PENDING_KEY]["next"], second_step=second_step)
        db.session.commit()
        form.code.errors.append("That code is not right. Try the newest code from your app.")
    return render_template("auth/sign_in_code.html", form=form), 200 if not form.errors else 422


def _ask_for_code(user: StaffUser, next_path: str | None):
    """The password was right; the session begins only once the code is right too."""
    session.clear()
    session[PENDING_KEY] = {"user_id": user.id, "since": utcnow().timestamp(), "next": next_path}
    db.session.commit()
    return redirect(url_for("auth.sign_in_code"))


def _pending_user() -> StaffUser | None:
    """The account waiting for its code, while the wait is shorter than PENDING_LIFETIME and
    the account may still sign in."""
    pending = session.get(PENDING_KEY)
    if not pending or utcnow().timestamp() - pending["since"] > PENDING_LIFETIME.total_seconds():
        return None
    user = db.session.get(StaffUser, pending["user_id"])
    if user is None or not user.has_two_step or sessions.account_refusal(user, utcnow()):
        return None
    return user


def _begin_session(user: StaffUser, next_path: str | None, *, second_step: str | None = None):
    # A fresh session at sign-in: nothing set before it (session fixation) survives.
    session.clear()
    login_user(user, remember=False)
    session[SESSION_TOKEN_KEY] = sessions.begin(user)
    sign_in_checks.accept(user, request.remote_addr, second_step=second_step)
    db.session.commit()
    return redirect(next_path or url_for("staff.queue"))


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    if current_user.is_authenticated:
        audit.record("auth.signed_out", actor=current_user, ip_address=request.remote_addr)
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
                accounts.set_password(current_user, form.new_password.data, by=acting_staff())
            except accounts.AccountRefused as refused:
                form.new_password.errors.append(str(refused))
            else:
                session[SESSION_TOKEN_KEY] = sessions.begin(current_user)
                db.session.commit()
                flash("Your password was changed.", "success")
                return redirect(url_for("staff.queue"))
    status = 422 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status


@bp.route("/digest", methods=["GET", "POST"])
@login_required
def digest():
    """Each staff member turns the morning digest (`flask digest send`) on or off."""
    form = DigestForm(wants_digest=current_user.wants_digest)
    if form.validate_on_submit():
        current_user.wants_digest = form.wants_digest.data
        audit.record_by(
            acting_staff(), "auth.digest_changed", details={"wants_digest": form.wants_digest.data}
        )
        db.session.commit()
        flash("Morning digest " + ("on." if form.wants_digest.data else "off."), "success")
        return redirect(url_for("auth.digest"))
    return render_template("auth/digest.html", form=form)


@bp.route("/two-step", methods=["GET", "POST"], endpoint="two_step")
@login_required
def two_step_page():
    """Turning on two-step sign-in: the person adds the key to an authenticator app and
    proves it works with a code; the recovery codes are then shown once, on this response
    only, and kept only as hashes."""
    if current_user.has_two_step:
        return render_template("auth/two_step_on.html")
    if current_user.totp_secret is None:
        two_step.start_enrolment(current_user)
        db.session.commit()
    form = TwoStepEnrolForm()
    if form.validate_on_submit():
        recovery_codes = two_step.confirm_enrolment(current_user, form.code.data)
        if recovery_codes is not None:
            audit.record(
                "auth.two_step_enabled", actor=current_user, ip_address=request.remote_addr
            )
            db.session.commit()
            return render_template("auth/recovery_codes.html", recovery_codes=recovery_codes)
        form.code.errors.append(
            "That code is not right. Check that the key was typed in full, then try the "
            "newest code."
        )
    page = render_template(
        "auth/two_step.html",
        form=form,
        required=_two_step_required(current_user),
        secret=two_step.secret_for_typing(current_user),
        uri=two_step.provisioning_uri(current_user, current_app.config["PRACTICE_NAME"]),
    )
    return page, 200 if not form.errors else 422
