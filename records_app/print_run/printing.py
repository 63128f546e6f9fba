"""The print run's two PDFs: its letters, as they were written and kept (each checked
against its SHA-256), one after another; and their address labels on Avery 5160 sheets
(US Letter, 3 columns of 10 labels, 2⅝ × 1 inch)."""

import io

from pypdf import PdfReader, PdfWriter

from records_app import letters
from records_app.letters.addressee import addressee_of
from records_app.models import Letter

INCH = 25.4  # mm
LABEL_WIDTH, LABEL_HEIGHT = 2.625 * INCH, 1.0 * INCH
COLUMN_PITCH = 2.75 * INCH
TOP_MARGIN, SIDE_MARGIN = 0.5 * INCH, 0.1875 * INCH
COLUMNS, ROWS = 3, 10
LABEL_PADDING = 0.15 * INCH
LABEL_FONT_SIZE = 9


def letters_pdf(run_letters: list[Letter]) -> bytes:
    """The letters in one PDF; a letter not yet written is written first, by
    `letters.read_verified`, in the caller's transaction."""
    combined = PdfWriter()
    for letter in run_letters:
        combined.append(PdfReader(io.BytesIO(letters.read_verified(letter))))
    output = io.BytesIO()
    combined.write(output)
    return output.getvalue()


def address_of(letter: Letter) -> list[str]:
    """The address a letter is sent to, as the letter itself prints it in its window
    (`letters.addressee`)."""
    return addressee_of(letter.request, letter.kind).lines


def labels_pdf(run_letters: list[Letter]) -> bytes:
    """The labels, drawn with fpdf2 in the letters' font, both imported here on first use
    (as in `releases.stamp`): about 30 MiB that a process printing no labels does without."""
    from fpdf import FPDF

    from records_app.letters.page import FONT, FONT_FILE, printable

    sheet = FPDF(format="letter", unit="mm")
    sheet.set_auto_page_break(False)
    sheet.add_font(FONT, "", FONT_FILE)
    sheet.set_font(FONT, size=LABEL_FONT_SIZE)
    per_sheet = COLUMNS * ROWS
    for position, letter in enumerate(run_letters):
        if position % per_sheet == 0:
            sheet.add_page()
        row, column = divmod(position % per_sheet, COLUMNS)
        sheet.set_xy(
            SIDE_MARGIN + column * COLUMN_PITCH + LABEL_PADDING,
            TOP_MARGIN + row * LABEL_HEIGHT + LABEL_PADDING,
        )
        sheet.multi_cell(
            LABEL_WIDTH - 2 * LABEL_PADDING,
            LABEL_FONT_SIZE * 0.45,
            printable("\n".join(address_of(letter))),
            new_x="LEFT",
            new_y="NEXT",
        )
    return bytes(sheet.output())
