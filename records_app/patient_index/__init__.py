"""The closed practice's patient index: its list of patients and where each chart is,
imported from CSV (`rows` checks a line, `importing` a file), the likely matches for a
request and an admin's search (`matching`), and the chart staff confirm for a request
(`confirming`)."""

from records_app.patient_index.confirming import confirm_chart, confirmed_match
from records_app.patient_index.importing import (
    CheckedFile,
    ImportRefused,
    ImportResult,
    check_file,
    import_file,
    refuse_bad_rows,
    summed,
    write_rows,
)
from records_app.patient_index.matching import Match, Matches, matches_for, patient_count, search

__all__ = [
    "CheckedFile",
    "ImportRefused",
    "ImportResult",
    "Match",
    "Matches",
    "check_file",
    "confirm_chart",
    "confirmed_match",
    "import_file",
    "matches_for",
    "patient_count",
    "refuse_bad_rows",
    "search",
    "summed",
    "write_rows",
]
