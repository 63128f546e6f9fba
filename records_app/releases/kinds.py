"""The kinds of file staff may release, told from their bytes, never from the name or the
browser's word: PDF, JPEG, PNG and TIFF (scans), plain text and XML (a C-CDA export). Each
is checked as far as it must be to be opened by whoever receives it: a PDF must parse (its
pages are counted), an image must open, a text must be UTF-8 throughout."""

import codecs
import warnings
from typing import BinaryIO

from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from records_app.documents.identity import JPEG, MAGIC_NUMBERS, PDF, PNG

TIFF, TEXT, XML = "image/tiff", "text/plain", "application/xml"
MAGIC = {**MAGIC_NUMBERS, b"II*\x00": TIFF, b"MM\x00*": TIFF}
IMAGES = (JPEG, PNG, TIFF)
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", TIFF: "tif", TEXT: "txt", XML: "xml"}
_READ_BYTES = 1024 * 1024
_UTF8_BOM = codecs.BOM_UTF8
# Control characters, bar those a text file holds: tab, line feed, form feed, return. In
# UTF-8 each is its own single byte (every byte of a longer character is 0x80 or above), so
# they are looked for in the bytes: deleting them is a C loop, where a regular expression
# over the decoded text ran at a tenth of the speed and was most of a large upload's check.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


class FileRefused(ValueError):
    """What is wrong with the file, in words for the staff member who chose it."""


def content_type_of(stream: BinaryIO) -> str:
    """The file's kind, after checking it; the stream is left at its start."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not head:
        raise FileRefused("The file is empty.")
    for magic, content_type in MAGIC.items():
        if head.startswith(magic):
            if content_type in IMAGES:
                _check_image(stream)
            return content_type
    return _text_kind(stream)


def _check_image(stream: BinaryIO) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                image.verify()
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise FileRefused("The image could not be read: it may be damaged.") from error
    finally:
        stream.seek(0)


def _text_kind(stream: BinaryIO) -> str:
    """Plain text or XML: UTF-8 throughout, without control characters; XML when it
    opens with an XML declaration or a clinical document."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    start = b""
    try:
        while chunk := stream.read(_READ_BYTES):
            start = start or chunk[:64]
            decoder.decode(chunk)
            if len(chunk.translate(None, _CONTROL_BYTES)) != len(chunk):
                raise FileRefused(_UNKNOWN)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise FileRefused(_UNKNOWN) from error
    finally:
        stream.seek(0)
    opening = start.removeprefix(_UTF8_BOM).lstrip()
    if opening.startswith((b"<?xml", b"<ClinicalDocument")):
        return XML
    return TEXT


_UNKNOWN = (
    "This kind of file cannot be released here: choose a PDF, a JPEG, PNG or TIFF scan, a "
    "plain text file or an XML export."
)


def pdf_page_count(stream: BinaryIO) -> int:
    """The PDF's pages, read with pypdf; a PDF that does not parse, is locked with a
    password or has no pages is refused. The stream is left at its start."""
    try:
        reader = PdfReader(stream)
        if reader.is_encrypted:
            raise FileRefused("The PDF is locked with a password: release it unlocked.")
        pages = len(reader.pages)
    except FileRefused:
        raise
    except (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise FileRefused("The PDF could not be read: it may be damaged.") from error
    finally:
        stream.seek(0)
    if not pages:
        raise FileRefused("The PDF could not be read: it has no pages.")
    return pages
