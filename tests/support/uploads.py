"""Files as a browser uploads them."""

import io

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
