"""The one place stored files are kept and read back, in the database (backed up with it,
the same on SQLite and PostgreSQL), sealed with the records keys
(records_app/crypto/keyring.py), so `flask keys rotate` re-seals them with the rest.

Identity documents (at most 10 MB) are one row each in `identity_document_content`
(`put`, `read`, `remove`). Released records, up to a gigabyte, are numbered chunks in
`stored_file_chunk` (`put_stream`, `read_chunks`, `verify`, `discard`, `purge`), written
and read one chunk at a time so that a worker never holds a whole file. Each chunk is
sealed with AES-GCM; inside the seal it names its file, its position and whether it is the
last, so a chunk changed, moved to another position or file, or a file cut short, fails to
open and is never handed out."""

import hashlib
import struct
from collections.abc import Callable, Iterator
from typing import BinaryIO

import sqlalchemy as sa

from records_app.crypto.keyring import DecryptionFailed
from records_app.extensions import db
from records_app.models import (
    IdentityDocument,
    IdentityDocumentContent,
    StoredFile,
    StoredFileChunk,
    utcnow,
)

CHUNK_BYTES = 1024 * 1024
# file id, position, last chunk or not: sealed with the chunk's bytes.
_PLACE = struct.Struct(">QI?")


class StoredFileDamaged(RuntimeError):
    """A stored file's chunks no longer open, or no longer add up to the size and SHA-256
    taken when it was stored. Nothing of it is handed out."""


# ---- identity documents -----------------------------------------------------------------


def put(document: IdentityDocument, content: bytes) -> None:
    """Stores the bytes of a document already added (and flushed) to the session."""
    db.session.add(IdentityDocumentContent(document_id=document.id, content=content))


def read(document: IdentityDocument) -> bytes | None:
    """The stored bytes, or None when there are none (purged)."""
    return db.session.scalar(
        sa.select(IdentityDocumentContent.content).where(
            IdentityDocumentContent.document_id == document.id
        )
    )


def remove(document_ids: list[int]) -> None:
    db.session.execute(
        sa.delete(IdentityDocumentContent).where(
            IdentityDocumentContent.document_id.in_(document_ids)
        )
    )


# ---- chunked files ----------------------------------------------------------------------


def put_stream(
    stream: BinaryIO,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    on_progress: Callable[[int], None] | None = None,
) -> StoredFile:
    """Stores what `stream` holds from where it stands, in the caller's transaction, one
    chunk at a time (each flushed and let go before the next is read); `on_progress` is
    told the bytes stored so far after each chunk."""
    stored = StoredFile(byte_size=0, sha256="", chunk_count=0, chunk_bytes=chunk_bytes)
    db.session.add(stored)
    db.session.flush()
    digest = hashlib.sha256()
    chunk = stream.read(chunk_bytes)
    while True:
        following = stream.read(chunk_bytes) if len(chunk) == chunk_bytes else b""
        is_last = not following
        digest.update(chunk)
        _put_chunk(stored, stored.chunk_count, is_last, chunk)
        stored.chunk_count += 1
        stored.byte_size += len(chunk)
        if on_progress:
            on_progress(stored.byte_size)
        if is_last:
            break
        chunk = following
    stored.sha256 = digest.hexdigest()
    db.session.flush()
    return stored


def _put_chunk(stored: StoredFile, position: int, is_last: bool, content: bytes) -> None:
    chunk = StoredFileChunk(
        file_id=stored.id,
        position=position,
        content=_PLACE.pack(stored.id, position, is_last) + content,
    )
    db.session.add(chunk)
    db.session.flush()
    db.session.expunge(chunk)


def read_chunks(stored: StoredFile, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """The file's bytes from `start` to `end` (inclusive; the end of the file when None), a
    chunk at a time. A chunk that fails to open raises StoredFileDamaged before any of its
    bytes are yielded."""
    if stored.purged_at is not None:
        raise StoredFileDamaged(f"stored file {stored.id} was purged")
    end = stored.byte_size - 1 if end is None else end
    first, last = start // stored.chunk_bytes, end // stored.chunk_bytes
    for position in range(first, last + 1):
        content = _open_chunk(stored, position)
        offset = position * stored.chunk_bytes
        yield content[max(start - offset, 0) : end - offset + 1]


def _open_chunk(stored: StoredFile, position: int) -> bytes:
    try:
        sealed = db.session.scalar(
            sa.select(StoredFileChunk.content).where(
                StoredFileChunk.file_id == stored.id, StoredFileChunk.position == position
            )
        )
    except DecryptionFailed as error:
        raise StoredFileDamaged(f"stored file {stored.id} chunk {position}: {error}") from error
    if sealed is None:
        raise StoredFileDamaged(f"stored file {stored.id} has no chunk {position}")
    file_id, found_position, is_last = _PLACE.unpack_from(sealed)
    should_be_last = position == stored.chunk_count - 1
    if (file_id, found_position, is_last) != (stored.id, position, should_be_last):
        raise StoredFileDamaged(f"stored file {stored.id} chunk {position} is out of place")
    return sealed[_PLACE.size :]


def verify(stored: StoredFile) -> None:
    """Reads the whole file, a chunk at a time, and checks it against the size and SHA-256
    taken when it was stored (45 CFR 164.312(c)(1)); raises StoredFileDamaged."""
    digest, size = hashlib.sha256(), 0
    for content in read_chunks(stored):
        digest.update(content)
        size += len(content)
    if (size, digest.hexdigest()) != (stored.byte_size, stored.sha256):
        raise StoredFileDamaged(f"stored file {stored.id} does not match its SHA-256")


def _delete_chunks(file_ids: list[int]) -> None:
    db.session.execute(sa.delete(StoredFileChunk).where(StoredFileChunk.file_id.in_(file_ids)))


def discard(stored: StoredFile) -> None:
    """Deletes a file that was never released, row and chunks."""
    _delete_chunks([stored.id])
    db.session.delete(stored)


def purge(file_ids: list[int]) -> None:
    """Removes the chunks of released files under the retention rule; their rows stay."""
    if not file_ids:
        return
    _delete_chunks(file_ids)
    db.session.execute(
        sa.update(StoredFile)
        .where(StoredFile.id.in_(file_ids))
        .values(purged_at=utcnow())
        .execution_options(synchronize_session=False)
    )
