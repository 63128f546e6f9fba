"""Filters every form applies to typed text: no control characters (they break exports,
letters and logs), no leading or trailing space, runs of spaces collapsed on one line."""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[ \t]+")


def one_line(value):
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value)
    value = _CONTROL.sub(" ", value.replace("\n", " ").replace("\r", " "))
    return _SPACES.sub(" ", value).strip()


def multi_line(value):
    """Keeps line breaks, for messages and notes."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", _CONTROL.sub(" ", line)).strip() for line in value.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
