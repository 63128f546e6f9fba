"""What every table shares: timestamps that are timezone-aware UTC on both databases, and
stored choices that are StrEnums, so that code, templates and the schema's CHECK constraints
share one spelling."""

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

# Ids are INTEGER columns: PostgreSQL's hold at most this (SQLite's more). No row has a larger
# id, and PostgreSQL refuses to compare one with an INTEGER column rather than finding
# nothing, so ids from outside (URLs, query strings, forms) are checked against it first.
MAX_ID = 2**31 - 1


def row_id(text: str | int) -> int:
    """An id given from outside as a whole number from 1 to MAX_ID; ValueError for anything
    else, so that it can be a `type=` for `request.args.get`."""
    if isinstance(text, str) and not (text.isascii() and text.isdigit()):
        raise ValueError("not an id")
    number = int(text)
    if not 1 <= number <= MAX_ID:
        raise ValueError("not an id")
    return number


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
