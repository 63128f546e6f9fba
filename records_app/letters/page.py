"""The page every letter is printed on: the custodian's return address and the practice's
letterhead, the addressee in the window of a #10 envelope, the date, a subject line, then
the body and the custodian's signature.

The font is embedded from the package (a fresh server has no fonts to rely on) and covers
Latin with its accents (Vietnamese and Polish included), Greek and Cyrillic, so that a name
such as "Nguyễn" or "Łukasz" prints as it was written. A character the font lacks prints as
"?" instead of vanishing or stopping the letter.
"""

import unicodedata
from datetime import datetime
from functools import cache
from pathlib import Path

from flask_babel import gettext
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

from records_app import language, practice
from records_app.formatting import long_date
from records_app.letters.addressee import Addressee, address_lines

# Where a letter-size sheet folded in three into a US #10 window envelope (4 1/8 x 9 1/2
# in) shows through: the address window, 4 1/2 x 1 1/8 in, sits 7/8 in from the envelope's
# left and 1/2 in from its bottom; a double-window envelope adds a return window at the top
# left. Millimetres from the sheet's top left corner, with room for the sheet to slide.
INCH = 25.4
ADDRESS_LEFT = 1 * INCH
ADDRESS_TOP = 2.125 * INCH
ADDRESS_WIDTH = 4 * INCH
ADDRESS_HEIGHT = 1 * INCH
ADDRESS_LINES = 5
RETURN_LEFT = 0.5 * INCH
RETURN_TOP = 0.5 * INCH
RETURN_WIDTH = 3.25 * INCH
LETTERHEAD_LEFT = 4.25 * INCH

FONT_FILE = Path(__file__).parent / "fonts" / "DejaVuSans-Letters.ttf"
FONT = "DejaVuSans"
BODY_SIZE = 10.5
LINE_HEIGHT = 5.2
MARGIN = 22
GREY = (90, 90, 90)


@cache
def _font_characters() -> frozenset[int]:
    with TTFont(FONT_FILE, lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """The text in composed form (a typed "e" plus a combining accent becomes one letter),
    with any character the embedded font cannot draw replaced by "?"."""
    characters = _font_characters()
    return "".join(
        character if character == "\n" or ord(character) in characters else "?"
        for character in unicodedata.normalize("NFC", text)
    )


class LetterPage(FPDF):
    def __init__(self, title: str, written_at: datetime):
        super().__init__(format="letter", unit="mm")
        self.practice = practice.details()
        self.add_font(FONT, "", FONT_FILE)
        self.set_margins(MARGIN, 16, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_title(title)
        # Screen readers read the PDF in the language its words are written in.
        self.set_lang(language.in_use())
        self.set_author(self.practice.name)
        self.set_creation_date(written_at)
        self.add_page()

    def header(self) -> None:
        """On the first page, the return address where the upper window of a #10 envelope
        shows it and the letterhead beside it; a one-line reminder on any page after it."""
        details = self.practice
        if self.page_no() > 1:
            self._line(
                gettext("%(practice)s · records custodian", practice=details.name),
                size=8,
                color=GREY,
            )
            self.ln(3)
            return
        self._block(
            RETURN_LEFT,
            RETURN_TOP,
            RETURN_WIDTH,
            [details.custodian, details.name, *address_lines(details.address)],
            size=8.5,
        )
        below_return = self.get_y()
        self.set_xy(LETTERHEAD_LEFT, RETURN_TOP)
        self._letterhead_line(details.name, size=13)
        self._letterhead_line(
            gettext(
                "Closed %(closed_on)s. Records kept by %(custodian)s.",
                closed_on=long_date(details.closure_date),
                custodian=details.custodian,
            ),
            size=8,
        )
        self._letterhead_line(
            gettext("Phone %(phone)s · Fax %(fax)s", phone=details.phone, fax=details.fax), size=8
        )
        self._letterhead_line(details.email, size=8)
        self.set_xy(self.l_margin, max(below_return, self.get_y()) + 2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(5)

    def _letterhead_line(self, text: str, *, size: float) -> None:
        """A line of the letterhead beside the return address, wrapped within its column."""
        self.set_font(FONT, size=size)
        self.set_text_color(*(GREY if size < BODY_SIZE else (0, 0, 0)))
        self.set_x(LETTERHEAD_LEFT)
        self.multi_cell(self.w - MARGIN - LETTERHEAD_LEFT, size * 0.45, printable(text), align="L")
        self.set_text_color(0, 0, 0)

    def _block(self, x: float, y: float, width: float, lines: list[str], *, size: float) -> None:
        """Lines of text at a fixed place on the page, each cut to the width given rather than
        wrapped, so that a block never grows out of its envelope window."""
        self.set_font(FONT, size=size)
        self.set_xy(x, y)
        for line in lines:
            self.set_x(x)
            self.cell(
                width, size * 0.45, self._fitted(printable(line), width), new_x="LEFT", new_y="NEXT"
            )

    def _fitted(self, text: str, width: float) -> str:
        while text and self.get_string_width(text) > width:
            text = text[:-1]
        return text

    def footer(self) -> None:
        self.set_y(-12)
        self._line(
            gettext("Page %(page)s of %(pages)s", page=self.page_no(), pages="{nb}"),
            size=8,
            color=GREY,
        )

    def _line(self, text: str, *, size: float, color=(0, 0, 0)) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    # ---- what letters are made of -------------------------------------------------------

    def opening(self, written_at: datetime, addressee: Addressee | None, subject: str) -> None:
        """The addressee in the window of a #10 envelope, then the date and subject line
        below the window."""
        if addressee is not None:
            self._block(
                ADDRESS_LEFT,
                ADDRESS_TOP,
                ADDRESS_WIDTH,
                addressee.lines[:ADDRESS_LINES],
                size=BODY_SIZE,
            )
            self.set_xy(self.l_margin, max(self.get_y(), ADDRESS_TOP + ADDRESS_HEIGHT) + 4)
        self.paragraph(long_date(written_at))
        self.heading(subject)

    def heading(self, text: str) -> None:
        self.ln(1)
        self._line(text, size=12.5)
        self.ln(1.5)

    def paragraph(self, text: str, *, size: float = BODY_SIZE) -> None:
        self.set_font(FONT, size=size)
        self.multi_cell(0, LINE_HEIGHT, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2.2)

    def items(
        self, rows: list[tuple[str, str]], *, size: float = BODY_SIZE, label_width: int = 30
    ) -> None:
        """Label and answer side by side; a row whose answer is empty is left out."""
        self.set_font(FONT, size=size)
        with self.table(
            col_widths=(label_width, 100 - label_width),
            borders_layout="NONE",
            first_row_as_headings=False,
            line_height=size * 0.45,
            padding=(0.4, 1.5, 0.4, 0),
            text_align="LEFT",
            v_align="TOP",
        ) as table:
            for label, answer in rows:
                if answer:
                    row = table.row()
                    row.cell(printable(label), style=FontFace(color=GREY))
                    row.cell(printable(answer))
        self.ln(2)

    def signature(self) -> None:
        self.ln(2)
        self.paragraph(
            gettext("Sincerely,") + f"\n\n{self.practice.custodian}\n{self.practice.name}"
        )

    def to_bytes(self) -> bytes:
        return bytes(self.output())
