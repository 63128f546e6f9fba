"""Fees: the quote before release, the rate each requester may be charged, and what was paid
or waived (45 CFR 164.524(c)(3)-(4); Oregon, ORS 192.563).

`calculator` works a fee out line by line by the rule that applies (pure functions);
`schedule` holds the practice's amounts, from the settings; `quoting` turns a request and
what staff typed into a checked calculation; `ledger` says where a request's
fee stands and what a payment or a waiver may be; `waiting` what the fee holds up; `paying`
how to pay. The steps that quote, record an answer, a payment or a waiver are lifecycle
steps (`lifecycle.fee_steps`): they are events of the request, compared and set like any
other, and the 30-day clock never stops for them.
"""

from records_app.fees.calculator import (
    PATIENT_RULES,
    THIRD_PARTY_RULES,
    WHY,
    Calculation,
    FeeFacts,
    Line,
    calculate,
    check_facts,
    check_quoted_amount,
    default_rule,
    prompt_mailing_deadline,
    rules_for,
)
from records_app.fees.errors import FeeRefused
from records_app.fees.ledger import (
    Ledger,
    awaits_answer,
    awaits_answer_condition,
    charge_at_release,
    check_payment,
    check_waiver,
    ledger_from,
    ledger_of,
    ledger_of_row,
    paid_column,
    paid_per_quote,
    quote_replaceable,
)
from records_app.fees.paying import how_to_pay
from records_app.fees.quoting import QuoteTerms, work_out
from records_app.fees.schedule import FeeSchedule, current
from records_app.fees.waiting import (
    release_rule,
    release_waits_for_payment,
    waiting_by_request,
    waiting_for,
)

__all__ = [
    "PATIENT_RULES",
    "THIRD_PARTY_RULES",
    "WHY",
    "Calculation",
    "FeeFacts",
    "FeeRefused",
    "FeeSchedule",
    "Ledger",
    "Line",
    "QuoteTerms",
    "awaits_answer",
    "awaits_answer_condition",
    "calculate",
    "charge_at_release",
    "check_facts",
    "check_payment",
    "check_quoted_amount",
    "check_waiver",
    "current",
    "default_rule",
    "how_to_pay",
    "ledger_from",
    "ledger_of",
    "ledger_of_row",
    "paid_column",
    "paid_per_quote",
    "prompt_mailing_deadline",
    "quote_replaceable",
    "release_rule",
    "release_waits_for_payment",
    "rules_for",
    "waiting_by_request",
    "waiting_for",
    "work_out",
]
