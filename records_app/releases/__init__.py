"""Released records: the files staff attach to an approved request (`attaching`, with the
kinds accepted in `kinds` and the footer in `stamp`), and how they leave the app: what a
requester may download and how each download is accounted for (`downloads`), after the
e-mailed code where there is an address (`download_codes`), and a third party's link
(`links`), sent on release (`release`). The bytes are kept by
`records_app.documents.storage`; the settings are in `settings`."""

from records_app.releases.attaching import (
    attach,
    attached_bytes,
    clean_filename,
    describe,
    remove,
)
from records_app.releases.download_codes import CodeCheck, check_code, needs_code, send_code
from records_app.releases.downloads import (
    DownloadOffer,
    download_count,
    downloads_per_request,
    offer_for,
    record_download,
    released_per_request,
    zip_chunks,
)
from records_app.releases.kinds import FileRefused
from records_app.releases.links import (
    LinkState,
    check_birth_date,
    goes_by_link,
    links_of,
    record_opening,
    revoke_link,
    send_link,
    state_of,
)
from records_app.releases.links import find as find_link
from records_app.releases.release import release
from records_app.releases.settings import ReleaseSettings, current, readable_size

__all__ = [
    "CodeCheck",
    "DownloadOffer",
    "FileRefused",
    "LinkState",
    "ReleaseSettings",
    "attach",
    "attached_bytes",
    "check_birth_date",
    "check_code",
    "clean_filename",
    "current",
    "describe",
    "download_count",
    "downloads_per_request",
    "find_link",
    "goes_by_link",
    "links_of",
    "needs_code",
    "offer_for",
    "readable_size",
    "record_download",
    "record_opening",
    "release",
    "released_per_request",
    "remove",
    "revoke_link",
    "send_code",
    "send_link",
    "state_of",
    "zip_chunks",
]
