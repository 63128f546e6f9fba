"""A closed request may be re-opened with a reason, which the requester's letter gives (sealed,
so stored as bytes); a new letter kind and a new e-mail kind tell the requester. The kinds
are listed here rather than imported: a migration keeps the schema it was written for. Read
by hand.

Revision ID: 9e5a3c7d1f42
Revises: 8d4f2b6c9e31
Create Date: 2026-12-06 11:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9e5a3c7d1f42"
down_revision = "8d4f2b6c9e31"
branch_labels = None
depends_on = None

OLD_LETTER_KINDS = (
    "acknowledgement",
    "authorization",
    "extension_notice",
    "information_request",
    "denial",
    "cover_letter",
    "fee_quote",
    "invoice",
    "receipt",
    "no_records",
    "review_decision",
)
NEW_LETTER_KINDS = OLD_LETTER_KINDS + ("reopened",)
OLD_MESSAGE_KINDS = (
    "received",
    "needs_info",
    "approved",
    "denied",
    "fulfilled",
    "extended",
    "withdrawn",
    "fee_quoted",
    "payment_received",
    "fee_waived",
    "no_records",
    "review_decided",
    "review_withdrawn",
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ("reopened",)


def _one_of(column, values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def _replace_kind_checks(letter_kinds, message_kinds):
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_letter_letter_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_letter_letter_kind"), _one_of("kind", letter_kinds)
        )
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outgoing_message_message_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_outgoing_message_message_kind"), _one_of("kind", message_kinds)
        )


def upgrade():
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reopen_reason", sa.LargeBinary(), nullable=True))
    _replace_kind_checks(NEW_LETTER_KINDS, NEW_MESSAGE_KINDS)


def downgrade():
    _replace_kind_checks(OLD_LETTER_KINDS, OLD_MESSAGE_KINDS)
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.drop_column("reopen_reason")
