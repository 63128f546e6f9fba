"""The letter that closes a request left waiting for the requester's answer: what was asked
for and when, that the request is closed, and how to start again."""

from datetime import datetime

from records_app import practice
from records_app.formatting import long_date
from records_app.letters.compose import reference, signed_off, to_requester
from records_app.models import LetterKind, RecordsRequest


def closed_unanswered(records_request: RecordsRequest, written_at: datetime) -> bytes:
    r = records_request
    page = to_requester(r, LetterKind.CLOSED_UNANSWERED, written_at, "We have closed your request")
    page.paragraph(
        f"We are writing about {reference(r)}. We wrote to ask you for more information "
        "before we could go on, and we have not received it, so we have closed the request "
        f"as of {long_date(written_at)}. What we asked for was:"
    )
    page.paragraph(r.info_requested_message or "")
    page.heading("How to start again")
    page.paragraph(
        "If you still want copies of the records, send a new request with what was missing, "
        f"online at {practice.public_url('public.request_form')}, or on paper to "
        f"{page.practice.custodian}, {page.practice.name}, {page.practice.address}. Nothing "
        "you sent us is lost: we keep it with this request."
    )
    return signed_off(page)
