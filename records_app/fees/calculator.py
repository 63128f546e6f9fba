"""The fee for a copy of a patient's records, worked out line by line by the rule that
applies, each rule citing its source. Pure functions of the facts and the practice's
schedule: no app, no database, no clock.

Which rule applies depends on who the copy goes to. The patient (or their personal
representative) asking for their own records pays at most a reasonable, cost-based fee
(45 CFR 164.524(c)(4)), in one of the ways HHS allows, and the practice's default is free.
A copy sent to a third party falls under Oregon's caps (ORS 192.563), whether the patient
directed it there (164.524(c)(3)(ii): since Ciox Health v. Azar the patient rate no longer
applies to such copies) or the third party holds the patient's authorization (164.508).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext

from records_app.fees.errors import FeeRefused
from records_app.fees.schedule import FeeSchedule
from records_app.formatting import long_date, money
from records_app.models import FeeRule, FulfilmentMethod, RecipientKind

PATIENT_RULES = (
    FeeRule.PATIENT_FREE,
    FeeRule.PATIENT_FLAT,
    FeeRule.PATIENT_SCHEDULE,
    FeeRule.PATIENT_ACTUAL,
)
THIRD_PARTY_RULES = (FeeRule.DIRECTIVE, FeeRule.AUTHORIZATION)

# ORS 192.563's page bands: the first 10 pages together, then pages 11 to 50, then the rest.
FIRST_BAND_PAGES = 10
SECOND_BAND_LAST_PAGE = 50
PROMPT_MAILING_BUSINESS_DAYS = 7

WHY = {
    FeeRule.PATIENT_FREE: (
        lazy_gettext(
            "45 CFR 164.524(c)(4) allows a patient at most a reasonable, cost-based fee for "
            "copies of their own records; this practice charges nothing for them."
        )
    ),
    FeeRule.PATIENT_FLAT: (
        lazy_gettext(
            "45 CFR 164.524(c)(4): for an electronic copy HHS accepts a flat fee of at most "
            "$6.50, labour, supplies and postage included, in place of working out the cost."
        )
    ),
    FeeRule.PATIENT_SCHEDULE: (
        lazy_gettext(
            "45 CFR 164.524(c)(4): a reasonable, cost-based fee, from the practice's average "
            "cost of labour and supplies per page copied, with postage, and a summary only if "
            "the patient agreed to one. Searching for and retrieving records cost nothing."
        )
    ),
    FeeRule.PATIENT_ACTUAL: (
        lazy_gettext(
            "45 CFR 164.524(c)(4): a reasonable, cost-based fee, the actual cost of the labour "
            "and supplies for this copy, with postage, and a summary only if the patient agreed "
            "to one. Searching for and retrieving records cost nothing."
        )
    ),
    FeeRule.DIRECTIVE: (
        lazy_gettext(
            "The patient directed us to send this copy to a third party (45 CFR "
            "164.524(c)(3)(ii)). Since Ciox Health v. Azar (D.D.C. 2020) the patient rate of "
            "164.524(c)(4) does not apply to such copies; Oregon's caps do (ORS 192.563)."
        )
    ),
    FeeRule.AUTHORIZATION: (
        lazy_gettext(
            "The third party holds the patient's authorization (45 CFR 164.508), so Oregon's "
            "caps for copies of medical records apply (ORS 192.563)."
        )
    ),
}


@dataclass(frozen=True)
class FeeFacts:
    """What a fee depends on. `copying_cents` is used by the actual-cost rule only;
    `mailed_on` is the day the records go out first class, for Oregon's prompt-mailing
    amount (None when it is not claimed)."""

    rule: FeeRule
    pages: int
    delivery: FulfilmentMethod
    electronic: bool
    received_on: date
    postage_cents: int = 0
    summary_cents: int = 0
    copying_cents: int = 0
    mailed_on: date | None = None


class Line(NamedTuple):
    """One line of the working; a pair, so that it is kept as it is (JSON) with a quote."""

    description: str
    cents: int


@dataclass(frozen=True)
class Calculation:
    rule: FeeRule
    lines: tuple[Line, ...]

    @property
    def total_cents(self) -> int:
        """The most the rule allows for this copy: the quote, unless staff lower it."""
        return sum(line.cents for line in self.lines)

    @property
    def why(self) -> str:
        return WHY[self.rule]


# ---- which rule -------------------------------------------------------------------------


def rules_for(recipient_kind: RecipientKind) -> tuple[FeeRule, ...]:
    return THIRD_PARTY_RULES if recipient_kind == RecipientKind.THIRD_PARTY else PATIENT_RULES


def default_rule(recipient_kind: RecipientKind, electronic: bool, schedule: FeeSchedule) -> FeeRule:
    """A third party's copy: the patient's directive, since the patient (or their
    representative) signed the request. The patient's own: the practice's default, with
    the per-page average in place of the flat fee for a paper copy."""
    if recipient_kind == RecipientKind.THIRD_PARTY:
        return FeeRule.DIRECTIVE
    if schedule.patient_default == FeeRule.PATIENT_FLAT and not electronic:
        return FeeRule.PATIENT_SCHEDULE
    return schedule.patient_default


# ---- the working ------------------------------------------------------------------------


def calculate(facts: FeeFacts, schedule: FeeSchedule) -> Calculation:
    return Calculation(facts.rule, tuple(_WORKINGS[facts.rule](facts, schedule)))


def _patient_free(facts: FeeFacts, schedule: FeeSchedule) -> list[Line]:
    return [Line("Copies of the patient's own records: no charge", 0)]


def _patient_flat(facts: FeeFacts, schedule: FeeSchedule) -> list[Line]:
    """HHS: at most $6.50, labour, supplies and postage included; nothing is added."""
    return [Line("Flat fee for an electronic copy", schedule.patient_flat_cents)]


def _patient_schedule(facts: FeeFacts, schedule: FeeSchedule) -> list[Line]:
    per_page = schedule.patient_per_page_cents
    copying = Line(
        f"Copying, {_pages(facts.pages)} at {money(per_page)} (labour and supplies)",
        facts.pages * per_page,
    )
    return [copying, *_postage_and_summary(facts)]


def _patient_actual(facts: FeeFacts, schedule: FeeSchedule) -> list[Line]:
    copying = Line(
        f"Copying, {_pages(facts.pages)}: labour and supplies at actual cost", facts.copying_cents
    )
    return [copying, *_postage_and_summary(facts)]


def _third_party(facts: FeeFacts, schedule: FeeSchedule) -> list[Line]:
    """ORS 192.563: at most $30 for 10 pages or fewer, 50 cents a page for pages 11 to 50,
    25 cents a page after that; $5 if processed and mailed first class within seven
    business days of the request; postage; the actual cost of a summary asked for."""
    pages = facts.pages
    lines = [Line("The first 10 pages or fewer", schedule.first_10_pages_cents)]
    if pages > FIRST_BAND_PAGES:
        last = min(pages, SECOND_BAND_LAST_PAGE)
        count = last - FIRST_BAND_PAGES
        each = schedule.pages_11_to_50_cents
        lines.append(Line(f"Pages 11 to {last}: {count} at {money(each)}", count * each))
    if pages > SECOND_BAND_LAST_PAGE:
        count = pages - SECOND_BAND_LAST_PAGE
        each = schedule.pages_after_50_cents
        lines.append(Line(f"Pages 51 to {pages}: {count} at {money(each)}", count * each))
    deadline = prompt_mailing_deadline(facts.received_on, schedule.holidays)
    if facts.mailed_on is not None and facts.mailed_on <= deadline:
        lines.append(
            Line(
                "Processed and mailed first class within 7 business days of the request "
                f"(by {long_date(deadline)})",
                schedule.prompt_mailing_cents,
            )
        )
    return lines + _postage_and_summary(facts, summary="Summary or explanation asked for")


def _postage_and_summary(facts: FeeFacts, summary: str = "Summary the patient agreed to"):
    lines = []
    if facts.postage_cents:
        lines.append(Line("Postage", facts.postage_cents))
    if facts.summary_cents:
        lines.append(Line(f"{summary}, at cost", facts.summary_cents))
    return lines


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


_WORKINGS: dict[FeeRule, Callable[[FeeFacts, FeeSchedule], list[Line]]] = {
    FeeRule.PATIENT_FREE: _patient_free,
    FeeRule.PATIENT_FLAT: _patient_flat,
    FeeRule.PATIENT_SCHEDULE: _patient_schedule,
    FeeRule.PATIENT_ACTUAL: _patient_actual,
    FeeRule.DIRECTIVE: _third_party,
    FeeRule.AUTHORIZATION: _third_party,
}


# ---- business days ----------------------------------------------------------------------


def is_business_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def prompt_mailing_deadline(received_on: date, holidays: frozenset[date]) -> date:
    """ORS 192.563: the seventh business day after the request was received, weekends and
    the practice's holidays left out; records mailed first class by then earn the bonus."""
    day, counted = received_on, 0
    while counted < PROMPT_MAILING_BUSINESS_DAYS:
        day += timedelta(days=1)
        counted += is_business_day(day, holidays)
    return day


# ---- what the rules refuse --------------------------------------------------------------


def check_facts(
    facts: FeeFacts, recipient_kind: RecipientKind, today: date, schedule: FeeSchedule
) -> None:
    """FeeRefused, beside the field at fault, for facts no rule can price."""
    if facts.rule not in rules_for(recipient_kind):
        raise FeeRefused("rule", "Choose one of the rules offered for this request.")
    if facts.rule == FeeRule.PATIENT_FLAT and not facts.electronic:
        raise FeeRefused(
            "rule", "The flat fee is only for an electronic copy; this request is for paper."
        )
    if facts.pages < 0:
        raise FeeRefused("pages", "Enter the number of pages, 0 or more.")
    if facts.pages == 0 and not facts.electronic:
        raise FeeRefused("pages", "A paper copy has at least one page: enter the page count.")
    if facts.postage_cents and facts.delivery != FulfilmentMethod.MAIL:
        raise FeeRefused("postage", "Postage is charged only for records sent by mail.")
    if facts.mailed_on is not None:
        _check_prompt_mailing(facts, today, schedule)


def _check_prompt_mailing(facts: FeeFacts, today: date, schedule: FeeSchedule) -> None:
    if facts.rule not in THIRD_PARTY_RULES:
        raise FeeRefused("prompt_mailing", "Only a third party's copy earns this amount.")
    if facts.delivery != FulfilmentMethod.MAIL:
        raise FeeRefused("prompt_mailing", "Only records mailed first class earn this amount.")
    deadline = prompt_mailing_deadline(facts.received_on, schedule.holidays)
    if today > deadline:
        raise FeeRefused(
            "prompt_mailing",
            f"The seven business days ended on {long_date(deadline)}; this amount no longer "
            "applies.",
        )


def check_quoted_amount(calculation: Calculation, amount_cents: int, reason: str) -> None:
    """Staff may quote less than the rule allows, with a reason, never more."""
    if amount_cents < 0:
        raise FeeRefused("amount", "Enter an amount of 0.00 or more.")
    if amount_cents > calculation.total_cents:
        raise FeeRefused(
            "amount",
            f"The most this rule allows is {money(calculation.total_cents)}; enter that or less.",
        )
    if amount_cents < calculation.total_cents and not reason.strip():
        raise FeeRefused("lowered_reason", "Say why the fee is lower than the rule allows.")
