"""What a requester sees of their released records and how a download is accounted for:
the files still held, until when, and a history line and audit row for each download (who,
when, which file, from which address; 45 CFR 164.528 asks that disclosures be accountable).
The ZIP of all files is written as it is sent, a chunk at a time."""

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from records_app import lifecycle, practice
from records_app.documents import storage
from records_app.documents.retention import released_files_kept_until
from records_app.extensions import db
from records_app.lifecycle import Action
from records_app.models import RecordsRequest, ReleasedFile, RequestEvent
from records_app.releases.settings import ReleaseSettings


@dataclass(frozen=True)
class DownloadOffer:
    files: list[ReleasedFile]
    available_until: date

    @property
    def total_bytes(self) -> int:
        return sum(released.byte_size for released in self.files)

    @property
    def total_pages(self) -> int:
        return sum(released.page_count or 0 for released in self.files)


def offer_for(records_request: RecordsRequest, settings: ReleaseSettings) -> DownloadOffer | None:
    """The files a requester may download now, or None when there are none."""
    if not lifecycle.offers_download(records_request):
        return None
    files = records_request.released_files_held
    if not files:
        return None
    return DownloadOffer(files, kept_until(records_request, settings))


def kept_until(records_request: RecordsRequest, settings: ReleaseSettings) -> date:
    """The last day the released files are kept (`retention`)."""
    return released_files_kept_until(records_request.closed_at, settings.days_kept)


def record_download(
    records_request: RecordsRequest, what: str, by: str, from_address: str | None
) -> None:
    """`what` names the file (or "all files as a ZIP"); `by` says who downloaded."""
    lifecycle.note_release(
        records_request,
        Action.DOWNLOAD_RECORDS,
        None,
        f"{what} downloaded by the {by} from {from_address or 'an unknown address'}",
    )


@dataclass(frozen=True)
class DownloadCount:
    times: int
    first_at: datetime | None
    last_at: datetime | None


def download_count(records_request: RecordsRequest) -> DownloadCount:
    """How often the released records were downloaded, first and last, for staff."""
    times, first_at, last_at = db.session.execute(
        sa.select(
            sa.func.count(RequestEvent.id),
            sa.func.min(RequestEvent.occurred_at),
            sa.func.max(RequestEvent.occurred_at),
        ).where(
            RequestEvent.request_id == records_request.id,
            RequestEvent.action == Action.DOWNLOAD_RECORDS,
        )
    ).one()
    return DownloadCount(times, first_at, last_at)


def downloads_per_request():
    """Per request: how often its records were downloaded and when first, for queries (the
    exports); `download_count` is the same for one request."""
    return (
        sa.select(
            RequestEvent.request_id,
            sa.func.count(RequestEvent.id).label("downloads"),
            sa.func.min(RequestEvent.occurred_at).label("first_downloaded_at"),
        )
        .where(RequestEvent.action == Action.DOWNLOAD_RECORDS)
        .group_by(RequestEvent.request_id)
        .subquery()
    )


def released_per_request():
    """Per request: the files released and their pages, for queries (the exports)."""
    return (
        sa.select(
            ReleasedFile.request_id,
            sa.func.count(ReleasedFile.id).label("files_released"),
            sa.func.coalesce(sa.func.sum(ReleasedFile.page_count), 0).label("pages_released"),
        )
        .group_by(ReleasedFile.request_id)
        .subquery()
    )


class _Collected:
    """Where zipfile writes: collects its bytes until they are taken. It cannot seek, so
    zipfile writes each entry's sizes after its data and never goes back."""

    def __init__(self):
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        taken = b"".join(self._parts)
        self._parts.clear()
        return taken


def zip_chunks(file_ids: list[int]) -> Iterator[bytes]:
    """A ZIP of the files, stored as they are (PDFs and scans do not shrink), yielded a
    chunk at a time. Call `storage.verify` on each file first. Given ids, not rows: a
    streamed body runs after the view's session has closed, and loads them in its own."""
    collected = _Collected()
    names: set[str] = set()
    with zipfile.ZipFile(collected, "w", compression=zipfile.ZIP_STORED) as archive:
        for file_id in file_ids:
            released = db.session.get(ReleasedFile, file_id)
            name = _unique(released.filename, names)
            with archive.open(zipfile.ZipInfo(name, _zip_time(released)), "w") as entry:
                for chunk in storage.read_chunks(released.stored_file):
                    entry.write(chunk)
                    yield collected.take()
            yield collected.take()
    yield collected.take()


def _unique(filename: str, taken: set[str]) -> str:
    name, number = filename, 1
    stem, dot, extension = filename.rpartition(".")
    while name in taken:
        number += 1
        name = f"{stem} ({number}).{extension}" if dot else f"{filename} ({number})"
    taken.add(name)
    return name


def _zip_time(released: ReleasedFile) -> tuple[int, int, int, int, int, int]:
    local = released.attached_at.astimezone(practice.zone())
    return (local.year, local.month, local.day, local.hour, local.minute, local.second)
