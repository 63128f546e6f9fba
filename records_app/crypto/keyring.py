"""Encryption at rest for protected health information (45 CFR 164.312(a)(2)(iv)).

Values are sealed with AES-256-GCM (`cryptography`), one key at a time: the newest key of
`RECORDS_KEYS` seals, every key listed can open. A sealed value is

    version (1 byte) | key id (4 bytes) | nonce (12 bytes) | ciphertext | tag (16 bytes)

The key id is the first 4 bytes of the key's SHA-256, so opening a value goes straight to
its key (no trying each key in turn, as MultiFernet does) and `flask keys rotate` can find
the values still under an older key with SQL alone. The column's name is the associated
data: a value copied into another column, or another table, fails to open rather than
showing up in the wrong place. AES-GCM was chosen over Fernet for speed: the export opens
about eleven values a row, and AES-GCM opens one several times faster
(bench/encryption_bench.py; figures in docs/benchmarks.md).

Equality lookups (tracking code, last name, date of birth) use an HMAC-SHA256 of the
normalised value under a separate key, `RECORDS_LOOKUP_KEY`, so the database can be searched
without being decrypted.
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, current_app

from records_app.config import KEY_LENGTH, ConfigurationError

TOKEN_VERSION = b"\x01"
KEY_ID_LENGTH = 4
NONCE_LENGTH = 12
HEADER_LENGTH = len(TOKEN_VERSION) + KEY_ID_LENGTH + NONCE_LENGTH
_KEY_ID = slice(len(TOKEN_VERSION), len(TOKEN_VERSION) + KEY_ID_LENGTH)
_NONCE = slice(_KEY_ID.stop, HEADER_LENGTH)
EXTENSION_NAME = "records_keyring"


class DecryptionFailed(RuntimeError):
    """A stored value could not be opened: it was changed in the database, moved from
    another column, or sealed with a key that is no longer configured. Never returned as
    garbage; the operation stops here."""


def parse_key(text: str, setting: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError) as error:
        raise ConfigurationError(f"{setting} holds a key that is not URL-safe base64.") from error
    if len(key) != KEY_LENGTH:
        raise ConfigurationError(
            f"{setting} holds a key of {len(key)} bytes; keys are {KEY_LENGTH} bytes "
            "(run `.venv/bin/flask --app app keys generate`)."
        )
    return key


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:KEY_ID_LENGTH]


@dataclass(frozen=True)
class Keyring:
    """The configured keys: `ciphers` by key id, the newest key's id, and the lookup key."""

    ciphers: dict[bytes, AESGCM]
    newest_id: bytes
    lookup_key: bytes

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_LENGTH)
        sealed = self.ciphers[self.newest_id].encrypt(nonce, plaintext, context)
        return TOKEN_VERSION + self.newest_id + nonce + sealed

    def open(self, token: bytes, context: bytes) -> bytes:
        token = bytes(token)
        cipher = self.ciphers.get(token[_KEY_ID])
        if token[:1] != TOKEN_VERSION or cipher is None:
            raise DecryptionFailed(
                f"A value in {context.decode()} is not sealed under any configured key."
            )
        try:
            return cipher.decrypt(token[_NONCE], token[HEADER_LENGTH:], context)
        except InvalidTag as error:
            raise DecryptionFailed(
                f"A value in {context.decode()} failed its integrity check: it was changed "
                "or does not belong to this column."
            ) from error

    def reseal(self, token: bytes, context: bytes) -> bytes | None:
        """The value sealed anew under the newest key, or None when it already is."""
        if bytes(token[_KEY_ID]) == self.newest_id:
            return None
        return self.seal(self.open(token, context), context)

    def lookup(self, field: str, value: str | date) -> str:
        """The keyed hash stored beside a searchable column: text is trimmed and casefolded
        (search is exact but not case-sensitive), dates are ISO. The field name is hashed
        in, so equal values in different fields do not share a hash."""
        text = value.isoformat() if isinstance(value, date) else value.strip().casefold()
        message = field.encode("utf-8") + b"\x00" + text.encode("utf-8")
        return hmac.digest(self.lookup_key, message, hashlib.sha256).hex()


def keyring_from(records_keys: str, lookup_key: str) -> Keyring:
    keys = [parse_key(text, "RECORDS_KEYS") for text in records_keys.split(",") if text.strip()]
    if not keys:
        raise ConfigurationError("RECORDS_KEYS holds no key.")
    ciphers = {key_id(key): AESGCM(key) for key in keys}
    if len(ciphers) != len(keys):
        raise ConfigurationError("RECORDS_KEYS lists the same key twice.")
    return Keyring(ciphers, key_id(keys[0]), parse_key(lookup_key, "RECORDS_LOOKUP_KEY"))


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_NAME] = keyring_from(
        app.config["RECORDS_KEYS"], app.config["RECORDS_LOOKUP_KEY"]
    )


def current() -> Keyring:
    """The key ring of the running app (`init_app`)."""
    return current_app.extensions[EXTENSION_NAME]


def lookup(field: str, value: str | date) -> str:
    return current().lookup(field, value)
