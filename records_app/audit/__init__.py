"""The audit trail (45 CFR 164.312(b)): `trail` writes it and checks its hash chain, `reading`
is the admins' view of it. Writing is importable from here."""

from records_app.audit.trail import (
    GENESIS_HASH,
    Actor,
    Checkpoint,
    Verification,
    record,
    record_by,
    row_hash,
    verify,
)

__all__ = [
    "GENESIS_HASH",
    "Actor",
    "Checkpoint",
    "Verification",
    "record",
    "record_by",
    "row_hash",
    "verify",
]
