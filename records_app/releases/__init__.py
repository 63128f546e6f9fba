"""Released records: the files staff attach to an approved request (`attaching`, with the
kinds accepted in `kinds` and the footer in `stamp`), and how they leave the app: what a
requester may download and how each download is accounted for (`downloads`), after the
e-mailed code where there is an address (`download_codes`). The bytes are kept by
`records_app.documents.storage`; the settings are in `settings`."""

from records_app.releases.attaching import (
    attach,
    attached_bytes,
    clean_filename,
    describe,
    readable_size,
    remove,
)
from records_app.releases.download_codes import CodeCheck, check_code, needs_code, send_code
from records_app.releases.downloads import (
    DownloadOffer,
    download_count,
    offer_for,
    record_download,
    zip_chunks,
)
from records_app.releases.kinds import FileRefused
from records_app.releases.settings import ReleaseSettings, current

__all__ = [
    "CodeCheck",
    "DownloadOffer",
    "FileRefused",
    "ReleaseSettings",
    "attach",
    "attached_bytes",
    "check_code",
    "clean_filename",
    "current",
    "describe",
    "download_count",
    "needs_code",
    "offer_for",
    "readable_size",
    "record_download",
    "remove",
    "send_code",
    "zip_chunks",
]
