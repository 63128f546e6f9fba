"""The receipt the requester downloads from the confirmation page: the tracking code, what
was asked for and how, when it was received and will be answered, and how to check on it.
It names no patient and gives no date of birth, so a receipt left on a shared computer or a
printer shows only that someone asked for records."""

from datetime import date, datetime

from records_app import practice
from records_app.formatting import long_date
from records_app.letters import wording
from records_app.letters.authorization import records_asked_for
from records_app.letters.page import LetterPage
from records_app.models import RecordsRequest


def request_receipt(records_request: RecordsRequest, due_on: date, written_at: datetime) -> bytes:
    r = records_request
    details = practice.details()
    page = LetterPage("Receipt for your records request", written_at)
    page.heading("Receipt for your records request")
    page.items(
        [
            ("Tracking code", r.tracking_code),
            ("Received", long_date(r.received_at)),
            ("We will answer by", long_date(due_on)),
            ("Records asked for", records_asked_for(r)),
            (
                "How",
                f"{wording.RECORD_FORMATS[r.record_format]} · {wording.DELIVERIES[r.delivery]}",
            ),
            ("Send to", wording.RECIPIENT_KINDS[r.recipient_kind]),
        ]
    )
    page.heading("How to check on your request")
    page.paragraph(
        f"Go to {practice.status_page_url()} and enter the tracking code above and the "
        "patient's date of birth."
    )
    page.paragraph(
        "Keep this receipt. If you lose the tracking code and gave us an e-mail address, we "
        f"can send the code to it: {practice.forgotten_code_url()}. Otherwise call us on "
        f"{details.phone}."
    )
    page.heading("Questions")
    page.paragraph(
        f"Call {details.phone}, e-mail {details.email}, or write to {details.custodian}, "
        f"{details.address}. Please give your tracking code."
    )
    return page.to_bytes()
