"""The picture of the desk's work that needs attention: for each kind, how many requests
and the first of their tracking codes, in deadline order. Tracking codes and counts only,
never a patient's details, so that it can go by e-mail and into a cron log. Each kind is the
rule's own SQL twin (`lifecycle`, `fees`), never a copy of it."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app

from records_app import fees, lifecycle
from records_app.extensions import db
from records_app.models import OPEN_STATUSES, RecordsRequest

# How many tracking codes a kind lists; the count says how many there are in all.
LISTED_CODES = 20


@dataclass(frozen=True)
class Group:
    title: str
    count: int
    tracking_codes: list[str]

    @property
    def unlisted(self) -> int:
        return self.count - len(self.tracking_codes)


@dataclass(frozen=True)
class DeskPicture:
    on: date
    groups: tuple[Group, ...]

    @property
    def needs_attention(self) -> bool:
        return any(group.count for group in self.groups)

    def count_of(self, title: str) -> int:
        return next(group.count for group in self.groups if group.title == title)

    def as_text(self) -> str:
        """The picture as the digest and the sweep print it, rendered without a request."""
        template = current_app.jinja_env.get_template("mail/desk_picture.txt")
        return template.render(picture=self)


OVERDUE = "Overdue"
DUE_SOON = f"Due within {lifecycle.DUE_SOON_DAYS} days"
WAITING = f"Waiting for information for more than {lifecycle.WAITING_TOO_LONG_DAYS} days"
UNASSIGNED = "Open and assigned to nobody"
QUOTES = "Quotes waiting for the requester's answer"


def desk_picture(today: date) -> DeskPicture:
    conditions = {
        OVERDUE: lifecycle.overdue_condition(today),
        DUE_SOON: lifecycle.due_soon_condition(today),
        WAITING: lifecycle.waiting_longer_than(lifecycle.WAITING_TOO_LONG_DAYS),
        UNASSIGNED: sa.and_(
            RecordsRequest.status.in_(OPEN_STATUSES), RecordsRequest.assigned_to_id.is_(None)
        ),
        QUOTES: sa.and_(RecordsRequest.status.in_(OPEN_STATUSES), fees.awaits_answer_condition()),
    }
    return DeskPicture(
        today, tuple(_group(title, condition) for title, condition in conditions.items())
    )


def _group(title: str, condition) -> Group:
    count = db.session.scalar(sa.select(sa.func.count()).where(condition))
    codes = db.session.scalars(
        sa.select(RecordsRequest.tracking_code)
        .where(condition)
        .order_by(RecordsRequest.due_at, RecordsRequest.id)
        .limit(LISTED_CODES)
    )
    return Group(title, count, list(codes))
