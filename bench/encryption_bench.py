"""Benchmark: the cost of sealing and opening one field, for the cipher the app uses
(AES-256-GCM through records_app.encryption, and through the column type as the export
reads it) beside Fernet and MultiFernet, the alternative DESIGN.md allowed.

    .venv/bin/python bench/encryption_bench.py [--rounds 200000]

Runs in-process on a short value (a last name) with keys made for the run; no database.
"""

import argparse
import sys
import timeit
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from records_app.config import new_key  # noqa: E402
from records_app.crypto import keyring  # noqa: E402
from records_app.crypto.column_types import EncryptedText  # noqa: E402

VALUE = "Holloway"
CONTEXT = b"records_request.patient_last_name"


def microseconds(function, rounds: int) -> float:
    return min(timeit.repeat(function, number=rounds, repeat=3)) / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200_000)
    rounds = parser.parse_args().rounds

    newest, older = new_key(), new_key()
    ring = keyring.keyring_from(f"{newest},{older}", new_key())
    old_keyring = keyring.keyring_from(older, new_key())
    plaintext = VALUE.encode()
    sealed = ring.seal(plaintext, CONTEXT)
    sealed_by_old_key = old_keyring.seal(plaintext, CONTEXT)
    fernet_newest, fernet_older = Fernet(Fernet.generate_key()), Fernet(Fernet.generate_key())
    multi = MultiFernet([fernet_newest, fernet_older])
    fernet_token = fernet_newest.encrypt(plaintext)
    fernet_token_by_old_key = fernet_older.encrypt(plaintext)

    app = Flask(__name__)
    app.extensions[keyring.EXTENSION_NAME] = ring
    column = EncryptedText(CONTEXT.decode())
    cases = {
        "AES-GCM seal": lambda: ring.seal(plaintext, CONTEXT),
        "AES-GCM open": lambda: ring.open(sealed, CONTEXT),
        "AES-GCM open, value under the older key": lambda: ring.open(sealed_by_old_key, CONTEXT),
        "column type: bind (seal + key lookup)": lambda: column.process_bind_param(VALUE, None),
        "column type: result (open + decode)": lambda: column.process_result_value(sealed, None),
        "Fernet encrypt": lambda: fernet_newest.encrypt(plaintext),
        "Fernet decrypt": lambda: fernet_newest.decrypt(fernet_token),
        "MultiFernet decrypt, token under the older key": lambda: multi.decrypt(
            fernet_token_by_old_key
        ),
        "HMAC lookup hash": lambda: ring.lookup("patient_last_name", VALUE),
    }
    with app.app_context():
        for name, function in cases.items():
            print(f"{name:50} {microseconds(function, rounds):6.2f} µs")


if __name__ == "__main__":
    main()
