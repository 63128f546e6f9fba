"""Optional two-step sign-in: a password, then a time-based one-time code (TOTP, RFC 6238)
from an authenticator app, or one of ten single-use recovery codes.

NIST SP 800-63B 5.1.4 (single-factor OTP device) and 5.1.2 (look-up secrets), used as the
second factor of 45 CFR 164.312(d) person authentication. Functions change the row and never
commit; the view commits once. The secret is never logged; encrypting it at rest belongs
with the other encrypted columns.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp

from records_app.models import StaffUser, utcnow

RECOVERY_CODE_COUNT = 10
# Codes from the step before and after the current one are accepted too, for clocks that
# drift a little and people who type slowly (RFC 6238 section 5.2).
ALLOWED_DRIFT_STEPS = 1


def start_enrolment(user: StaffUser) -> None:
    """A fresh secret, not yet in force until a code from it is confirmed."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = None
    user.totp_last_step = None


def secret_for_typing(user: StaffUser) -> str:
    """The secret in groups of four, as authenticator apps ask for it when typed in."""
    secret = user.totp_secret or ""
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def provisioning_uri(user: StaffUser, issuer: str) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)


def confirm_enrolment(user: StaffUser, code: str) -> list[str] | None:
    """Turns two-step sign-in on when the code matches the new secret; returns the recovery
    codes to show once, or None when the code is wrong."""
    if not check_code(user, code):
        return None
    user.totp_enabled_at = utcnow()
    return _new_recovery_codes(user)


def check_code(user: StaffUser, code: str, now: datetime | None = None) -> bool:
    """A current TOTP code, each accepted only once: NIST SP 800-63B 5.1.4.2 asks that a
    code cannot be replayed within its validity period."""
    if not user.totp_secret:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current_step = totp.timecode(now or utcnow())
    typed = _normalized(code)
    for step in range(current_step - ALLOWED_DRIFT_STEPS, current_step + ALLOWED_DRIFT_STEPS + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), typed):
            user.totp_last_step = step
            return True
    return False


def use_recovery_code(user: StaffUser, code: str) -> bool:
    """True, and the code crossed off, when it is one of the account's unused codes."""
    typed_hash = _recovery_hash(_normalized(code))
    if typed_hash not in user.recovery_code_hashes:
        return False
    user.recovery_code_hashes = [kept for kept in user.recovery_code_hashes if kept != typed_hash]
    return True


def _new_recovery_codes(user: StaffUser) -> list[str]:
    """64 random bits each: NIST SP 800-63B 5.1.2.2 lets look-up secrets of that strength be
    stored as a plain hash; shown once, kept only as SHA-256."""
    codes = [_grouped(secrets.token_hex(8)) for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_code_hashes = [_recovery_hash(_normalized(code)) for code in codes]
    return codes


def _grouped(code: str) -> str:
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def _normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _recovery_hash(normalized_code: str) -> str:
    return hashlib.sha256(normalized_code.encode()).hexdigest()
