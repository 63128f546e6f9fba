"""The day's print run: the letters that go by post (`selection`), printed in one PDF with
a sheet of address labels (`printing`), and marked mailed, which records on each letter when
it went out."""

from records_app.print_run.printing import address_of, labels_pdf, letters_pdf
from records_app.print_run.selection import (
    POSTAL_KINDS,
    letters_in,
    mark_mailed,
    recent_runs,
    start_run,
    waiting_letters,
)

__all__ = [
    "POSTAL_KINDS",
    "address_of",
    "labels_pdf",
    "letters_in",
    "letters_pdf",
    "mark_mailed",
    "recent_runs",
    "start_run",
    "waiting_letters",
]
