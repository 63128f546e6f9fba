"""Column types that seal values on the way into the database and open them on the way out
(records_app/crypto/keyring.py). The model code reads and writes plain values.

Each column names its context, "table.column": it is the associated data the value is
sealed with, so it must never change once data is stored, even if the column is renamed.

A sealed value differs each time it is written (a fresh nonce), so SQL can never compare
one: `==`, `IN`, `LIKE` or ordering on these columns would silently find nothing. They
raise instead; equality search goes through the lookup-hash columns
(`keyring.lookup`)."""

import json
from datetime import date
from operator import eq, ge, gt, le, lt, ne

import sqlalchemy as sa
from sqlalchemy.sql import ClauseElement, operators
from sqlalchemy.types import TypeDecorator

from records_app.crypto import keyring

_COMPARISONS = {
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    operators.in_op,
    operators.not_in_op,
    operators.like_op,
    operators.ilike_op,
    operators.between_op,
    operators.contains_op,
    operators.startswith_op,
    operators.endswith_op,
    operators.asc_op,
    operators.desc_op,
}


class EncryptedBytes(TypeDecorator):
    """Bytes in, sealed bytes stored; subclasses turn their Python type into bytes."""

    impl = sa.LargeBinary
    cache_ok = True

    class comparator_factory(TypeDecorator.Comparator):
        def operate(self, op, *other, **kwargs):
            # Column against column stays allowed: SQLAlchemy itself compares columns so
            # when matching keys, and no value is sealed in such a comparison.
            if op in _COMPARISONS and not any(isinstance(o, ClauseElement) for o in other):
                raise TypeError(
                    f"{self.expr} is encrypted: SQL cannot compare or sort it; search "
                    "through its lookup-hash column."
                )
            return super().operate(op, *other, **kwargs)

    def __init__(self, context: str):
        super().__init__()
        self.context = context
        self._associated_data = context.encode("utf-8")

    def to_bytes(self, value) -> bytes:
        return value

    def from_bytes(self, plaintext: bytes):
        return plaintext

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return keyring.current().seal(self.to_bytes(value), self._associated_data)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return self.from_bytes(keyring.current().open(value, self._associated_data))


class EncryptedText(EncryptedBytes):
    """`length` is the longest value the forms accept (records_app/request_form/fields.py);
    the stored bytes are longer, so the database no longer bounds it."""

    cache_ok = True

    def __init__(self, context: str, length: int | None = None):
        super().__init__(context)
        self.length = length

    def to_bytes(self, value: str) -> bytes:
        return value.encode("utf-8")

    def from_bytes(self, plaintext: bytes) -> str:
        return plaintext.decode("utf-8")


class EncryptedDate(EncryptedBytes):
    cache_ok = True

    def to_bytes(self, value: date) -> bytes:
        return value.isoformat().encode("ascii")

    def from_bytes(self, plaintext: bytes) -> date:
        return date.fromisoformat(plaintext.decode("ascii"))


class EncryptedJSON(EncryptedBytes):
    cache_ok = True

    def to_bytes(self, value) -> bytes:
        return json.dumps(value, separators=(",", ":")).encode("utf-8")

    def from_bytes(self, plaintext: bytes):
        return json.loads(plaintext)
