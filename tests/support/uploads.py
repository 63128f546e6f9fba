"""Files as a browser uploads them."""

import io
import struct
import zlib

from PIL import Image

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


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
