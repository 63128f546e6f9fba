"""The letter that closes a request left waiting for the requester's answer: what was asked
for and when, that the request is closed, and how to start again."""

from datetime import datetime

from flask_babel import gettext

from records_app import practice
from records_app.formatting import long_date
from records_app.letters.compose import reference, signed_off, to_requester
from records_app.models import LetterKind, RecordsRequest


def closed_unanswered(records_request: RecordsRequest, written_at: datetime) -> bytes:
    r = records_request
    page = to_requester(
        r, LetterKind.CLOSED_UNANSWERED, written_at, gettext("We have closed your request")
    )
    page.paragraph(
        gettext(
            "We are writing about %(reference)s. We wrote to ask you for more information "
            "before we could go on, and we have not received it, so we have closed the "
            "request as of %(closed_on)s. What we asked for was:",
            reference=reference(r),
            closed_on=long_date(written_at),
        )
    )
    page.paragraph(r.info_requested_message or "")
    page.heading(gettext("How to start again"))
    page.paragraph(
        gettext(
            "If you still want copies of the records, send a new request with what was "
            "missing, online at %(url)s, or on paper to %(custodian)s, %(practice)s, "
            "%(address)s. Nothing you sent us is lost: we keep it with this request.",
            url=practice.public_url("public.request_form"),
            custodian=page.practice.custodian,
            practice=page.practice.name,
            address=page.practice.address,
        )
    )
    return signed_off(page)
