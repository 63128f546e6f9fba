"""A fee as the tests take it through the lifecycle's steps: the issue's attorney, a
payment, and the release that charges the fee. Their letters are left pending, to be
written when first read (tests/support/factories.py)."""

from records_app import lifecycle, practice
from records_app.extensions import db
from records_app.models import FulfilmentMethod, PaymentMethod, RecipientKind
from tests.support.factories import letters_left_pending

# A patient's request to send their records to an attorney.
ATTORNEY = {
    "recipient_kind": RecipientKind.THIRD_PARTY,
    "recipient_name": "Dana Reyes",
    "recipient_organization": "Reyes & Cole LLP",
    "recipient_address": "500 SW Main St, Portland, OR 97204",
    "purpose": "At the request of the individual",
}


@letters_left_pending()
def pay(records_request, clerk, cents, *, version=None, on=None) -> None:
    """A check of `cents` received today (or `on`), recorded and committed."""
    lifecycle.record_payment(
        records_request,
        clerk,
        records_request.version if version is None else version,
        amount_cents=cents,
        method=PaymentMethod.CHECK,
        received_on=on or practice.today(),
        reference="Check 2041",
    )
    db.session.commit()


@letters_left_pending()
def release(records_request, clerk, *, method=FulfilmentMethod.MAIL) -> None:
    """The records sent today, and committed: the step that charges the fee."""
    lifecycle.fulfil(
        records_request,
        clerk,
        records_request.version,
        sent_on=practice.today(),
        method=method,
        records_sent="All records, 64 pages",
        sent_to="Dana Reyes, Reyes & Cole LLP",
        checks_ticked=lifecycle.CHECKLIST,
    )
    db.session.commit()
