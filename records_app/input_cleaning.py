"""Filters every form applies to typed text, so that what is stored looks like what it is and
matches a search for it: no control characters (they break exports, letters and logs), no
invisible characters (format characters such as U+200B, U+2060, U+FEFF, U+00AD and the other
default-ignorable code points: two names that look the same would not match), no leading or
trailing space, runs of spaces collapsed on one line. One-line fields (names, dates, codes,
addresses) are also NFKC-normalised, which turns full-width digits and letters into plain
ones; free text keeps its characters as written (NFC)."""

import re
import unicodedata
from datetime import date

from flask_babel import gettext
from wtforms import DateField

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt) outside category Cf,
# which Python's unicodedata does not name: combining grapheme joiner, Hangul fillers,
# Khmer inherent vowels, Mongolian variation selectors, variation selectors, the
# unassigned U+FFF0-FFF8 and the tag/selector plane.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0xE0000, 0xE0FFF),
)


_IGNORABLE = frozenset(
    chr(code_point) for first, last in _IGNORABLE_RANGES for code_point in range(first, last + 1)
)


def _cleaned(value: str, line_break: str) -> str:
    """Invisible characters (Cf, lone surrogates and the other default-ignorables) go;
    control characters become spaces, except a line break; line and paragraph separators
    end a line, given as `line_break`."""
    kept = []
    for character in value:
        category = unicodedata.category(character)
        if category in ("Cf", "Cs") or character in _IGNORABLE:
            continue
        if category in ("Zl", "Zp"):
            character = line_break
        elif category == "Cc" and character != line_break:
            character = " "
        kept.append(character)
    return "".join(kept)


_SPACES = re.compile(r" +")


def one_line(value):
    if not isinstance(value, str):
        return value
    value = _cleaned(unicodedata.normalize("NFKC", value), " ")
    return _SPACES.sub(" ", value).strip()


def multi_line(value):
    """Keeps line breaks, for messages and notes."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in _cleaned(value, "\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class TypedDateField(DateField):
    """A date typed in a box is cleaned as any one-line answer before it is read, so that
    full-width digits or an invisible character pasted with it still make a date. WTForms
    parses a field's raw value before its filters run, hence the field of our own.

    A year outside EARLIEST..LATEST is refused here: no date the desk deals with lies there,
    and a day added to 9999-12-31 (a range's end, a deadline) is past what Python's dates
    hold. Each form's own rules narrow it further."""

    EARLIEST = date(1800, 1, 1)
    LATEST = date(2199, 12, 31)

    def process_formdata(self, valuelist):
        super().process_formdata([one_line(value) for value in valuelist])
        if self.data is not None and not self.EARLIEST <= self.data <= self.LATEST:
            self.data = None
            raise ValueError(
                gettext(
                    "Enter a date between %(earliest)s and %(latest)s.",
                    earliest=self.EARLIEST.year,
                    latest=self.LATEST.year,
                )
            )
