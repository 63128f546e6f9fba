"""Who in the patient index a request is likely about. The candidates are the patients
with the request's date of birth, found by its lookup hash (the index is never unsealed
whole); their names are then compared with the request's by rapidfuzz, each way a name can
differ between a form and a chart: a typo, first and last names swapped, a former name in
the index (a maiden name), another name given on the request. Each match carries its score
and the reason, in words, so that staff see why it was offered."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from rapidfuzz import fuzz

from records_app.crypto.keyring import lookup
from records_app.extensions import db
from records_app.models import Patient, RecordsRequest

# Names scoring less than this (the mean of the first and last names' similarity, out of
# 100) are not offered: one letter wrong in each name still scores about 85.
MATCH_AT_LEAST = 80
OTHER_NAME_SEPARATORS = re.compile(r"[,;/|]")


@dataclass(frozen=True)
class Name:
    first: str
    last: str
    # How the name is described in a reason: "" for the name itself.
    known_as: str = ""


@dataclass(frozen=True)
class Match:
    patient: Patient
    score: int
    reason: str


@dataclass(frozen=True)
class Matches:
    likely: list[Match]
    # Patients born that day whose names are not close: there, but not offered.
    others_born_that_day: int


def matches_for(records_request: RecordsRequest) -> Matches:
    r = records_request
    return matches_among(
        _candidates(r.date_of_birth_lookup),
        _names_asked(r.patient_first_name, r.patient_last_name, r.patient_other_names),
    )


def search(first_name: str, last_name: str, date_of_birth: date) -> Matches:
    """An admin's search of the index by name and date of birth, ranked as a request's."""
    return matches_among(
        _candidates(lookup("date_of_birth", date_of_birth)), [Name(first_name, last_name)]
    )


def matches_among(candidates: list[Patient], asked: list[Name]) -> Matches:
    likely = []
    for patient in candidates:
        score, reason = max(
            (_compare(name, held) for name in asked for held in _names_held(patient)),
            key=lambda scored: scored[0],
        )
        if score >= MATCH_AT_LEAST:
            likely.append(Match(patient, round(score), f"Same date of birth; {reason}"))
    likely.sort(key=lambda match: (-match.score, match.patient.record_number))
    return Matches(likely, len(candidates) - len(likely))


def patient_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Patient))


def is_candidate(records_request: RecordsRequest, patient: Patient) -> bool:
    return patient.date_of_birth_lookup == records_request.date_of_birth_lookup


def _candidates(date_of_birth_lookup: str) -> list[Patient]:
    return list(
        db.session.scalars(
            sa.select(Patient)
            .where(Patient.date_of_birth_lookup == date_of_birth_lookup)
            .order_by(Patient.id)
        )
    )


def _names_asked(first: str, last: str, other_names: str | None) -> list[Name]:
    """The request's name, and each other name it gives: "Margaret Dunn" as a whole name,
    "Dunn" as another last name for the same first name."""
    names = [Name(first, last)]
    for other in OTHER_NAME_SEPARATORS.split(other_names or ""):
        if name := _as_name(other, first, "another name on the request"):
            names.append(name)
    return names


def _names_held(patient: Patient) -> list[Name]:
    names = [Name(patient.first_name, patient.last_name)]
    for former in patient.former_names:
        if name := _as_name(former, patient.first_name, "a former name in the index"):
            names.append(name)
    return names


def _as_name(text: str, first_name: str, known_as: str) -> Name | None:
    words = text.split()
    if not words:
        return None
    if len(words) == 1:
        return Name(first_name, words[0], f"{known_as} ({text.strip()})")
    return Name(words[0], words[-1], f"{known_as} ({text.strip()})")


def _compare(asked: Name, held: Name) -> tuple[float, str]:
    first, last = _plain(asked.first), _plain(asked.last)
    held_first, held_last = _plain(held.first), _plain(held.last)
    straight = (fuzz.ratio(first, held_first) + fuzz.ratio(last, held_last)) / 2
    swapped = (fuzz.ratio(first, held_last) + fuzz.ratio(last, held_first)) / 2
    if swapped > straight:
        score, how = swapped, "first and last names swapped"
    elif straight == 100:
        score, how = straight, "same name"
    else:
        score, how = straight, f"name spelled a little differently ({round(straight)}% alike)"
    known_as = held.known_as or asked.known_as
    return score, f"{how}, as {known_as}" if known_as else how


def _plain(name: str) -> str:
    """Without accents, case, punctuation or extra spaces: "O'Brien-Núñez" ~ "obrien nunez"."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", "", letters.casefold()).split())
