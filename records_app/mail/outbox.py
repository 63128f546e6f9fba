"""The outbox of e-mails to requesters, and their delivery.

The lifecycle adds an OutgoingMessage row in the transaction of the status change it
reports (`queue`); that is all a web request does. `flask mail send`, run every minute
from cron, sends what is waiting, one message at a time in three steps, committing after
the first and the last: `claim` the row, `send` it (no transaction stays open while the mail
server is talked to), `record` how it went.

A sender only sees committed rows, so a message is never sent for a change that did not
happen; and since no web request talks to the mail server, one that is down or slow cannot
undo a change nor hold a web worker while it answers: the failure is written on the row and
the next run tries again. The claim is a compare-and-set on the row's status, so two
senders (two cron runs that overlap, or a run by hand) never both send a message, and a row
marked sent is never sent again. A claim left by a sender that died mid-send expires after
CLAIM_EXPIRES_AFTER.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from records_app.crypto.keyring import lookup
from records_app.extensions import db
from records_app.mail import compose, smtp
from records_app.mail.compose import Recipient
from records_app.models import MessageKind, MessageStatus, OutgoingMessage, RecordsRequest, utcnow

log = logging.getLogger("records_app.mail")

# Far longer than any SMTP exchange with MAIL_TIMEOUT, so a live sender is never overtaken.
CLAIM_EXPIRES_AFTER = timedelta(minutes=15)
# The sender runs every minute; a failed message waits this long between its tries, so that
# MAIL_MAX_ATTEMPTS tries (5) outlast a mail server that is down for half an hour.
RETRY_FAILED_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Claim:
    """A message one sender has taken, with what it needs to send it once the claim is
    committed; plain values, so that the commit expires nothing it needs."""

    message_id: int
    request_id: int
    kind: MessageKind
    attempts: int
    recipient: Recipient | None
    # Only for the message that sends the code again at the requester's asking.
    tracking_code: str | None = None
    # Its address was sent MAIL_PER_ADDRESS_PER_DAY messages in the last day already.
    held_back: bool = False


@dataclass(frozen=True)
class MessageOutcome:
    """What became of one message; ids and kinds only, so it can be printed and logged."""

    message_id: int
    request_id: int
    kind: MessageKind
    status: MessageStatus
    attempts: int
    reason: str | None = None


# Counted per address over this time: MAIL_PER_ADDRESS_PER_DAY.
ADDRESS_LIMIT_WINDOW = timedelta(days=1)
HELD_BACK_REASON = "Too many messages to this address in a day."


def queue(records_request: RecordsRequest, kind: MessageKind) -> None:
    """Adds the message to the caller's transaction when the requester gave an e-mail
    address; the address itself is read again when the message is sent, and its keyed hash
    kept to count what the address was sent (`claim`). Nothing is read here: a submission
    only writes."""
    if records_request.email:
        db.session.add(
            OutgoingMessage(
                request_id=records_request.id,
                kind=kind,
                address_lookup=lookup("email", records_request.email),
            )
        )


def _sent_lately(address: str | None, now) -> int:
    """Messages sent (or logged, with e-mail off) to the address in the last day."""
    if address is None:
        return 0
    return db.session.scalar(
        sa.select(sa.func.count(OutgoingMessage.id)).where(
            OutgoingMessage.address_lookup == address,
            OutgoingMessage.status.in_((MessageStatus.SENT, MessageStatus.LOGGED)),
            OutgoingMessage.claimed_at > now - ADDRESS_LIMIT_WINDOW,
        )
    )


def messages_for(records_request: RecordsRequest) -> list[OutgoingMessage]:
    return list(
        db.session.scalars(
            sa.select(OutgoingMessage)
            .where(OutgoingMessage.request_id == records_request.id)
            .order_by(OutgoingMessage.id)
        )
    )


def waiting() -> list[int]:
    """The messages to try now, oldest first: waiting, failed fewer than MAIL_MAX_ATTEMPTS
    times and not in the last RETRY_FAILED_AFTER, or claimed by a sender that stopped."""
    return list(
        db.session.scalars(
            sa.select(OutgoingMessage.id).where(_claimable(utcnow())).order_by(OutgoingMessage.id)
        )
    )


def claim(message_id: int) -> Claim | None:
    """Takes the message for this sender, or None when another sender has it: of two
    processes claiming one row, the database lets exactly one update it (a row lock on
    PostgreSQL, the write lock on SQLite). The caller commits the claim before `send`."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(OutgoingMessage)
        .where(OutgoingMessage.id == message_id, _claimable(now))
        .values(
            status=MessageStatus.SENDING,
            claimed_at=now,
            attempts=OutgoingMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    message = db.session.get(OutgoingMessage, message_id, populate_existing=True)
    records_request = db.session.get(RecordsRequest, message.request_id)
    sent_lately = _sent_lately(message.address_lookup, now)
    return Claim(
        message.id,
        message.request_id,
        message.kind,
        message.attempts,
        compose.recipient_of(records_request),
        records_request.tracking_code if message.kind == MessageKind.TRACKING_CODE else None,
        held_back=sent_lately >= current_app.config["MAIL_PER_ADDRESS_PER_DAY"],
    )


@dataclass(frozen=True)
class Sent:
    status: MessageStatus
    reason: str | None = None


def send(claimed: Claim, config: Mapping) -> Sent:
    """Talks to the mail server, or with e-mail off writes the message to the log instead;
    touches no database. A message over its address's limit is held back, never sent: the
    public form cannot be used to flood an inbox (the letters still go by post)."""
    if claimed.held_back:
        return Sent(MessageStatus.HELD_BACK, HELD_BACK_REASON)
    if not smtp.is_on(config):
        log.info(
            "e-mail is off, message not sent: message_id=%s kind=%s request_id=%s",
            claimed.message_id,
            claimed.kind,
            claimed.request_id,
        )
        return Sent(MessageStatus.LOGGED)
    if claimed.recipient is None:
        return Sent(MessageStatus.GAVE_UP, "The request has no address.")
    try:
        message = compose.compose(
            claimed.kind, claimed.recipient, config, tracking_code=claimed.tracking_code
        )
        smtp.send(message, config)
    except smtp.MailFailure as failure:
        gave_up = claimed.attempts >= config["MAIL_MAX_ATTEMPTS"]
        status = MessageStatus.GAVE_UP if gave_up else MessageStatus.FAILED
        log.warning(
            "e-mail not sent: message_id=%s kind=%s request_id=%s attempt=%s status=%s %s",
            claimed.message_id,
            claimed.kind,
            claimed.request_id,
            claimed.attempts,
            status,
            failure.reason,
        )
        return Sent(status, failure.reason)
    return Sent(MessageStatus.SENT)


def record(claimed: Claim, sent: Sent) -> MessageOutcome:
    """Writes how the sending went on the message's row, in the caller's transaction."""
    db.session.execute(
        sa.update(OutgoingMessage)
        .where(OutgoingMessage.id == claimed.message_id)
        .values(
            status=sent.status,
            last_error=sent.reason,
            sent_at=utcnow() if sent.status == MessageStatus.SENT else None,
        )
        .execution_options(synchronize_session=False)
    )
    return MessageOutcome(
        claimed.message_id,
        claimed.request_id,
        claimed.kind,
        sent.status,
        claimed.attempts,
        sent.reason,
    )


def _claimable(now):
    return sa.or_(
        OutgoingMessage.status == MessageStatus.PENDING,
        sa.and_(
            OutgoingMessage.status == MessageStatus.FAILED,
            OutgoingMessage.claimed_at < now - RETRY_FAILED_AFTER,
        ),
        sa.and_(
            OutgoingMessage.status == MessageStatus.SENDING,
            OutgoingMessage.claimed_at < now - CLAIM_EXPIRES_AFTER,
        ),
    )
