"""Ordinary (unencrypted) e-mail as a way to get the records: records_request.delivery's
CHECK constraint lists it, and outgoing_message.kind's lists the e-mail carrying the
released files. The values are listed here rather than imported: a migration keeps the
schema it was written for.

Revision ID: 9e4f5a6b7c82
Revises: 7d2e3f4a5b61
Create Date: 2026-12-06 11:10:00.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "9e4f5a6b7c82"
down_revision = "7d2e3f4a5b61"
branch_labels = None
depends_on = None

OLD_DELIVERIES = ("mail", "pickup", "secure_email")
NEW_DELIVERIES = OLD_DELIVERIES + ("unencrypted_email",)
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
    "reopened",
    "download_code",
    "records_link",
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ("records_attached",)


def upgrade():
    _replace_checks(NEW_DELIVERIES, NEW_MESSAGE_KINDS)


def downgrade():
    _replace_checks(OLD_DELIVERIES, OLD_MESSAGE_KINDS)


def _one_of(column, values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def _replace_checks(deliveries, message_kinds):
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_records_request_delivery"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_records_request_delivery"), _one_of("delivery", deliveries)
        )
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outgoing_message_message_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_outgoing_message_message_kind"), _one_of("kind", message_kinds)
        )
