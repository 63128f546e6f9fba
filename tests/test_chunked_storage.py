"""Large files kept as numbered, sealed chunks in the database: read back whole or by
range, and refused when a chunk was changed, moved or removed."""

import io

import pytest
import sqlalchemy as sa

from records_app.documents import storage
from records_app.extensions import db
from records_app.models import StoredFileChunk
from tests.support.releases import sha256_of, tamper_with_chunk

CONTENT = bytes(range(256)) * 3 + b"tail"  # 772 bytes: eight chunks of 100, then 72


@pytest.fixture
def stored(app):
    stored = storage.put_stream(io.BytesIO(CONTENT), chunk_bytes=100)
    db.session.commit()
    return stored


def test_a_file_is_kept_in_chunks_with_its_size_and_sha256(stored):
    assert (stored.chunk_count, stored.byte_size) == (8, len(CONTENT))
    assert stored.sha256 == sha256_of(CONTENT)
    assert b"".join(storage.read_chunks(stored)) == CONTENT


@pytest.mark.parametrize(("start", "end"), [(0, 0), (99, 100), (150, 771), (700, 771), (0, 771)])
def test_any_range_reads_the_same_bytes_as_the_whole(stored, start, end):
    assert b"".join(storage.read_chunks(stored, start, end)) == CONTENT[start : end + 1]


def test_the_chunks_are_sealed(stored):
    raw = sa.type_coerce(StoredFileChunk.content, sa.LargeBinary)
    first = db.session.execute(sa.select(raw).where(StoredFileChunk.position == 0)).scalar_one()
    assert CONTENT[:16] not in first


def test_a_changed_chunk_is_refused(stored):
    tamper_with_chunk(stored.id, position=3)
    with pytest.raises(storage.StoredFileDamaged):
        storage.verify(stored)


def test_chunks_swapped_in_place_are_refused(stored):
    raw = sa.type_coerce(StoredFileChunk.content, sa.LargeBinary)
    table = StoredFileChunk.__table__
    sealed = dict(db.session.execute(sa.select(StoredFileChunk.position, raw)).all())
    for position, other in ((1, 2), (2, 1)):
        db.session.execute(
            sa.update(table)
            .where(table.c.position == position)
            .values(content=sa.literal(sealed[other], sa.LargeBinary))
        )
    db.session.commit()
    with pytest.raises(storage.StoredFileDamaged, match="out of place"):
        b"".join(storage.read_chunks(stored))


def test_a_file_cut_short_is_refused(stored):
    db.session.execute(sa.delete(StoredFileChunk).where(StoredFileChunk.position == 7))
    stored.chunk_count, stored.byte_size = 7, 700
    db.session.commit()
    with pytest.raises(storage.StoredFileDamaged, match="out of place"):
        storage.verify(stored)


def test_purged_chunks_are_gone_and_the_row_stays(stored):
    storage.purge([stored.id])
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFileChunk)) == 0
    db.session.refresh(stored)
    assert stored.purged_at is not None and stored.sha256 == sha256_of(CONTENT)
