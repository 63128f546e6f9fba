"""How to pay a fee, in the same words on the quote letter, the invoice and the status page."""

from flask import current_app

from records_app import practice


def how_to_pay() -> list[tuple[str, str]]:
    """The ways a payment is taken (check or money order, card by phone, cash), each with
    what the payer does. Checks are payable to FEE_CHECKS_PAYABLE_TO, else the practice."""
    details = practice.details()
    payee = current_app.config["FEE_CHECKS_PAYABLE_TO"] or details.name
    return [
        (
            "By check or money order",
            f"Payable to {payee}, mailed to {details.custodian}, {details.address}. Write "
            "the tracking code on it.",
        ),
        ("By card", f"Call {details.phone} and give the tracking code."),
        ("In cash", f"Call {details.phone} to arrange a time to pay in person."),
    ]
