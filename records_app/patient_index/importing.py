"""Importing the practice's patient list from CSV: the whole file is checked first, and a
file with any bad row imports nothing unless the caller asks to skip the bad rows; a record
number already in the index updates that patient. The rows are written a batch at a time
through the ORM's bulk INSERT and UPDATE (each value sealed by its column type), so that a
list of 100,000 patients never sits in the session; the caller commits once, at the end."""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import Patient, utcnow
from records_app.models.patients import lookups
from records_app.patient_index.rows import HeaderProblem, RowProblem, column_map, parse_row

WRITE_BATCH_SIZE = 1000
# Problems listed in a refusal; the count says how many there are in all.
LISTED_PROBLEMS = 50


class ImportRefused(Exception):
    """Nothing was imported: the file cannot be read, or has bad rows and the caller did
    not ask to skip them."""

    def __init__(self, message: str, problems: list[RowProblem] | None = None):
        self.problems = problems or []
        super().__init__(message)


@dataclass
class CheckedFile:
    rows: list[dict]
    problems: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    skipped: list[RowProblem]

    def summary(self) -> str:
        """What was done, with the skipped rows' lines and problems (never their values)."""
        done = (
            f"Patients added: {self.added}. Updated: {self.updated}. "
            f"Rows skipped: {len(self.skipped)}."
        )
        listed = "; ".join(str(problem) for problem in self.skipped[:LISTED_PROBLEMS])
        return f"{done} {listed[:1].upper()}{listed[1:]}." if listed else done


def check_file(lines: Iterable[str], today: date) -> CheckedFile:
    """Reads the CSV (text lines) and checks every row; raises ImportRefused when the file
    itself cannot be used."""
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportRefused("The file is empty.")
        columns = column_map(header)
        checked = CheckedFile([])
        first_line_of: dict[str, int] = {}
        for cells in reader:
            if any(cell.strip() for cell in cells):
                _check_row(cells, columns, reader.line_num, today, checked, first_line_of)
    except HeaderProblem as problem:
        raise ImportRefused(str(problem)) from None
    except UnicodeDecodeError:
        raise ImportRefused(
            "The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”."
        ) from None
    except csv.Error:
        raise ImportRefused(
            f"Line {reader.line_num} cannot be read as CSV (a quote left open, or a "
            "character that is not text)."
        ) from None
    return checked


def _check_row(cells, columns, line, today, checked: CheckedFile, first_line_of: dict) -> None:
    parsed = parse_row(cells, columns, today)
    if isinstance(parsed, str):
        checked.problems.append(RowProblem(line, parsed))
        return
    number = parsed["record_number"].casefold()
    if number in first_line_of:
        checked.problems.append(
            RowProblem(line, f"the record number is also on line {first_line_of[number]}")
        )
        return
    first_line_of[number] = line
    checked.rows.append(parsed)


def refuse_bad_rows(checked: CheckedFile) -> None:
    if checked.problems:
        count = len(checked.problems)
        raise ImportRefused(
            f"Nothing was imported: {count} {'row has' if count == 1 else 'rows have'} "
            "problems. Correct them and import the file again, or skip the bad rows.",
            checked.problems[:LISTED_PROBLEMS],
        )


def write_rows(rows: list[dict]) -> Iterator[tuple[int, int]]:
    """Writes the rows WRITE_BATCH_SIZE at a time, yielding how many each batch added and
    updated; the caller commits once all are written."""
    existing = dict(db.session.execute(sa.select(Patient.record_number_lookup, Patient.id)).all())
    now = utcnow()
    for start in range(0, len(rows), WRITE_BATCH_SIZE):
        added, updated = [], []
        for row in rows[start : start + WRITE_BATCH_SIZE]:
            values = {**row, **lookups(row["record_number"], row["date_of_birth"])}
            patient_id = existing.get(values["record_number_lookup"])
            if patient_id is None:
                added.append({**values, "imported_at": now, "updated_at": now})
            else:
                updated.append({**values, "id": patient_id, "updated_at": now})
        if added:
            db.session.execute(sa.insert(Patient), added)
        if updated:
            db.session.execute(sa.update(Patient), updated)
        yield len(added), len(updated)


def import_file(lines: Iterable[str], today: date, *, skip_bad_rows: bool) -> ImportResult:
    """Checks and writes a whole file, for a caller that needs no progress."""
    checked = check_file(lines, today)
    if not skip_bad_rows:
        refuse_bad_rows(checked)
    return summed(write_rows(checked.rows), checked.problems)


def summed(batches: Iterable[tuple[int, int]], skipped: list[RowProblem]) -> ImportResult:
    added = updated = 0
    for batch_added, batch_updated in batches:
        added += batch_added
        updated += batch_updated
    return ImportResult(added, updated, skipped)
