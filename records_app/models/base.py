"""What every table shares: timestamps that are timezone-aware UTC on both databases, and
stored choices that are StrEnums, so that code, templates and the schema's CHECK constraints
share one spelling."""

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both databases: SQLite keeps no offset, so the
    value is stored as naive UTC and handed back with UTC attached."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class LabelledChoice(StrEnum):
    """A stored choice written beside the words staff read for it:
    `SUBMITTED = "submitted", "Received"` stores "submitted" and shows "Received"."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def enum_column(enum_class: type[StrEnum], name: str) -> sa.Enum:
    """A choice stored as its string value, checked by a CHECK constraint on both databases."""
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
