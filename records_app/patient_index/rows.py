"""One line of the practice's CSV as a checked patient row. The CSV's columns are found by
their headers, spelled as practices spell them ("MRN", "Date of birth", "DOB"...); a
problem is named by the line it is on and the column, never by the value, so that the
report can go to a terminal or a cron log without a patient's details."""

import re
from dataclasses import dataclass
from datetime import date, datetime

# Each field, and the headers that name it (compared without case, spaces, "_" or "-").
HEADERS: dict[str, tuple[str, ...]] = {
    "record_number": ("record number", "mrn", "medical record number", "chart number"),
    "first_name": ("first name", "given name", "first"),
    "middle_name": ("middle name", "middle"),
    "last_name": ("last name", "family name", "surname", "last"),
    "former_names": ("former names", "other names", "previous names", "maiden name"),
    "date_of_birth": ("date of birth", "dob", "birth date"),
    "sex": ("sex", "gender"),
    "first_visit_on": ("first visit", "first seen"),
    "last_visit_on": ("last visit", "last seen"),
    "chart_location": ("chart location", "where kept", "location", "chart kept at"),
}
REQUIRED = ("record_number", "first_name", "last_name", "date_of_birth", "chart_location")
LABELS = {
    "record_number": "record number",
    "first_name": "first name",
    "middle_name": "middle name",
    "last_name": "last name",
    "former_names": "former names",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "first_visit_on": "first visit",
    "last_visit_on": "last visit",
    "chart_location": "chart location",
}
MAX_LENGTHS = {
    "record_number": 40,
    "first_name": 60,
    "middle_name": 60,
    "last_name": 60,
    "sex": 20,
    "chart_location": 200,
}
# Former names are listed in one cell, separated by ";" or "|".
FORMER_NAME_SEPARATORS = re.compile(r"[;|]")


class HeaderProblem(ValueError):
    """The file's header row does not name the columns the index needs."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", header.strip().casefold().lstrip("\ufeff"))


def column_map(header_row: list[str]) -> dict[str, int]:
    """Field -> position of its column. Unknown columns are ignored; a missing required
    column or a field named twice is a HeaderProblem."""
    names = {_normal(alias): field for field, aliases in HEADERS.items() for alias in aliases}
    found: dict[str, int] = {}
    for position, header in enumerate(header_row):
        field = names.get(_normal(header))
        if field is None:
            continue
        if field in found:
            raise HeaderProblem(f"Two columns give the {LABELS[field]}; keep one.")
        found[field] = position
    missing = [LABELS[field] for field in REQUIRED if field not in found]
    if missing:
        raise HeaderProblem(
            "The header row has no column for: " + ", ".join(missing) + ". Name the columns "
            "in the first line (e.g. Record number, First name, Last name, Date of birth, "
            "Chart location)."
        )
    return found


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
US_DATE_FORMAT = "%m/%d/%Y"


def _date(text: str) -> date | None:
    """A date as YYYY-MM-DD (read the fast way, as most exports write it) or MM/DD/YYYY."""
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        return datetime.strptime(text, US_DATE_FORMAT).date()
    except ValueError:
        return None


def parse_row(cells: list[str], columns: dict[str, int], today: date) -> dict | str:
    """The row's fields, or what is wrong with it (the first problem found)."""
    raw = {
        field: (cells[position].strip() if position < len(cells) else "")
        for field, position in columns.items()
    }
    for field in REQUIRED:
        if not raw.get(field):
            return f"the {LABELS[field]} is empty"
    for field, longest in MAX_LENGTHS.items():
        if len(raw.get(field, "")) > longest:
            return f"the {LABELS[field]} is longer than {longest} characters"
    row = {field: raw.get(field) or None for field in MAX_LENGTHS}
    row["former_names"] = [
        name.strip()
        for name in FORMER_NAME_SEPARATORS.split(raw.get("former_names", ""))
        if name.strip()
    ]
    for field in ("date_of_birth", "first_visit_on", "last_visit_on"):
        text = raw.get(field, "")
        row[field] = _date(text) if text else None
        if text and row[field] is None:
            return f"the {LABELS[field]} is not a date (write YYYY-MM-DD or MM/DD/YYYY)"
        if row[field] and row[field] > today:
            return f"the {LABELS[field]} is in the future"
    if (
        row["first_visit_on"]
        and row["last_visit_on"]
        and row["last_visit_on"] < row["first_visit_on"]
    ):
        return "the last visit is before the first visit"
    if row["first_visit_on"] and row["first_visit_on"] < row["date_of_birth"]:
        return "the first visit is before the date of birth"
    return row
