"""The release stamp: a small footer on each page of a released PDF with the tracking
code, who it was released to, the date and "page n of N", so that a page that goes astray
can be traced to its release. Drawn with fpdf2 in the letters' font (a recipient's name
prints as written) and laid over each page with pypdf; the stamped file is what is
delivered and hashed."""

import io
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter, Transformation

FOOTER_SIZE = 7  # points
FOOTER_HEIGHT = 11
FOOTER_FROM_BOTTOM = 14
PADDING = 6


def stamp_pdf(source: BinaryIO, target: BinaryIO, footer: str) -> None:
    """Writes `source` to `target` with `footer` and the page numbers on every page."""
    writer = PdfWriter(clone_from=PdfReader(source))
    pages = list(writer.pages)
    footers = PdfReader(io.BytesIO(_footer_pages(pages, footer)))
    for page, footer_page in zip(pages, footers.pages, strict=True):
        box = page.mediabox
        page.merge_transformed_page(
            footer_page, Transformation().translate(float(box.left), float(box.bottom))
        )
    writer.write(target)


def _footer_pages(pages, footer: str) -> bytes:
    """One page for each page of the PDF, of its size, holding only its footer. fpdf2 and
    the letters' font are imported here, on first use, rather than with this module: they
    add about 30 MiB to every process that imports the releases (the export, each gunicorn
    worker), and few of those ever stamp a file."""
    from fpdf import FPDF

    from records_app.letters.page import FONT, FONT_FILE, printable

    drawing = FPDF(unit="pt")
    drawing.add_font(FONT, "", FONT_FILE)
    drawing.set_auto_page_break(False)
    drawing.set_margins(0, 0, 0)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        drawing.add_page(format=(width, height))
        drawing.set_font(FONT, size=FOOTER_SIZE)
        text = printable(f"{footer} · page {number} of {total}")
        text_width = min(drawing.get_string_width(text) + 2 * PADDING, width)
        left, top = (width - text_width) / 2, height - FOOTER_FROM_BOTTOM - FOOTER_HEIGHT
        drawing.set_fill_color(255, 255, 255)
        drawing.set_text_color(60, 60, 60)
        drawing.set_xy(left, top)
        drawing.cell(text_width, FOOTER_HEIGHT, text, align="C", fill=True)
    return bytes(drawing.output())
