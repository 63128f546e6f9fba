"""The review of a denial has its letter (45 CFR 164.524(a)(4), (d)(4)): the reviewing
professional's role and their decision are kept with the request (the decision sealed, so
stored as bytes); a new letter kind, and e-mails for a review decided and a request for
review withdrawn. The kinds are listed here rather than imported: a migration keeps the
schema it was written for. Read by hand.

Revision ID: 8d4f2b6c9e31
Revises: 7c1e5a9b3d20
Create Date: 2026-12-06 11:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8d4f2b6c9e31"
down_revision = "7c1e5a9b3d20"
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
)
NEW_LETTER_KINDS = OLD_LETTER_KINDS + ("review_decision",)
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
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ("review_decided", "review_withdrawn")


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
        batch_op.add_column(sa.Column("reviewer_role", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("review_decision", sa.LargeBinary(), nullable=True))
    _replace_kind_checks(NEW_LETTER_KINDS, NEW_MESSAGE_KINDS)


def downgrade():
    _replace_kind_checks(OLD_LETTER_KINDS, OLD_MESSAGE_KINDS)
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.drop_column("review_decision")
        batch_op.drop_column("reviewer_role")
