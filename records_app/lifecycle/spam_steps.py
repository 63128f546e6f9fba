"""Marking requests as spam: what a program sent through the public form is closed, with no
letter and no e-mail, in one action for many. Each request goes through the compare-and-set
like any step and leaves its event (who marked it, when); the e-mail its receipt queued and
not yet sent is cancelled. The caller commits, and audits."""

from dataclasses import dataclass

import sqlalchemy as sa

from records_app.extensions import db
from records_app.lifecycle.errors import LifecycleError
from records_app.lifecycle.rules import Action
from records_app.lifecycle.transition import apply
from records_app.models import MessageStatus, OutgoingMessage, RecordsRequest, StaffUser

SPAM_REASON = "Marked as spam"


def mark_spam(request: RecordsRequest, actor: StaffUser, expected_version: int) -> None:
    apply(request, Action.MARK_SPAM, actor, expected_version, reason=SPAM_REASON)
    db.session.execute(
        sa.update(OutgoingMessage)
        .where(
            OutgoingMessage.request_id == request.id,
            OutgoingMessage.status.in_((MessageStatus.PENDING, MessageStatus.FAILED)),
        )
        .values(status=MessageStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class SpamMarking:
    """What one bulk marking did: the requests marked, and those left as they were because
    they changed since the queue was shown or are no longer new."""

    marked: list[RecordsRequest]
    left: list[RecordsRequest]


def mark_many_as_spam(seen: list[tuple[RecordsRequest, int]], actor: StaffUser) -> SpamMarking:
    """Each request at the version staff saw in the queue; one that changed since, or is
    not new any more, is left alone and named, never marked unseen."""
    marked, left = [], []
    for request, seen_version in seen:
        # A refused step writes nothing (`transition.apply` checks, then writes), so the
        # others go on in the same transaction.
        try:
            mark_spam(request, actor, seen_version)
        except LifecycleError:
            left.append(request)
        else:
            marked.append(request)
    return SpamMarking(marked, left)
