"""Files as a browser uploads them."""

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


def blank_pdf() -> bytes:
    """A one-page PDF and nothing else, as a scanner might write it."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


PDF_BYTES = blank_pdf()


def image_bytes(image_format: str = "PNG", *, size=(4, 3), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(content: bytes, filename: str, content_type: str = "application/octet-stream"):
    return (io.BytesIO(content), filename, content_type)


def zeros_png(width: int, height: int, *, bit_depth: int = 8, colour: bool = False) -> bytes:
    """A PNG of the given size, all black: its pixels compress to almost nothing (a 9400 x
    9400 one in 8-bit colour is about 260 KB) while decoding it takes width x height bytes
    or more (265 MB for that one). Written row by row, so making a hostile file is cheap in
    memory too."""
    channels, colour_type = (3, 2) if colour else (1, 0)
    row = bytes(1 + (width * channels * bit_depth + 7) // 8)  # the filter byte, the pixels
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + (_png_chunk(b"IEND", b""))
    )


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def pdf_with_active_content() -> bytes:
    """A one-page PDF with every kind of active content the store removes, each carrying a
    marker that must not survive: document JavaScript, an action on opening, an embedded
    file, an action on the page, a link that runs a script and a file attachment; and a
    web link that must survive."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    writer.add_attachment("secret.txt", b"MarkerEmbeddedFile")
    root = writer.root_object
    root[NameObject("/Names")][NameObject("/JavaScript")] = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("on-open"), _script("MarkerDocumentScript")]
            )
        }
    )
    root[NameObject("/OpenAction")] = _script("MarkerOpenAction")
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _script("MarkerPageOpen")})
    writer.add_annotation(0, _annotation("/Link", _script("MarkerLinkScript")))
    web_link = _action("/URI", "/URI", TextStringObject("https://example.org/"))
    writer.add_annotation(0, _annotation("/Link", web_link))
    writer.add_annotation(0, _annotation("/FileAttachment", None))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _action(kind: str, key: str, value) -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject(kind), NameObject(key): value})


def _script(marker: str) -> DictionaryObject:
    """A script of one word, the marker: pypdf writes punctuation in strings as octal
    escapes, so a marker of letters alone can be found in the file's bytes."""
    return _action("/JavaScript", "/JS", TextStringObject(marker))


def _annotation(subtype: str, action: DictionaryObject | None) -> DictionaryObject:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 40)]),
        }
    )
    if action is not None:
        annotation[NameObject("/A")] = action
    return annotation
