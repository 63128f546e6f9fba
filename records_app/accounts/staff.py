"""Staff accounts: the rules for creating, signing in, changing and ending them.

The `flask users` commands and the admin pages both go through these functions, so each rule
lives in one place. 45 CFR 164.312(a)(2)(i) unique user identification: one account per
person, known by their e-mail address. 45 CFR 164.312(d) person authentication: a password
of at least 15 characters (see `passwords`). Functions flush and never commit; the caller
commits once. Each change is written to the audit trail with who made it (`by`) and the
account's id only (45 CFR 164.312(b)).
"""

import logging
import secrets
from datetime import timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from records_app import audit
from records_app.accounts import passwords, sessions
from records_app.extensions import db
from records_app.input_cleaning import one_line
from records_app.models import Role, StaffUser, utcnow

log = logging.getLogger("records_app.accounts")

BREAK_GLASS_MAX_HOURS = 24
NAME_MAX_LENGTH = 120
# Lower-case letters and digits without look-alikes (0/o, 1/l/i), read off a screen and typed.
_GENERATED_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GENERATED_GROUPS = 5
_GENERATED_GROUP_LENGTH = 5


class AccountRefused(Exception):
    """A change the account rules do not allow. The message is written for the person who
    asked; `field` names the form field it is about, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalized_email(raw: str) -> str:
    """The address as stored: validated, and lower-cased whole so that one person cannot
    hold two accounts that differ only in case."""
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountRefused(
            "Enter a valid e-mail address, like name@example.org.", field="email"
        ) from error
    return checked.normalized.lower()


def lookup_key(typed: str) -> str:
    """The address an account is looked up by, from what was typed: cleaned as every form
    field is and lower-cased. The per-account sign-in limit keys on it too, so that an
    invisible character added to an address cannot buy fresh tries at the same account."""
    return one_line(typed).lower()


def _account_for(email: str) -> StaffUser | None:
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.email == lookup_key(email)))


def find(email: str) -> StaffUser:
    user = _account_for(email)
    if user is None:
        raise AccountRefused(f"No staff account has the e-mail address {email.strip()}.")
    return user


def all_accounts() -> list[StaffUser]:
    return list(db.session.scalars(sa.select(StaffUser).order_by(StaffUser.name, StaffUser.id)))


def check_new_account(email: str, name: str) -> tuple[str, str]:
    """The e-mail address and name as they will be stored, or AccountRefused. Checked before
    anyone is asked for a password, so that nobody types one for an account that cannot be."""
    email = normalized_email(email)
    name = one_line(name)
    if not name:
        raise AccountRefused("Enter the person's name.", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise AccountRefused(f"Use at most {NAME_MAX_LENGTH} characters.", field="name")
    if db.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)):
        raise AccountRefused(f"There is already an account for {email}.", field="email")
    return email, name


def create(
    email: str,
    name: str,
    role: Role,
    password: str,
    *,
    by: audit.Actor,
    must_change_password: bool = False,
) -> StaffUser:
    email, name = check_new_account(email, name)
    _refuse_weak_password(password, email=email, name=name)
    user = StaffUser(
        email=email,
        name=name,
        role=role,
        password_hash=passwords.hash_password(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    _audit(by, "account.created", user, role=role.value)
    return user


def create_with_temporary_password(
    email: str, name: str, role: Role, *, by: audit.Actor
) -> tuple[StaffUser, str]:
    """An account the admin adds: the generated password is shown to the admin once, and
    the new person must choose their own at first sign-in."""
    password = generate_password()
    return create(email, name, role, password, by=by, must_change_password=True), password


def issue_temporary_password(user: StaffUser, *, by: audit.Actor) -> str:
    """For a person who forgot their password: a generated one, shown to the admin once, to
    be replaced at next sign-in. Whoever was signed in as them is signed out."""
    password = generate_password()
    user.password_hash = passwords.hash_password(password)
    user.must_change_password = True
    sessions.end_all_for(user, "password_reset")
    _audit(by, "account.temporary_password_issued", user)
    return password


def reset_two_step(user: StaffUser, *, by: audit.Actor) -> None:
    """For a person whose authenticator is lost or stolen: two-step sign-in is turned off
    (secret and recovery codes gone) and every session of theirs ends, so a thief holding
    the old device and a signed-in browser is shut out. They set it up again after their
    next sign-in, where the practice requires it."""
    if by.user is not None and by.user.id == user.id:
        raise AccountRefused(
            "You cannot reset your own two-step sign-in here. Use \u201cTwo-step sign-in\u201d "
            "in the staff menu, or ask another admin."
        )
    if not user.has_two_step:
        raise AccountRefused(f"{user.name} does not use two-step sign-in.")
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_code_hashes = []
    sessions.end_all_for(user, "two_step_reset")
    _audit(by, "account.two_step_reset", user)


def generate_password() -> str:
    """25 random characters (about 124 bits) in groups of five, easy to read out and type."""
    groups = (
        "".join(secrets.choice(_GENERATED_ALPHABET) for _ in range(_GENERATED_GROUP_LENGTH))
        for _ in range(_GENERATED_GROUPS)
    )
    return "-".join(groups)


def set_password(user: StaffUser, password: str, *, by: audit.Actor | None = None) -> None:
    """A new password chosen by the person (`by` left out), or set for them from the
    command line. Every browser signed in with the old one is signed out."""
    _refuse_weak_password(password, email=user.email, name=user.name)
    user.password_hash = passwords.hash_password(password)
    user.must_change_password = False
    sessions.end_all_for(user, "password_changed")
    _audit(by or audit.Actor(user=user), "account.password_set", user)


def authenticate(email: str, password: str) -> StaffUser | None:
    """The account these credentials open, or None. None whatever was wrong (no such
    address, wrong password, deactivated or expired), so that the sign-in page cannot tell a
    stranger which addresses have accounts; unknown addresses cost the same hashing time."""
    user = _account_for(email)
    password_ok = passwords.verify(user.password_hash if user else None, password)
    if user is None or not password_ok or sessions.account_refusal(user, utcnow()):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_sign_in_at = utcnow()
    return user


def deactivate(user: StaffUser, *, by: audit.Actor) -> None:
    """Unique user identification only holds if a departed person's account stops working
    at once: deactivation also signs the account out everywhere."""
    _refuse_removing_last_admin(user, "deactivate")
    user.active = False
    sessions.end_all_for(user, "deactivated")
    _audit(by, "account.deactivated", user)


def reactivate(user: StaffUser, *, by: audit.Actor) -> None:
    user.active = True
    _audit(by, "account.reactivated", user)


def change_role(user: StaffUser, role: Role, *, by: audit.Actor) -> None:
    if role != Role.ADMIN:
        _refuse_removing_last_admin(user, "change the role of")
    from_role = user.role
    user.role = role
    _audit(by, "account.role_changed", user, **{"from": from_role.value, "to": role.value})


def _audit(by: audit.Actor, action: str, user: StaffUser, **details) -> None:
    audit.record_by(by, action, details={"account_id": user.id, **details})


def open_break_glass(hours: int, reason: str) -> tuple[StaffUser, str]:
    """45 CFR 164.312(a)(2)(ii) emergency access procedure: when no admin can sign in, a
    person with access to the server opens a temporary admin account. It stops working
    after `hours` (at most 24), its name carries the reason, and its opening goes into the
    audit trail and the log."""
    reason = one_line(reason)
    if not reason:
        raise AccountRefused("Give the reason for emergency access.")
    if not 1 <= hours <= BREAK_GLASS_MAX_HOURS:
        raise AccountRefused(f"Emergency access lasts 1 to {BREAK_GLASS_MAX_HOURS} hours.")
    now = utcnow()
    password = generate_password()
    user = StaffUser(
        email=f"break-glass-{now:%Y%m%d-%H%M}-{secrets.token_hex(3)}@emergency.invalid",
        name=f"Emergency access: {reason}"[:NAME_MAX_LENGTH],
        role=Role.ADMIN,
        password_hash=passwords.hash_password(password),
        expires_at=now + timedelta(hours=hours),
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "break_glass_opened",
        actor_label="flask users break-glass",
        details={"account_id": user.id, "hours": hours},
    )
    log.warning(
        "break-glass account %s opened until %s; reason: %s",
        user.email,
        user.expires_at.isoformat(timespec="minutes"),
        reason,
    )
    return user, password


def _refuse_weak_password(password: str, *, email: str, name: str) -> None:
    problem = passwords.problem_with(password, context=(email.split("@")[0], *name.split()))
    if problem:
        raise AccountRefused(problem, field="password")


def _refuse_removing_last_admin(user: StaffUser, verb: str) -> None:
    """Somebody must always be able to manage accounts. Break-glass admins do not count:
    they expire. Every permanent admin's row is locked, in one order, so that two admins
    removing each other at the same moment cannot both succeed. That holds on PostgreSQL;
    SQLite ignores FOR UPDATE, a narrow race accepted for the single-machine default."""
    if not (user.active and user.role == Role.ADMIN and user.expires_at is None):
        return
    admin_ids = db.session.scalars(
        sa.select(StaffUser.id)
        .where(StaffUser.active, StaffUser.role == Role.ADMIN, StaffUser.expires_at.is_(None))
        .order_by(StaffUser.id)
        .with_for_update()
    ).all()
    if all(admin_id == user.id for admin_id in admin_ids):
        raise AccountRefused(
            f"You cannot {verb} {user.name}: they are the last active admin. "
            "Make another person an admin first."
        )
