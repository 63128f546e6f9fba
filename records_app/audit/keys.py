"""The keys of the audit chain (AUDIT_KEYS): each row's hash is an HMAC-SHA256 under one of
them, so that someone who can write to the database but does not hold the key cannot
rewrite rows and compute hashes that verify. Like the encryption keys they are kept outside
the database, comma-separated, newest first: the newest keys new rows, every key listed
verifies the rows keyed under it (rotation: put a new key first, keep the old ones listed).
A row names its key by the first 4 bytes of the key's SHA-256, in hex."""

import hashlib
import hmac
from dataclasses import dataclass

from flask import Flask, current_app

from records_app.config import ConfigurationError
from records_app.crypto.keyring import key_id, parse_key

EXTENSION_NAME = "records_audit_keys"


@dataclass(frozen=True)
class AuditKeys:
    keys: dict[str, bytes]  # by key id, in hex
    newest_id: str

    def mac(self, key_name: str, message: bytes) -> str | None:
        """The HMAC-SHA256 of the message under the key named, or None if it is not listed."""
        key = self.keys.get(key_name)
        return hmac.new(key, message, hashlib.sha256).hexdigest() if key else None


def audit_keys_from(text: str) -> AuditKeys:
    keys = [parse_key(part, "AUDIT_KEYS") for part in text.split(",") if part.strip()]
    if not keys:
        raise ConfigurationError("AUDIT_KEYS holds no key.")
    named = {key_id(key).hex(): key for key in keys}
    if len(named) != len(keys):
        raise ConfigurationError("AUDIT_KEYS lists the same key twice.")
    return AuditKeys(named, key_id(keys[0]).hex())


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_NAME] = audit_keys_from(app.config["AUDIT_KEYS"])


def current() -> AuditKeys:
    return current_app.extensions[EXTENSION_NAME]
