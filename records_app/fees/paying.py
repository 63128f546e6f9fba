"""How to pay a fee, in the same words on the quote letter, the invoice and the status page."""

from flask import current_app
from flask_babel import gettext

from records_app import practice


def how_to_pay() -> list[tuple[str, str]]:
    """The ways a payment is taken (check or money order, card by phone, cash), each with
    what the payer does. Checks are payable to FEE_CHECKS_PAYABLE_TO, else the practice."""
    details = practice.details()
    payee = current_app.config["FEE_CHECKS_PAYABLE_TO"] or details.name
    return [
        (
            gettext("By check or money order"),
            gettext(
                "Payable to %(payee)s, mailed to %(custodian)s, %(address)s. Write the "
                "tracking code on it.",
                payee=payee,
                custodian=details.custodian,
                address=details.address,
            ),
        ),
        (
            gettext("By card"),
            gettext("Call %(phone)s and give the tracking code.", phone=details.phone),
        ),
        (
            gettext("In cash"),
            gettext("Call %(phone)s to arrange a time to pay in person.", phone=details.phone),
        ),
    ]
