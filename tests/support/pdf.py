"""PDFs read back as text."""

import io
from dataclasses import dataclass

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """A PDF's text as one line: pypdf's extraction with line breaks and runs of spaces
    made single spaces, so that a phrase reads the same wherever the line wrapped."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@dataclass(frozen=True)
class PlacedText:
    """A run of text on a PDF's first page and where its baseline starts, in inches from
    the page's left and top edges, as a ruler on the printed sheet reads it."""

    text: str
    left: float
    top: float


def first_page_texts(content: bytes) -> list[PlacedText]:
    page = PdfReader(io.BytesIO(content)).pages[0]
    height = float(page.mediabox.height)
    placed = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            placed.append(PlacedText(text.strip(), x / 72, (height - y) / 72))

    page.extract_text(visitor_text=visit)
    return placed
