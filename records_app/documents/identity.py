"""Identity documents sent with a request: a photo ID and, for a representative, proof of
their authority (45 CFR 164.514(h) verification).

An upload is accepted only as JPEG, PNG or PDF, told from its first bytes, never from its
name or the browser's Content-Type. An image's size is read from its header first, and one
of more than MAX_PHOTO_PIXELS (a setting) is refused undecoded; the others are decoded with
Pillow's decompression-bomb limit on, shrunk to MAX_PHOTO_SIDE pixels a side and saved
afresh, so that EXIF and other metadata (GPS position, camera serial) are not kept; PDFs are
rebuilt without JavaScript, automatic actions or embedded files (documents.active_content).
The SHA-256 of the stored bytes is kept and checked whenever the document is read
(45 CFR 164.312(c)(1) integrity).
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext, lazy_gettext
from PIL import Image, ImageOps
from werkzeug.datastructures import FileStorage

from records_app.documents import storage
from records_app.documents.active_content import PdfRefused, remove_active_content
from records_app.extensions import db
from records_app.models import DocumentKind, IdentityDocument, RecordsRequest, StaffUser

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 3
JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
MAGIC_NUMBERS = {b"\xff\xd8\xff": JPEG, b"\x89PNG\r\n\x1a\n": PNG, b"%PDF-": PDF}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
# A photo ID is read by a person on a screen: at 2000 pixels a side the small print of a
# driving licence photographed whole stays legible. Shrinking to it after decoding costs
# about 60 MB for a 36-megapixel photo (more for a larger side).
MAX_PHOTO_SIDE = 2000
CHOOSE_AGAIN = lazy_gettext(
    "If you fix this, choose your files again: files are not kept when the form is sent back."
)


class UploadRefused(ValueError):
    """The message says what was wrong, in words for the person who sent the file."""


class DocumentDamaged(RuntimeError):
    """The stored bytes no longer match the SHA-256 taken when they were stored."""


@dataclass(frozen=True)
class PreparedDocument:
    kind: DocumentKind
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def sniff(head: bytes) -> str | None:
    """The content type the bytes say, or None for anything but JPEG, PNG or PDF."""
    for magic, content_type in MAGIC_NUMBERS.items():
        if head.startswith(magic):
            return content_type
    return None


def check(upload: FileStorage, kind: DocumentKind) -> PreparedDocument:
    """The quick checks of one upload, nothing decoded: its size, its kind told from its
    first bytes and, for a photo, its width and height read from its header. Returns the
    bytes as sent, for `finish`; raises UploadRefused."""
    content = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise UploadRefused(
            gettext(
                "A file is larger than %(megabytes)s MB. "
                "Choose a smaller file or a photo of lower quality.",
                megabytes=MAX_DOCUMENT_BYTES // (1024 * 1024),
            )
            + f" {CHOOSE_AGAIN}"
        )
    if not content:
        raise UploadRefused(gettext("A file is empty.") + f" {CHOOSE_AGAIN}")
    content_type = sniff(content)
    if content_type is None:
        raise UploadRefused(
            gettext("A file is not a JPEG or PNG photo or a PDF. Choose one of those.")
            + f" {CHOOSE_AGAIN}"
        )
    if content_type != PDF:
        _check_image_header(content, content_type)
    return PreparedDocument(kind, content_type, content)


def finish(checked: PreparedDocument) -> PreparedDocument:
    """The bytes to store for a checked upload: a photo decoded and saved afresh, a PDF
    rebuilt without active content (documents.active_content). Called
    only once everything else on the form is right, so that a form sent back for a missing
    answer never costs a decoding."""
    if checked.content_type == PDF:
        try:
            clean = remove_active_content(checked.content)
        except PdfRefused as refused:
            raise UploadRefused(f"{refused} {CHOOSE_AGAIN}") from refused
    else:
        clean = reencode_image(checked.content, checked.content_type)
    return PreparedDocument(checked.kind, checked.content_type, clean)


# What Pillow raises for a file it cannot or must not decode (a decompression bomb's warning
# is turned into an error where images are opened).
_UNREADABLE = (
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
)


def _unreadable() -> UploadRefused:
    return UploadRefused(
        gettext("A photo could not be read: it may be damaged or too large.") + f" {CHOOSE_AGAIN}"
    )


def _check_image_header(content: bytes, content_type: str) -> None:
    """Pillow reads the format, width and height from the header alone. A photo of more
    pixels than MAX_PHOTO_PIXELS is refused before any decoding: a 9400 x 9400 PNG of zeros
    is 343 KB sent and 350 MB decoded, and no photo ID needs that many."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                format_name, (width, height) = image.format, image.size
    except _UNREADABLE as error:
        raise _unreadable() from error
    if format_name != PILLOW_FORMATS[content_type]:
        raise _unreadable()
    max_pixels = current_app.config["MAX_PHOTO_PIXELS"]
    if width * height > max_pixels:
        raise UploadRefused(
            gettext(
                "A photo is %(width)s x %(height)s pixels; at most %(millions)s million are "
                "taken. Choose a smaller photo, or take it again at a lower resolution.",
                width=width,
                height=height,
                millions=max_pixels // 1_000_000,
            )
            + f" {CHOOSE_AGAIN}"
        )


def reencode_image(content: bytes, content_type: str) -> bytes:
    """Decodes the image (refusing decompression bombs and damaged files), shrinks it to at
    most MAX_PHOTO_SIDE pixels a side, and saves its pixels alone into a new file of the same
    format: no EXIF, no other metadata. A JPEG is decoded at the smallest scale that still
    gives that size (Pillow's draft mode), so a large one costs a fraction of its pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                if image.format != PILLOW_FORMATS[content_type]:
                    raise _unreadable()
                if content_type == JPEG:
                    image.draft("RGB", (MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
                image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
                upright = ImageOps.exif_transpose(image)
                pixels = _plain_mode(upright, content_type)
                # A new image given the pixels alone: no info, no EXIF, nothing else.
                clean = Image.new(pixels.mode, pixels.size)
                clean.paste(pixels)
    except _UNREADABLE as error:
        raise _unreadable() from error
    output = io.BytesIO()
    if content_type == JPEG:
        clean.save(output, format="JPEG", quality=90)
    else:
        clean.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _plain_mode(image: Image.Image, content_type: str) -> Image.Image:
    if content_type == JPEG:
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    return image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")


def attach(
    records_request: RecordsRequest,
    documents: list[PreparedDocument],
    uploaded_by: StaffUser | None = None,
) -> list[IdentityDocument]:
    """Stores prepared documents with the request, in the caller's transaction."""
    stored = []
    for prepared in documents:
        document = IdentityDocument(
            request_id=records_request.id,
            kind=prepared.kind,
            content_type=prepared.content_type,
            byte_size=len(prepared.content),
            sha256=prepared.sha256,
            uploaded_by_id=uploaded_by.id if uploaded_by else None,
        )
        db.session.add(document)
        db.session.flush()
        storage.put(document, prepared.content)
        stored.append(document)
    return stored


def read_verified(document: IdentityDocument) -> bytes | None:
    """The document's bytes after checking their SHA-256; None once purged."""
    content = storage.read(document)
    if content is None:
        return None
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise DocumentDamaged(f"identity document {document.id} does not match its SHA-256")
    return content
