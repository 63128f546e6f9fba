"""What every template may use: the practice's details, the formatting of dates and money
(formatting.py), and named questions about a request's deadline, denial, fee and history,
each answered by the lifecycle's or the fee's rules."""

from flask import Flask, current_app

from records_app import fees, lifecycle, practice
from records_app.formatting import local_time, long_date, money, short_date
from records_app.letters import wording
from records_app.letters.wording import HHS_OCR_COMPLAINTS
from records_app.mail import smtp
from records_app.models import DENIAL_BASES, DenialBasis, FeeRule, RecordsRequest
from records_app.web.forms import EmptyForm


def denial_basis(records_request: RecordsRequest) -> DenialBasis | None:
    return denial_basis_of(records_request.denial_basis)


def denial_basis_of(key: str | None) -> DenialBasis | None:
    """A stored basis in words: a denial's, or a withheld part's."""
    return DENIAL_BASES.get(key or "")


def action_label(action: str) -> str:
    """What a history row's action is called, e.g. "Extend deadline"."""
    return lifecycle.Action(action).label


def fee_rule_why(rule: FeeRule) -> str:
    """Why a fee rule applies, with its source."""
    return fees.WHY[rule]


def fee_wait_at_risk(records_request: RecordsRequest, waiting: str | None) -> bool:
    """Waiting on the requester's side for the fee while the deadline is near or past: the
    30 days of 45 CFR 164.524(b) never stop for a quote."""
    return waiting is not None and (
        lifecycle.is_overdue(records_request) or lifecycle.is_due_soon(records_request)
    )


def authorization_statement() -> str:
    """The "I authorize ..." sentence of 45 CFR 164.508(c)(1), in the practice's names."""
    return wording.authorization_statement(current_app.config)


def register(app: Flask) -> None:
    for format_filter in (long_date, short_date, local_time, money):
        app.add_template_filter(format_filter)
    for helper in (
        lifecycle.days_left,
        lifecycle.is_overdue,
        lifecycle.is_due_soon,
        denial_basis,
        denial_basis_of,
        action_label,
        fee_rule_why,
        fee_wait_at_risk,
        practice.ways_to_send_documents,
        authorization_statement,
    ):
        app.add_template_global(helper)

    @app.context_processor
    def practice_details():
        return {
            "practice": practice.details(),
            "hhs_ocr_complaints": HHS_OCR_COMPLAINTS,
            "mail_is_off": not smtp.is_on(current_app.config),
            # Never reads the posted body: an error page (413 above all) must render
            # without touching a body that could not be read.
            "sign_out_form": EmptyForm(formdata=None),
        }
