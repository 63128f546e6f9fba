"""The fee rules (records_app.fees.calculator), with every amount written out: no app, no
database, no clock. Each rule and each boundary the issue names has its own case."""

from dataclasses import replace
from datetime import date

import pytest

from records_app.fees import (
    FeeFacts,
    FeeRefused,
    FeeSchedule,
    calculate,
    check_facts,
    check_quoted_amount,
    default_rule,
    prompt_mailing_deadline,
)
from records_app.models import FeeRule, FulfilmentMethod, RecipientKind

SCHEDULE = FeeSchedule()  # the issue's defaults, as the settings' defaults are
# Wednesday 17 June 2026; the seventh business day after it is Friday 26 June.
RECEIVED_ON = date(2026, 6, 17)
JULY_3 = date(2026, 7, 3)  # a Friday the practice closes for Independence Day


def facts(rule=FeeRule.DIRECTIVE, pages=64, **kw) -> FeeFacts:
    fields = {
        "rule": rule,
        "pages": pages,
        "delivery": FulfilmentMethod.MAIL,
        "electronic": False,
        "received_on": RECEIVED_ON,
    }
    return FeeFacts(**{**fields, **kw})


def working(calculation) -> list[tuple[str, int]]:
    return [(line.description, line.cents) for line in calculation.lines]


# ---- a third party: Oregon's caps (ORS 192.563) -----------------------------------------


def test_the_issues_example_64_pages_mailed_to_an_attorney_is_53_50_plus_postage():
    calculation = calculate(facts(pages=64, postage_cents=388), SCHEDULE)
    assert working(calculation) == [
        ("The first 10 pages or fewer", 3000),
        ("Pages 11 to 50: 40 at $0.50", 2000),
        ("Pages 51 to 64: 14 at $0.25", 350),
        ("Postage", 388),
    ]
    assert calculation.total_cents == 5350 + 388


@pytest.mark.parametrize(
    ("pages", "cents"),
    [(1, 3000), (10, 3000), (11, 3050), (50, 5000), (51, 5025)],
    ids=lambda value: str(value),
)
def test_third_party_page_bands_at_their_boundaries(pages, cents):
    assert calculate(facts(pages=pages), SCHEDULE).total_cents == cents


def test_the_patients_directive_and_an_authorization_cost_the_same_and_say_why_differently():
    directive = calculate(facts(rule=FeeRule.DIRECTIVE, pages=30), SCHEDULE)
    authorization = calculate(facts(rule=FeeRule.AUTHORIZATION, pages=30), SCHEDULE)
    assert directive.total_cents == authorization.total_cents == 4000
    assert "164.524(c)(3)(ii)" in directive.why and "Ciox Health v. Azar" in directive.why
    assert "ORS 192.563" in directive.why
    assert "164.508" in authorization.why and "ORS 192.563" in authorization.why


def test_a_summary_asked_for_is_added_at_cost():
    calculation = calculate(facts(pages=5, summary_cents=2500), SCHEDULE)
    assert working(calculation)[-1] == ("Summary or explanation asked for, at cost", 2500)
    assert calculation.total_cents == 5500


# ---- the seven business days ------------------------------------------------------------


def test_seven_business_days_skip_the_weekend():
    assert prompt_mailing_deadline(RECEIVED_ON, frozenset()) == date(2026, 6, 26)


def test_seven_business_days_skip_a_holiday_of_the_practice():
    received_monday = date(2026, 6, 29)
    assert prompt_mailing_deadline(received_monday, frozenset()) == date(2026, 7, 8)
    assert prompt_mailing_deadline(received_monday, frozenset({JULY_3})) == date(2026, 7, 9)


def test_a_request_received_on_a_saturday_counts_from_the_monday():
    assert prompt_mailing_deadline(date(2026, 6, 20), frozenset()) == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("mailed_on", "bonus"),
    [(date(2026, 6, 26), 500), (date(2026, 6, 29), 0)],
    ids=["mailed on the seventh business day", "mailed the next business day"],
)
def test_prompt_mailing_adds_5_dollars_only_by_the_seventh_business_day(mailed_on, bonus):
    calculation = calculate(facts(pages=10, mailed_on=mailed_on), SCHEDULE)
    assert calculation.total_cents == 3000 + bonus


def test_prompt_mailing_respects_the_holiday_setting():
    received_monday = date(2026, 6, 29)
    on_july_9 = facts(pages=10, received_on=received_monday, mailed_on=date(2026, 7, 9))
    assert calculate(on_july_9, SCHEDULE).total_cents == 3000
    with_holiday = replace(SCHEDULE, holidays=frozenset({JULY_3}))
    calculation = calculate(on_july_9, with_holiday)
    assert calculation.total_cents == 3500
    assert working(calculation)[-1] == (
        "Processed and mailed first class within 7 business days of the request (by July 9, 2026)",
        500,
    )


# ---- the patient's own records (45 CFR 164.524(c)(4)) -----------------------------------


def test_the_practices_default_is_free_for_the_patient():
    rule = default_rule(RecipientKind.PATIENT, electronic=False, schedule=SCHEDULE)
    assert rule == FeeRule.PATIENT_FREE
    calculation = calculate(facts(rule=rule, pages=500, postage_cents=900), SCHEDULE)
    assert working(calculation) == [("Copies of the patient's own records: no charge", 0)]
    assert "charges nothing" in calculation.why


def test_the_flat_option_is_6_50_for_an_electronic_copy_with_nothing_added():
    electronic = facts(
        rule=FeeRule.PATIENT_FLAT,
        pages=300,
        electronic=True,
        delivery=FulfilmentMethod.SECURE_EMAIL,
        summary_cents=2000,
    )
    calculation = calculate(electronic, SCHEDULE)
    assert working(calculation) == [("Flat fee for an electronic copy", 650)]
    assert "$6.50" in calculation.why


def test_a_flat_default_becomes_the_per_page_average_for_paper():
    flat_practice = replace(SCHEDULE, patient_default=FeeRule.PATIENT_FLAT)
    assert default_rule(RecipientKind.PATIENT, True, flat_practice) == FeeRule.PATIENT_FLAT
    assert default_rule(RecipientKind.PATIENT, False, flat_practice) == FeeRule.PATIENT_SCHEDULE


def test_the_average_cost_schedule_charges_per_page_and_postage_never_retrieval():
    calculation = calculate(
        facts(rule=FeeRule.PATIENT_SCHEDULE, pages=42, postage_cents=250), SCHEDULE
    )
    assert working(calculation) == [
        ("Copying, 42 pages at $0.10 (labour and supplies)", 420),
        ("Postage", 250),
    ]
    assert "retrieving records cost nothing" in calculation.why


def test_actual_cost_is_what_staff_typed_with_postage_and_an_agreed_summary():
    calculation = calculate(
        facts(
            rule=FeeRule.PATIENT_ACTUAL,
            pages=1,
            copying_cents=735,
            postage_cents=73,
            summary_cents=1500,
        ),
        SCHEDULE,
    )
    assert working(calculation) == [
        ("Copying, 1 page: labour and supplies at actual cost", 735),
        ("Postage", 73),
        ("Summary the patient agreed to, at cost", 1500),
    ]


def test_a_third_partys_copy_defaults_to_the_patients_directive():
    assert default_rule(RecipientKind.THIRD_PARTY, False, SCHEDULE) == FeeRule.DIRECTIVE


# ---- what the rules refuse --------------------------------------------------------------

TODAY = date(2026, 6, 17)
REFUSED = [
    (facts(rule=FeeRule.PATIENT_FREE), RecipientKind.THIRD_PARTY, "rule"),
    (facts(rule=FeeRule.DIRECTIVE), RecipientKind.PATIENT, "rule"),
    (facts(rule=FeeRule.PATIENT_FLAT), RecipientKind.PATIENT, "rule"),
    (facts(pages=0), RecipientKind.THIRD_PARTY, "pages"),
    (facts(pages=-1, electronic=True), RecipientKind.THIRD_PARTY, "pages"),
    (
        facts(delivery=FulfilmentMethod.PICKUP, postage_cents=100),
        RecipientKind.THIRD_PARTY,
        "postage",
    ),
    (
        facts(delivery=FulfilmentMethod.FAX, mailed_on=TODAY),
        RecipientKind.THIRD_PARTY,
        "prompt_mailing",
    ),
    (
        facts(received_on=date(2026, 6, 1), mailed_on=TODAY),
        RecipientKind.THIRD_PARTY,
        "prompt_mailing",
    ),
    (
        facts(rule=FeeRule.PATIENT_SCHEDULE, mailed_on=TODAY),
        RecipientKind.PATIENT,
        "prompt_mailing",
    ),
]


@pytest.mark.parametrize(("refused", "recipient", "field"), REFUSED, ids=lambda v: None)
def test_facts_no_rule_can_price_are_refused_beside_their_field(refused, recipient, field):
    with pytest.raises(FeeRefused) as refusal:
        check_facts(refused, recipient, TODAY, SCHEDULE)
    assert refusal.value.field == field


def test_an_electronic_copy_may_have_no_page_count():
    check_facts(facts(pages=0, electronic=True), RecipientKind.THIRD_PARTY, TODAY, SCHEDULE)


def test_staff_may_lower_a_fee_with_a_reason_but_never_raise_it():
    calculation = calculate(facts(pages=64), SCHEDULE)
    check_quoted_amount(calculation, 5350, "")
    check_quoted_amount(calculation, 2000, "Hardship")
    with pytest.raises(FeeRefused, match=r"The most this rule allows is \$53\.50") as over:
        check_quoted_amount(calculation, 5351, "")
    assert over.value.field == "amount"
    with pytest.raises(FeeRefused) as unexplained:
        check_quoted_amount(calculation, 2000, " ")
    assert unexplained.value.field == "lowered_reason"
