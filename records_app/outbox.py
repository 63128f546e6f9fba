"""The outbox of e-mails to requesters, and their delivery.

The lifecycle adds an OutgoingMessage row in the transaction of the status change it
reports (`queue`). Delivery waits for that transaction's commit (`register` hooks the
session: ids noted at flush, handed over at commit, forgotten at rollback), so a message is
never sent for a change that did not happen, and a mail server that is down or slow cannot
undo or hold up a change that did: the failure is written on the row and `flask mail retry`
(`retry`) tries again. Each send first claims its row with a compare-and-set on its status
in a transaction of its own, so two processes (the web worker that just committed and a
cron-run retry, or two retries) never both send a message, and a row marked sent is never
sent again. A claim left by a process that died mid-send expires after CLAIM_EXPIRES_AFTER.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import mailer, notifications
from .extensions import db
from .models import MessageKind, MessageStatus, OutgoingMessage, RecordsRequest, utcnow

log = logging.getLogger("records_app.mail")

NOTED_IDS = "outbox_message_ids"
# Far longer than any SMTP exchange with MAIL_TIMEOUT, so a live sender is never overtaken.
CLAIM_EXPIRES_AFTER = timedelta(minutes=15)


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
        db.session.add(OutgoingMessage(request_id=records_request.id, kind=kind))


def messages_for(records_request: RecordsRequest) -> list[OutgoingMessage]:
    return list(
        db.session.scalars(
            sa.select(OutgoingMessage)
            .where(OutgoingMessage.request_id == records_request.id)
            .order_by(OutgoingMessage.id)
        )
    )


def waiting_count() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(OutgoingMessage).where(_claimable(utcnow()))
    )


def retry() -> list[MessageOutcome]:
    """Tries every message not sent yet: waiting, failed fewer than MAIL_MAX_ATTEMPTS times,
    or claimed by a sender that stopped; safe to run from cron beside the web workers."""
    with Session(db.engine) as session:
        message_ids = session.scalars(
            sa.select(OutgoingMessage.id).where(_claimable(utcnow())).order_by(OutgoingMessage.id)
        ).all()
    return deliver_all(message_ids)


def deliver_all(message_ids: list[int]) -> list[MessageOutcome]:
    """Delivers the messages this process manages to claim; the others are skipped."""
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
        OutgoingMessage.status.in_([MessageStatus.PENDING, MessageStatus.FAILED]),
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


# ---- delivery after the commit ----------------------------------------------------------


def register(app: Flask) -> None:
    """Hooks Flask-SQLAlchemy's sessions once, whichever app is created first: the handlers
    read the app from the context the commit runs in."""
    hooks = (
        ("after_flush", _note_new_messages),
        ("after_commit", _deliver_noted),
        ("after_soft_rollback", _forget_noted),
    )
    for name, handler in hooks:
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)


def _note_new_messages(session, _flush_context) -> None:
    new_ids = [row.id for row in session.new if isinstance(row, OutgoingMessage)]
    if new_ids:
        session.info.setdefault(NOTED_IDS, []).extend(new_ids)


def _deliver_noted(session) -> None:
    """After the outermost commit only: a released savepoint is not yet committed."""
    if session.in_nested_transaction():
        return
    message_ids = session.info.pop(NOTED_IDS, None)
    if not message_ids:
        return
    try:
        deliver_all(message_ids)
    except Exception as error:  # the change is committed whatever happens here
        log.error(
            "e-mail delivery after commit stopped (%s); `flask mail retry` will send "
            "message_ids=%s",
            type(error).__name__,
            message_ids,
        )


def _forget_noted(session, _previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(NOTED_IDS, None)
