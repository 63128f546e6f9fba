"""The receipt the requester downloads from the confirmation page: the tracking code, what
was asked for and how, when it was received and will be answered, and how to check on it.
It names no patient and gives no date of birth, so a receipt left on a shared computer or a
printer shows only that someone asked for records."""

from datetime import date, datetime

from flask_babel import gettext

from records_app import practice
from records_app.formatting import long_date
from records_app.letters import wording
from records_app.letters.authorization import records_asked_for
from records_app.letters.page import LetterPage
from records_app.models import RecordsRequest


def request_receipt(records_request: RecordsRequest, due_on: date, written_at: datetime) -> bytes:
    r = records_request
    details = practice.details()
    title = gettext("Receipt for your records request")
    page = LetterPage(title, written_at)
    page.heading(title)
    page.items(
        [
            (gettext("Tracking code"), r.tracking_code),
            (gettext("Received"), long_date(r.received_at)),
            (gettext("We will answer by"), long_date(due_on)),
            (gettext("Records asked for"), records_asked_for(r)),
            (
                gettext("How"),
                f"{wording.RECORD_FORMATS[r.record_format]} · {wording.DELIVERIES[r.delivery]}",
            ),
            (gettext("Send to"), str(wording.RECIPIENT_KINDS[r.recipient_kind])),
        ]
    )
    page.heading(gettext("How to check on your request"))
    page.paragraph(
        gettext(
            "Go to %(url)s and enter the tracking code above and the patient's date of birth.",
            url=practice.status_page_url(),
        )
    )
    page.paragraph(
        gettext(
            "Keep this receipt. If you lose the tracking code and gave us an e-mail address, "
            "we can send the code to it: %(url)s. Otherwise call us on %(phone)s.",
            url=practice.forgotten_code_url(),
            phone=details.phone,
        )
    )
    page.heading(gettext("Questions"))
    page.paragraph(
        gettext(
            "Call %(phone)s, e-mail %(email)s, or write to %(custodian)s, %(address)s. Please "
            "give your tracking code.",
            phone=details.phone,
            email=details.email,
            custodian=details.custodian,
            address=details.address,
        )
    )
    return page.to_bytes()
