"""The morning digest: one e-mail a day to each active staff member who has not turned it
off, with the desk's picture (counts and tracking codes, a link to the queue, never a
patient's details). It goes through the outbox like a requester's e-mail: queued as a row
addressed to the account, claimed, sent and recorded by `flask digest send`."""

from collections.abc import Mapping
from datetime import date
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from records_app import practice
from records_app.extensions import db
from records_app.formatting import long_date
from records_app.mail.compose import Recipient, envelope
from records_app.models import MessageKind, OutgoingMessage, StaffUser, utcnow
from records_app.reminders.picture import DeskPicture


def queue_digests(today: date) -> int:
    """Adds today's digest for each active staff member who wants it and has none yet, and
    says how many. Each row goes in under a savepoint: of two runs at once (two hosts), the
    second meets the one-digest-a-day constraint and skips that person."""
    staff_ids = db.session.scalars(
        sa.select(StaffUser.id)
        .where(
            StaffUser.active,
            StaffUser.wants_digest,
            # A break-glass account stops working at its expiry; it gets no digest after.
            sa.or_(StaffUser.expires_at.is_(None), StaffUser.expires_at > utcnow()),
            ~sa.exists().where(
                OutgoingMessage.staff_user_id == StaffUser.id,
                OutgoingMessage.digest_on == today,
            ),
        )
        .order_by(StaffUser.id)
    ).all()
    queued = 0
    for staff_id in staff_ids:
        try:
            with db.session.begin_nested():
                db.session.add(
                    OutgoingMessage(
                        staff_user_id=staff_id, digest_on=today, kind=MessageKind.DIGEST
                    )
                )
        except IntegrityError:
            continue
        queued += 1
    return queued


def subject_of(picture: DeskPicture) -> str:
    counts = ", ".join(f"{group.count} {group.title.lower()}" for group in picture.groups[:2])
    return f"Records desk, {long_date(picture.on)}: {counts}"


def digest_message(picture: DeskPicture, recipient: Recipient, config: Mapping) -> EmailMessage:
    message = envelope(subject_of(picture), recipient, config)
    body = current_app.jinja_env.get_template("mail/digest.txt")
    message.set_content(
        body.render(
            picture=picture,
            queue_url=practice.public_url("staff.queue"),
            account_url=practice.public_url("auth.digest"),
            practice=practice.details(),
        )
    )
    return message
