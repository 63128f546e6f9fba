"""Staff password policy and hashing.

NIST SP 800-63B rev. 4 for single-factor passwords: at least 15 characters, at most a
generous maximum, no composition rules, refused when on a list of common or breached
passwords. Hashed with Argon2id at the cost the settings give (PASSWORD_HASH_TIME_COST,
PASSWORD_HASH_MEMORY_KIB); a hash made at another cost is made again at the next sign-in.
"""

import gzip
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 15
MAX_LENGTH = 1024


def _hasher() -> PasswordHasher:
    config = current_app.config
    return _hasher_at(config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_KIB"])


@cache
def _hasher_at(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verified against when the e-mail matches no account, so a miss costs the same time as
    a hit. Made on first use: hashing takes Argon2's memory (64 MiB by default), which
    commands that never check a password (exports, migrations) should not pay for."""
    return hasher.hash("not a real password, only here to spend time")


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
    return _hasher().hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _dummy_hash(hasher), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
