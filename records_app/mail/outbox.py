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

The staff's morning digest takes the same path, addressed to an account instead of a
request (`records_app.reminders` queues it and says what it holds); `flask mail send`
leaves it to `flask digest send`.
"""

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app

from records_app import practice
from records_app.crypto.keyring import lookup
from records_app.documents import storage
from records_app.documents.retention import released_files_kept_until
from records_app.extensions import db
from records_app.mail import compose, smtp
from records_app.mail.compose import Recipient
from records_app.models import (
    DownloadCode,
    MessageKind,
    MessageStatus,
    OutgoingMessage,
    RecipientKind,
    RecordsRequest,
    StaffUser,
    ThirdPartyLink,
    utcnow,
)

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
    request_id: int | None
    kind: MessageKind
    attempts: int
    recipient: Recipient | None
    # What a message carries beyond the request (a download code, a third party's link),
    # read when it is claimed; and the link whose token is forgotten once it is sent.
    carried: dict = field(default_factory=dict)
    link_id: int | None = None
    # The released files an unencrypted e-mail carries, read and checked when it is
    # claimed (at most RELEASE_EMAIL_ATTACHMENT_MB); None when one failed its check.
    attachments: tuple[compose.Attachment, ...] | None = ()
    # Its address was sent MAIL_PER_ADDRESS_PER_DAY messages in the last day already.
    held_back: bool = False


@dataclass(frozen=True)
class MessageOutcome:
    """What became of one message; ids and kinds only, so it can be printed and logged."""

    message_id: int
    request_id: int | None
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
    address = compose.address_of(records_request, kind)
    if address is not None:
        db.session.add(
            OutgoingMessage(
                request_id=records_request.id,
                kind=kind,
                address_lookup=lookup("email", address),
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


def waiting(*, digests: bool = False) -> list[int]:
    """The messages to requesters (or, with `digests`, the staff's digests) to try now,
    oldest first: waiting, failed fewer than MAIL_MAX_ATTEMPTS times and not in the last
    RETRY_FAILED_AFTER, or claimed by a sender that stopped."""
    addressed = (
        OutgoingMessage.staff_user_id.is_not(None)
        if digests
        else OutgoingMessage.request_id.is_not(None)
    )
    return list(
        db.session.scalars(
            sa.select(OutgoingMessage.id)
            .where(addressed, _claimable(utcnow()))
            .order_by(OutgoingMessage.id)
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
    if message.request_id is None:
        return Claim(message.id, None, message.kind, message.attempts, _staff_recipient(message))
    records_request = db.session.get(RecordsRequest, message.request_id)
    link = _link_to_send(message)
    sent_lately = _sent_lately(message.address_lookup, now)
    return Claim(
        message.id,
        message.request_id,
        message.kind,
        message.attempts,
        compose.recipient_of(records_request, message.kind),
        _carried(message, records_request, link),
        link.id if link else None,
        _attachments(message, records_request),
        held_back=sent_lately >= current_app.config["MAIL_PER_ADDRESS_PER_DAY"],
    )


def _attachments(
    message: OutgoingMessage, records_request: RecordsRequest
) -> tuple[compose.Attachment, ...] | None:
    if message.kind is not MessageKind.RECORDS_ATTACHED:
        return ()
    attached = []
    for released in records_request.released_files_held:
        try:
            content = b"".join(storage.read_chunks(released.stored_file))
        except storage.StoredFileDamaged:
            return None
        if hashlib.sha256(content).hexdigest() != released.sha256:
            return None
        attached.append(compose.Attachment(released.filename, released.content_type, content))
    return tuple(attached)


def _has_files_online(records_request: RecordsRequest) -> bool:
    """Released files the requester downloads from the status page (not a third party's
    copy, which goes by its own link)."""
    return records_request.recipient_kind == RecipientKind.PATIENT and bool(
        records_request.released_files_held
    )


def _link_to_send(message: OutgoingMessage) -> ThirdPartyLink | None:
    if message.kind is not MessageKind.RECORDS_LINK:
        return None
    return db.session.scalar(
        sa.select(ThirdPartyLink)
        .where(
            ThirdPartyLink.request_id == message.request_id,
            ThirdPartyLink.token_for_mail.is_not(None),
        )
        .order_by(ThirdPartyLink.id.desc())
        .limit(1)
    )


def _carried(
    message: OutgoingMessage, records_request: RecordsRequest, link: ThirdPartyLink | None
) -> dict:
    if message.kind is MessageKind.FULFILLED and _has_files_online(records_request):
        days_kept = current_app.config["RELEASE_DAYS_KEPT"]
        return {"download_until": released_files_kept_until(records_request.closed_at, days_kept)}
    if message.kind is MessageKind.TRACKING_CODE:
        return {"tracking_code": records_request.tracking_code}
    if message.kind is MessageKind.DOWNLOAD_CODE:
        code = db.session.scalar(
            sa.select(DownloadCode.code).where(DownloadCode.request_id == message.request_id)
        )
        return {"download_code": code}
    if link is not None:
        return {
            "link_url": practice.public_url("public.records_link", t=link.token_for_mail),
            "link_expires_on": link.expires_at,
        }
    return {}


def _staff_recipient(message: OutgoingMessage) -> Recipient | None:
    """A digest goes to the account's address, while it is active and still wants it."""
    staff = db.session.get(StaffUser, message.staff_user_id)
    return Recipient(staff.email, None) if staff.active and staff.wants_digest else None


@dataclass(frozen=True)
class Sent:
    status: MessageStatus
    reason: str | None = None


def send(
    claimed: Claim,
    config: Mapping,
    written_by: Callable[[Claim], EmailMessage] | None = None,
) -> Sent:
    """Talks to the mail server, or with e-mail off writes the message to the log instead;
    touches no database. The message is a requester's (`compose`) unless `written_by`
    writes it (the digest). A message over its address's limit is held back, never sent: the
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
        no_address = "The request has no address." if claimed.request_id else "No one to send to."
        return Sent(MessageStatus.GAVE_UP, no_address)
    if claimed.attachments is None:
        return Sent(MessageStatus.GAVE_UP, "A released file failed its integrity check.")
    if written_by is None:
        message = compose.compose(
            claimed.kind,
            claimed.recipient,
            config,
            attachments=claimed.attachments,
            **claimed.carried,
        )
    else:
        message = written_by(claimed)
    try:
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
    if claimed.link_id is not None and sent.status is not MessageStatus.FAILED:
        # Sent, or never to be: from now on only the token's hash is kept.
        db.session.execute(
            sa.update(ThirdPartyLink)
            .where(ThirdPartyLink.id == claimed.link_id)
            .values(token_for_mail=None)
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
