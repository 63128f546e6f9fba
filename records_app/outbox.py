"""The outbox of e-mails to requesters, and their delivery.

The lifecycle adds an OutgoingMessage row in the transaction of the status change it
reports (`queue`); that is all a web request does. `flask mail send`, run every minute
from cron, sends what is waiting (`send_waiting`). A sender only sees committed rows, so a
message is never sent for a change that did not happen; and since no web request talks to
the mail server, one that is down or slow cannot undo a change nor hold a web worker while
it answers: the failure is written on the row and the next run tries again. Each send first
claims its row with a compare-and-set on its status in a transaction of its own, so two
senders (two cron runs that overlap, or a run by hand) never both send a message, and a row
marked sent is never sent again. A claim left by a sender that died mid-send expires after
CLAIM_EXPIRES_AFTER.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from . import mailer, notifications, plain_insert
from .extensions import db
from .models import MessageKind, MessageStatus, OutgoingMessage, RecordsRequest, utcnow

log = logging.getLogger("records_app.mail")

# Far longer than any SMTP exchange with MAIL_TIMEOUT, so a live sender is never overtaken.
CLAIM_EXPIRES_AFTER = timedelta(minutes=15)
# The sender runs every minute; a failed message waits this long between its tries, so that
# MAIL_MAX_ATTEMPTS tries (5) outlast a mail server that is down for half an hour.
RETRY_FAILED_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class MessageOutcome:
    """What became of one message; ids and kinds only, so it can be printed and logged."""

    message_id: int
    request_id: int
    kind: MessageKind
    status: MessageStatus
    attempts: int
    reason: str | None = None


def queue(records_request: RecordsRequest, kind: MessageKind) -> None:
    """Adds the message to the caller's transaction when the requester gave an e-mail
    address; the address itself is read again when the message is sent."""
    if records_request.email:
        plain_insert.insert(OutgoingMessage(request_id=records_request.id, kind=kind))


def messages_for(records_request: RecordsRequest) -> list[OutgoingMessage]:
    return list(
        db.session.scalars(
            sa.select(OutgoingMessage)
            .where(OutgoingMessage.request_id == records_request.id)
            .order_by(OutgoingMessage.id)
        )
    )


def send_waiting() -> list[MessageOutcome]:
    """Tries every message not sent yet: waiting, failed fewer than MAIL_MAX_ATTEMPTS times
    and not in the last RETRY_FAILED_AFTER, or claimed by a sender that stopped; safe to run
    beside another sender. With e-mail off each is only logged (`deliver`)."""
    with Session(db.engine) as session:
        message_ids = session.scalars(
            sa.select(OutgoingMessage.id).where(_claimable(utcnow())).order_by(OutgoingMessage.id)
        ).all()
    # Another sender's claims are skipped.
    return [outcome for message_id in message_ids if (outcome := deliver(message_id))]


def deliver(message_id: int) -> MessageOutcome | None:
    config = current_app.config
    with Session(db.engine, expire_on_commit=False) as session:
        if not _claim(session, message_id):
            return None
        message = session.get(OutgoingMessage, message_id)
        if not mailer.is_on(config):
            log.info(
                "e-mail is off, message not sent: message_id=%s kind=%s request_id=%s",
                message.id,
                message.kind,
                message.request_id,
            )
            return _finish(session, message, MessageStatus.LOGGED)
        recipient = notifications.recipient_of(session.get(RecordsRequest, message.request_id))
        if recipient is None:
            return _finish(session, message, MessageStatus.GAVE_UP, "The request has no address.")
        email = notifications.compose(message.kind, recipient, config)
        session.commit()  # no transaction stays open while the mail server is talked to
        try:
            mailer.send(email, config)
        except mailer.MailFailure as failure:
            gave_up = message.attempts >= config["MAIL_MAX_ATTEMPTS"]
            status = MessageStatus.GAVE_UP if gave_up else MessageStatus.FAILED
            log.warning(
                "e-mail not sent: message_id=%s kind=%s request_id=%s attempt=%s status=%s %s",
                message.id,
                message.kind,
                message.request_id,
                message.attempts,
                status,
                failure.reason,
            )
            return _finish(session, message, status, failure.reason)
        return _finish(session, message, MessageStatus.SENT)


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


def _claim(session: Session, message_id: int) -> bool:
    """Compare-and-set, committed at once: of two processes claiming one row, the database
    lets exactly one update it (a row lock on PostgreSQL, the write lock on SQLite)."""
    now = utcnow()
    with session.begin():
        claimed = session.execute(
            sa.update(OutgoingMessage)
            .where(OutgoingMessage.id == message_id, _claimable(now))
            .values(
                status=MessageStatus.SENDING,
                claimed_at=now,
                attempts=OutgoingMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
    return claimed.rowcount == 1


def _finish(
    session: Session, message: OutgoingMessage, status: MessageStatus, reason: str | None = None
) -> MessageOutcome:
    message.status = status
    message.last_error = reason
    message.sent_at = utcnow() if status == MessageStatus.SENT else None
    session.commit()
    return MessageOutcome(
        message.id, message.request_id, message.kind, status, message.attempts, reason
    )
