"""Released records: the files staff attach to an approved request (`attaching`, with the
kinds accepted in `kinds` and the footer in `stamp`), and how they leave the app. The bytes
are kept by `records_app.documents.storage`; the settings are in `settings`."""

from records_app.releases.attaching import (
    attach,
    attached_bytes,
    clean_filename,
    describe,
    readable_size,
    remove,
)
from records_app.releases.kinds import FileRefused
from records_app.releases.settings import ReleaseSettings, current

__all__ = [
    "FileRefused",
    "ReleaseSettings",
    "attach",
    "attached_bytes",
    "clean_filename",
    "current",
    "describe",
    "readable_size",
    "remove",
]
