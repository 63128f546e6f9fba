"""Locking an account after repeated failed sign-ins.

NIST SP 800-63B 5.2.2 (rate limiting) asks verifiers to limit consecutive failed attempts
on one account; 45 CFR 164.312(d) person authentication is only as strong as the guessing it
allows. Ten failures in a row (wrong passwords and wrong two-step codes alike) lock the
account for 15 minutes; a successful sign-in clears the count. The lock never extends
itself, so a stranger who knows an address can delay its owner but not shut them out for good.
Functions change the row and never commit; the view commits once.
"""

from datetime import datetime, timedelta

from records_app.models import StaffUser

MAX_FAILURES = 10
LOCK_DURATION = timedelta(minutes=15)


def is_locked(user: StaffUser, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def note_failure(user: StaffUser, now: datetime) -> bool:
    """Counts a failure; True when it is the one that locks the account. Failures while it is
    locked do not count towards the next lock."""
    if is_locked(user, now):
        return False
    user.failed_sign_ins += 1
    if user.failed_sign_ins < MAX_FAILURES:
        return False
    user.failed_sign_ins = 0
    user.locked_until = now + LOCK_DURATION
    return True


def clear_failures(user: StaffUser) -> None:
    user.failed_sign_ins = 0
    user.locked_until = None
