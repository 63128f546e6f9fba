"""Deciding one sign-in attempt: the password step and, for accounts with two-step sign-in,
the code step. Every outcome is counted towards the lockout and written to the audit trail
(45 CFR 164.312(b) audit controls, 164.312(d) person authentication).

Whatever was wrong, the caller shows the same message, so the page never tells a stranger
whether an address has an account or whether it is locked. Functions change rows and never
commit; the view commits once.
"""

from records_app import accounts, audit
from records_app.accounts import lockout, passwords, two_step
from records_app.models import StaffUser, utcnow

# The typed address is never written to the trail for a miss: it may be a mistyped password
# or another person's address.
UNKNOWN_ACCOUNT = "unknown account"


def check_password(email: str, password: str, ip_address: str | None) -> StaffUser | None:
    """The account these credentials open, or None. A locked account is refused even with
    the right password, after the same hashing time as any other attempt."""
    user = _account_named(email)
    if user is not None and lockout.is_locked(user, utcnow()):
        passwords.verify(None, password)
        refuse(user, ip_address, step="password")
        return None
    signed_in = accounts.authenticate(email, password)
    if signed_in is None:
        refuse(user, ip_address, step="password")
    return signed_in


def check_second_step(user: StaffUser, code: str, ip_address: str | None) -> str | None:
    """Which second factor was accepted ("authenticator" or "recovery_code"), or None.
    Wrong codes count towards the lockout like wrong passwords do."""
    now = utcnow()
    if not lockout.is_locked(user, now):
        if two_step.check_code(user, code, now):
            return "authenticator"
        if two_step.use_recovery_code(user, code):
            return "recovery_code"
    refuse(user, ip_address, step="code")
    return None


def accept(user: StaffUser, ip_address: str | None, *, second_step: str | None = None) -> None:
    user.last_sign_in_at = utcnow()
    lockout.clear_failures(user)
    audit.record(
        "auth.signed_in", actor=user, details={"second_step": second_step}, ip_address=ip_address
    )


def refuse(user: StaffUser | None, ip_address: str | None, *, step: str) -> None:
    if user is None:
        audit.record(
            "auth.sign_in_failed",
            actor_label=UNKNOWN_ACCOUNT,
            details={"step": step},
            ip_address=ip_address,
        )
        return
    now = utcnow()
    audit.record(
        "auth.sign_in_failed",
        actor=user,
        details={"step": step, "while_locked": lockout.is_locked(user, now)},
        ip_address=ip_address,
    )
    if lockout.note_failure(user, now):
        audit.record(
            "auth.locked",
            actor=user,
            details={"until": user.locked_until.isoformat(timespec="seconds")},
            ip_address=ip_address,
        )


def _account_named(email: str) -> StaffUser | None:
    try:
        return accounts.find(email)
    except accounts.AccountRefused:
        return None
