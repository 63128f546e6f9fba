"""The page every letter is printed on: the practice's letterhead, the date, the addressee, a
subject line, then the body and the custodian's signature.

The font is embedded from the package (a fresh server has no fonts to rely on) and covers
Latin with its accents (Vietnamese and Polish included), Greek and Cyrillic, so that a name
such as "Nguyễn" or "Łukasz" prints as it was written. A character the font lacks prints as
"?" instead of vanishing or stopping the letter.
"""

import unicodedata
from datetime import datetime
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

from records_app import practice
from records_app.formatting import long_date

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
        self.set_author(self.practice.name)
        self.set_creation_date(written_at)
        self.add_page()

    def header(self) -> None:
        """The letterhead on the first page; a one-line reminder on any page after it."""
        details = self.practice
        if self.page_no() > 1:
            self._line(f"{details.name} · records custodian", size=8, color=GREY)
            self.ln(3)
            return
        self._line(details.name, size=15)
        self._line(
            f"Closed {long_date(details.closure_date)}. Records kept by {details.custodian}.",
            size=8.5,
            color=GREY,
        )
        self._line(details.address, size=8.5, color=GREY)
        self._line(
            f"Phone {details.phone} · Fax {details.fax} · {details.email}", size=8.5, color=GREY
        )
        self.ln(2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(5)

    def footer(self) -> None:
        self.set_y(-12)
        self._line(f"Page {self.page_no()} of {{nb}}", size=8, color=GREY)

    def _line(self, text: str, *, size: float, color=(0, 0, 0)) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    # ---- what letters are made of -------------------------------------------------------

    def opening(self, written_at: datetime, addressee: list[str], subject: str) -> None:
        """Date, addressee block and subject line, as a window envelope expects them."""
        self.paragraph(long_date(written_at))
        for line in addressee:
            self._line(line, size=BODY_SIZE)
        self.ln(4)
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
        self.paragraph(f"Sincerely,\n\n{self.practice.custodian}\n{self.practice.name}")

    def to_bytes(self) -> bytes:
        return bytes(self.output())
