"""Re-sealing stored values under the newest key, for `flask keys rotate`.

Every column sealed by `column_types` is covered, found from the models, so a column
encrypted later is rotated without being listed here. A value names its key in bytes 2-5
(records_app/crypto/keyring.py), so SQL alone finds the rows still holding a value under an
older key; rows already under the newest key are never read. That is what makes a run
resumable: one stopped part-way (by --limit, or a failure) leaves committed batches done,
and the next run starts with whatever is still stale.

The lookup hashes are not touched: they use the separate RECORDS_LOOKUP_KEY (see
docs/keyring.md for why it is not rotated here).
"""

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from records_app.crypto import keyring
from records_app.crypto.column_types import EncryptedBytes
from records_app.extensions import db

_KEY_ID_START = 2  # SQL counts from 1; byte 1 is the token version


@dataclass(frozen=True)
class SealedTable:
    table: sa.Table
    columns: list[sa.Column]

    @property
    def primary_key(self) -> sa.Column:
        (column,) = self.table.primary_key.columns
        return column


@dataclass(frozen=True)
class Batch:
    table: str
    rows: int


def sealed_tables() -> list[SealedTable]:
    tables = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, EncryptedBytes)]
        if columns:
            tables.append(SealedTable(table, columns))
    return tables


def _stale(sealed: SealedTable):
    """Rows with a value under a key other than the newest (NULLs are never stale)."""
    newest = sa.literal(keyring.current().newest_id, sa.LargeBinary)
    return sa.or_(
        *(
            sa.func.substr(column, _KEY_ID_START, keyring.KEY_ID_LENGTH) != newest
            for column in sealed.columns
        )
    )


def reseal_batches(batch_size: int, limit: int | None = None) -> Iterator[Batch]:
    """Re-seals stale rows, table by table, `batch_size` rows at a time, stopping after
    `limit` rows when given. Yields after each batch so that the caller commits it; a batch
    that fails leaves the ones before it done."""
    left = limit
    for sealed in sealed_tables():
        while left is None or left > 0:
            size = batch_size if left is None else min(batch_size, left)
            row_ids = db.session.scalars(
                sa.select(sealed.primary_key)
                .where(_stale(sealed))
                .order_by(sealed.primary_key)
                .limit(size)
            ).all()
            if not row_ids:
                break
            for row_id in row_ids:
                _reseal_row(sealed, row_id)
            db.session.flush()
            if left is not None:
                left -= len(row_ids)
            yield Batch(sealed.table.name, len(row_ids))


def _reseal_row(sealed: SealedTable, row_id) -> None:
    """One row at a time, so that memory holds one identity document at most."""
    ring = keyring.current()
    raw = [sa.type_coerce(column, sa.LargeBinary) for column in sealed.columns]
    values = db.session.execute(sa.select(*raw).where(sealed.primary_key == row_id)).one()
    changes = {}
    for column, token in zip(sealed.columns, values, strict=True):
        if token is None:
            continue
        context = column.type.context.encode("utf-8")
        try:
            resealed = ring.reseal(token, context)
        except keyring.DecryptionFailed as error:
            raise keyring.DecryptionFailed(f"{sealed.table.name} row {row_id}: {error}") from error
        if resealed is not None:
            changes[column.name] = sa.literal(resealed, sa.LargeBinary)
    db.session.execute(sa.update(sealed.table).where(sealed.primary_key == row_id).values(changes))


def rows_left() -> dict[str, int]:
    """Per table, the rows still holding a value under an older key."""
    return {
        sealed.table.name: db.session.scalar(
            sa.select(sa.func.count()).select_from(sealed.table).where(_stale(sealed))
        )
        for sealed in sealed_tables()
    }
