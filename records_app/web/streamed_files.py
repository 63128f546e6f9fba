"""How a chunked stored file (released records) leaves the app: streamed a chunk at a time
with its Content-Length, resumable with an HTTP Range (a phone on a weak connection picks
up where it stopped), always as an attachment, never cached. The whole file is checked
against its SHA-256 before the first byte goes, so a damaged file gets the damaged-file
page and altered bytes are never sent (45 CFR 164.312(c)(1))."""

import re
from urllib.parse import quote

from flask import Response, stream_with_context
from werkzeug.utils import secure_filename

from records_app.documents import storage
from records_app.models import StoredFile

_SINGLE_RANGE = re.compile(r"\Abytes=(\d*)-(\d*)\Z")


def requested_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of one satisfiable range, or None for the whole file. Several
    ranges, or a malformed header, are answered with the whole file, as RFC 9110 allows;
    a range past the end raises ValueError (416)."""
    found = _SINGLE_RANGE.match((header or "").replace(" ", ""))
    if not found or found.groups() == ("", ""):
        return None
    first, last = found.groups()
    if first == "":
        return max(size - int(last), 0), size - 1
    first = int(first)
    last = min(int(last), size - 1) if last else size - 1
    if first >= size or last < first:
        raise ValueError("range not satisfiable")
    return first, last


def content_disposition(filename: str) -> str:
    """An attachment, named in ASCII for old clients and in UTF-8 for the rest (RFC 6266)."""
    fallback = secure_filename(filename) or "records"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def stored_file_response(
    stored: StoredFile, content_type: str, filename: str, range_header: str | None
) -> Response:
    """Call `storage.verify` first: this streams what it is given."""
    size = stored.byte_size
    headers = {
        "Content-Disposition": content_disposition(filename),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Accept-Ranges": "bytes",
    }
    try:
        wanted = requested_range(range_header, size)
    except ValueError:
        headers["Content-Range"] = f"bytes */{size}"
        return Response(status=416, headers=headers)
    first, last = wanted or (0, size - 1)
    if wanted:
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    headers["Content-Length"] = str(last - first + 1)
    body = stream_with_context(storage.read_chunks(stored, first, last))
    return Response(
        body,
        status=206 if wanted else 200,
        headers=headers,
        content_type=content_type,
        direct_passthrough=True,
    )
