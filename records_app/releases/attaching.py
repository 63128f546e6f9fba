"""Staff attach the files of records to release, while the request is approved, and may
remove one until it is released; after that the files are fixed.

A file is checked for its kind (`kinds`), counted (a PDF's pages), rebuilt without active
content if it is a PDF (`documents.active_content`), stamped with the release footer where
the setting says so (`stamp`), measured, and refused if it would take the
request over its limit or was attached already (the same SHA-256 as uploaded). Then it is
streamed into storage a chunk at a time (`documents.storage`), and a history line and the
manifest row are written, in the caller's transaction: a refusal leaves nothing stored."""

import hashlib
import tempfile
import unicodedata
from collections.abc import Callable
from typing import BinaryIO

import sqlalchemy as sa

from records_app import lifecycle, practice
from records_app.documents import active_content, storage
from records_app.documents.active_content import PdfRefused
from records_app.extensions import db
from records_app.formatting import long_date
from records_app.lifecycle import Action
from records_app.models import RecordsRequest, ReleasedFile, StaffUser
from records_app.releases import kinds, stamp
from records_app.releases.kinds import PDF, FileRefused
from records_app.releases.settings import MEGABYTE, ReleaseSettings, readable_size

FILENAME_LENGTH = 200
_HASH_READ_BYTES = 1024 * 1024


def attach(
    records_request: RecordsRequest,
    filename: str,
    stream: BinaryIO,
    settings: ReleaseSettings,
    *,
    by: StaffUser | None,
    on_progress: Callable[[int], None] | None = None,
) -> ReleasedFile:
    """Checks and stores one file (`stream` must be seekable); raises FileRefused."""
    if not lifecycle.accepts_released_files(records_request):
        raise FileRefused("Files can be attached only while the request is approved.")
    name = clean_filename(filename)
    content_type = kinds.content_type_of(stream)
    uploaded_size, uploaded_sha256 = _measure(stream)
    _check_room(records_request, uploaded_size, settings)
    _check_not_attached(records_request, uploaded_sha256)
    pages = kinds.pdf_page_count(stream) if content_type == PDF else None
    stamped = content_type == PDF and settings.stamp
    with tempfile.TemporaryFile() as cleaned, tempfile.TemporaryFile() as stamped_copy:
        source = stream
        if content_type == PDF:
            source = _without_active_content(stream, cleaned)
        if stamped:
            stamp.stamp_pdf(source, stamped_copy, footer_for(records_request))
            stamped_copy.seek(0)
            source = stamped_copy
        if source is not stream:
            _check_room(records_request, _measure(source)[0], settings)
        stored = storage.put_stream(source, on_progress=on_progress)
    released = ReleasedFile(
        request_id=records_request.id,
        stored_file_id=stored.id,
        filename=name,
        content_type=content_type,
        byte_size=stored.byte_size,
        sha256=stored.sha256,
        uploaded_sha256=uploaded_sha256,
        page_count=pages,
        stamped=stamped,
        attached_by_id=by.id if by else None,
    )
    db.session.add(released)
    try:
        db.session.flush()
    except sa.exc.IntegrityError as error:  # the same file, attached by someone else just now
        raise FileRefused("This file was attached already, a moment ago.") from error
    lifecycle.note_release(records_request, Action.ATTACH_RECORDS, by, describe(released))
    return released


def remove(records_request: RecordsRequest, released: ReleasedFile, *, by: StaffUser) -> None:
    """A file attached by mistake goes, bytes and row, while the request is approved."""
    if not lifecycle.accepts_released_files(records_request):
        raise FileRefused("The records have been released; the files released are kept.")
    lifecycle.note_release(records_request, Action.REMOVE_RECORDS, by, describe(released))
    stored = released.stored_file
    db.session.delete(released)
    db.session.flush()
    storage.discard(stored)
    db.session.flush()


def footer_for(records_request: RecordsRequest) -> str:
    recipient = lifecycle.records_recipient(records_request)
    released_on = long_date(practice.today())
    return f"{records_request.tracking_code} · Released to {recipient} · {released_on}"


def describe(released: ReleasedFile) -> str:
    """The history's line for a file: its name, pages and size."""
    pages = f"{released.page_count} pages, " if released.page_count else ""
    return f"{released.filename} ({pages}{readable_size(released.byte_size)})"


def clean_filename(filename: str) -> str:
    """The name without any folder, control or formatting characters, at most 200
    characters; "records" when nothing is left."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(
        character
        for character in unicodedata.normalize("NFC", base)
        if unicodedata.category(character)[0] != "C"
    )
    return kept.strip()[:FILENAME_LENGTH].strip() or "records"


def attached_bytes(records_request: RecordsRequest) -> int:
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ReleasedFile.byte_size), 0)).where(
            ReleasedFile.request_id == records_request.id
        )
    )


def _without_active_content(stream: BinaryIO, cleaned: BinaryIO) -> BinaryIO:
    """A requester opens what the practice releases: no script, action on opening or
    embedded file goes with it (active_content says what is kept)."""
    try:
        active_content.write_without_active_content(stream, cleaned)
    except PdfRefused as refused:
        raise FileRefused(str(refused)) from refused
    cleaned.seek(0)
    return cleaned


def _measure(stream: BinaryIO) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    stream.seek(0)
    while chunk := stream.read(_HASH_READ_BYTES):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return size, digest.hexdigest()


def _check_room(records_request: RecordsRequest, size: int, settings: ReleaseSettings) -> None:
    room = settings.max_bytes_per_request - attached_bytes(records_request)
    if size > room:
        limit = settings.max_bytes_per_request // MEGABYTE
        raise FileRefused(
            f"The file is {readable_size(size)}; with the files already attached it would "
            f"take this request over its limit of {limit} MB. Split the records or ask the "
            "administrator about RELEASE_MAX_MB_PER_REQUEST."
        )


def _check_not_attached(records_request: RecordsRequest, uploaded_sha256: str) -> None:
    already = db.session.scalar(
        sa.select(ReleasedFile).where(
            ReleasedFile.request_id == records_request.id,
            ReleasedFile.uploaded_sha256 == uploaded_sha256,
        )
    )
    if already is not None:
        raise FileRefused(f"This file is attached already, as {already.filename}.")
