"""Staff password policy and hashing.

NIST SP 800-63B rev. 4 for single-factor passwords: at least 15 characters, at most a
generous maximum, no composition rules, refused when on a list of common or breached
passwords. Hashed with Argon2id; older parameters are upgraded at the next sign-in.
"""

import gzip
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 15
MAX_LENGTH = 1024

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail matches no account, so a miss costs the same time as
    a hit. Made on first use: hashing takes Argon2's 64 MiB, which commands that never check
    a password (exports, migrations) should not pay for."""
    return _hasher.hash("not a real password, only here to spend time")


@cache
def _common_passwords() -> frozenset[str]:
    # Royce Williams' list of 20,000 common passwords, as shipped (BSD licence) by Django.
    raw = resources.files("records_app.data").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(raw).decode().split())


def problem_with(password: str, *, context: tuple[str, ...] = ()) -> str | None:
    """Why this password may not be used, in words for the person choosing it, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A few unrelated words work well."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    folded = password.casefold()
    if folded in _common_passwords() or len(set(folded)) < 4:
        return "That password is too common or too easy to guess. Choose another."
    if any(word and word.casefold() in folded for word in context if len(word) >= 4):
        return "Do not use your name or e-mail address in your password."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
