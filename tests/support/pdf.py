"""PDFs read back as text."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """A PDF's text as one line: pypdf's extraction with line breaks and runs of spaces
    made single spaces, so that a phrase reads the same wherever the line wrapped."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
