"""Identity documents sent with a request: a photo ID and, for a representative, proof of
their authority (45 CFR 164.514(h) verification).

An upload is accepted only as JPEG, PNG or PDF, told from its first bytes, never from its
name or the browser's Content-Type. Images are decoded with Pillow's decompression-bomb
limit on and saved afresh, so that EXIF and other metadata (GPS position, camera serial) are
not kept; PDFs are kept as sent. The SHA-256 of the stored bytes is kept and checked
whenever the document is read (45 CFR 164.312(c)(1) integrity).
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps
from werkzeug.datastructures import FileStorage

from records_app.documents import storage
from records_app.extensions import db
from records_app.models import DocumentKind, IdentityDocument, RecordsRequest, StaffUser

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 3
JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
MAGIC_NUMBERS = {b"\xff\xd8\xff": JPEG, b"\x89PNG\r\n\x1a\n": PNG, b"%PDF-": PDF}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
CHOOSE_AGAIN = (
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


def prepare(upload: FileStorage, kind: DocumentKind) -> PreparedDocument:
    """Checks one upload and returns the bytes to store, or raises UploadRefused."""
    content = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise UploadRefused(
            f"A file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB. "
            f"Choose a smaller file or a photo of lower quality. {CHOOSE_AGAIN}"
        )
    if not content:
        raise UploadRefused(f"A file is empty. {CHOOSE_AGAIN}")
    content_type = sniff(content)
    if content_type is None:
        raise UploadRefused(
            f"A file is not a JPEG or PNG photo or a PDF. Choose one of those. {CHOOSE_AGAIN}"
        )
    if content_type != PDF:
        content = reencode_image(content, content_type)
    return PreparedDocument(kind, content_type, content)


def reencode_image(content: bytes, content_type: str) -> bytes:
    """Decodes the image (refusing decompression bombs and damaged files) and saves its
    pixels alone into a new file of the same format: no EXIF, no other metadata."""
    unreadable = UploadRefused(
        f"A photo could not be read: it may be damaged or too large. {CHOOSE_AGAIN}"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                if image.format != PILLOW_FORMATS[content_type]:
                    raise unreadable
                upright = ImageOps.exif_transpose(image)
                pixels = _plain_mode(upright, content_type)
                clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise unreadable from error
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
