"""What the practice charges: the amounts of each fee rule, read from the settings
(`config._fee_settings`, README "Fees") into one value the calculator is given, so that the
calculator itself needs no app and no request to run."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask import current_app

from records_app.models import FeeRule

PATIENT_DEFAULTS = {
    "free": FeeRule.PATIENT_FREE,
    "flat": FeeRule.PATIENT_FLAT,
    "schedule": FeeRule.PATIENT_SCHEDULE,
    "actual": FeeRule.PATIENT_ACTUAL,
}


@dataclass(frozen=True)
class FeeSchedule:
    # 45 CFR 164.524(c)(4): how a patient's own copies are charged unless staff choose
    # another of the ways HHS allows; the flat fee, and the average cost per page copied.
    patient_default: FeeRule = FeeRule.PATIENT_FREE
    patient_flat_cents: int = 650
    patient_per_page_cents: int = 10
    # ORS 192.563: at most $30 for 10 pages or fewer, 50 cents a page for pages 11 to 50,
    # 25 cents a page after that, and $5 for processing and mailing first class within
    # seven business days of the request.
    first_10_pages_cents: int = 3000
    pages_11_to_50_cents: int = 50
    pages_after_50_cents: int = 25
    prompt_mailing_cents: int = 500
    # Days the practice is closed besides weekends, for the seven business days.
    holidays: frozenset[date] = frozenset()
    # Whether records go to a third party only once the fee is paid (never for a patient:
    # Oregon forbids withholding a patient's records for inability to pay).
    third_party_pays_first: bool = True


def from_config(config: Mapping) -> FeeSchedule:
    return FeeSchedule(
        patient_default=PATIENT_DEFAULTS[config["FEE_PATIENT_DEFAULT"]],
        patient_flat_cents=config["FEE_PATIENT_FLAT_CENTS"],
        patient_per_page_cents=config["FEE_PATIENT_PER_PAGE_CENTS"],
        first_10_pages_cents=config["FEE_THIRD_PARTY_FIRST_10_PAGES_CENTS"],
        pages_11_to_50_cents=config["FEE_THIRD_PARTY_PAGES_11_TO_50_CENTS"],
        pages_after_50_cents=config["FEE_THIRD_PARTY_PAGES_AFTER_50_CENTS"],
        prompt_mailing_cents=config["FEE_THIRD_PARTY_PROMPT_MAILING_CENTS"],
        holidays=config["PRACTICE_HOLIDAYS"],
        third_party_pays_first=config["FEE_THIRD_PARTY_PAYS_FIRST"],
    )


def current() -> FeeSchedule:
    """The running app's schedule."""
    return from_config(current_app.config)
