"""A quote from a request and what staff typed: the facts the calculator needs, checked and
worked out. The request page's "Work out the fee" and the "Send quote" step both come here,
so that what staff preview is what the requester is sent."""

from dataclasses import dataclass
from datetime import date

from records_app import practice
from records_app.fees.calculator import Calculation, FeeFacts, calculate, check_facts
from records_app.fees.schedule import FeeSchedule
from records_app.models import FeeRule, FulfilmentMethod, RecordFormat, RecordsRequest


@dataclass(frozen=True)
class QuoteTerms:
    """What staff type on the quote form; amounts in cents. `prompt_mailing` claims
    Oregon's amount for mailing first class within seven business days (ORS 192.563), on
    the understanding that the records go out by then."""

    rule: FeeRule
    pages: int
    delivery: FulfilmentMethod
    postage_cents: int = 0
    summary_cents: int = 0
    copying_cents: int = 0
    prompt_mailing: bool = False


def work_out(
    records_request: RecordsRequest, terms: QuoteTerms, today: date, schedule: FeeSchedule
) -> Calculation:
    """The fee for this request on these terms, line by line; FeeRefused beside the field at
    fault when the terms break a rule."""
    facts = FeeFacts(
        rule=terms.rule,
        pages=terms.pages,
        delivery=terms.delivery,
        electronic=records_request.record_format != RecordFormat.PAPER,
        received_on=practice.local_date(records_request.received_at),
        postage_cents=terms.postage_cents,
        summary_cents=terms.summary_cents,
        copying_cents=terms.copying_cents,
        mailed_on=today if terms.prompt_mailing else None,
    )
    check_facts(facts, records_request.recipient_kind, today, schedule)
    return calculate(facts, schedule)
