"""A lost tracking code, sent again: the requester gives the e-mail address and the patient's
date of birth, and each request with both gets its code e-mailed to that address, never
shown on the page. The page says the same whether or not anything matched, so it tells no
one whether a person asked for records here.

The e-mail address is sealed and has no search hash, so the date of birth (which has one)
narrows the requests and the addresses are compared once unsealed."""

from datetime import date, timedelta

import sqlalchemy as sa

from records_app.crypto.keyring import lookup
from records_app.extensions import db
from records_app.mail import outbox
from records_app.models import MessageKind, OutgoingMessage, RecordsRequest, utcnow

# The most recent requests whose codes one asking sends: enough for a family that asked
# several times, not a way to fill an inbox.
MOST_CODES_AT_ONCE = 5
# A request's code is sent again at most once in this time, however often it is asked for.
SEND_AGAIN_AFTER = timedelta(hours=1)


def send_codes_again(email: str, date_of_birth: date) -> int:
    """Queues the tracking code of each matching request to its own address, in the
    caller's transaction; returns how many were queued, for the caller's log and tests,
    never for the page."""
    wanted = email.strip().casefold()
    candidates = db.session.scalars(
        sa.select(RecordsRequest)
        .where(
            RecordsRequest.date_of_birth_lookup == lookup("date_of_birth", date_of_birth),
            RecordsRequest.email.is_not(None),
        )
        .order_by(RecordsRequest.received_at.desc(), RecordsRequest.id.desc())
    )
    matching = [r for r in candidates if r.email.strip().casefold() == wanted]
    queued = 0
    for records_request in matching[:MOST_CODES_AT_ONCE]:
        if _sent_lately(records_request):
            continue
        outbox.queue(records_request, MessageKind.TRACKING_CODE)
        queued += 1
    return queued


def _sent_lately(records_request: RecordsRequest) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count(OutgoingMessage.id)).where(
                OutgoingMessage.request_id == records_request.id,
                OutgoingMessage.kind == MessageKind.TRACKING_CODE,
                OutgoingMessage.created_at > utcnow() - SEND_AGAIN_AFTER,
            )
        )
        > 0
    )
