"""download_code: the one-time code a requester confirms before downloading released
records, and its e-mail, so the CHECK constraint of outgoing_message.kind lists it. The
kinds are listed here rather than imported: a migration keeps the schema it was written for.

Revision ID: 5c1d2e3f4a50
Revises: 28842696b747
Create Date: 2026-12-06 10:50:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "5c1d2e3f4a50"
down_revision = "28842696b747"
branch_labels = None
depends_on = None

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
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ("download_code",)


def upgrade():
    op.create_table(
        "download_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.LargeBinary(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_request.id"],
            name=op.f("fk_download_code_request_id_records_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_download_code")),
        sa.UniqueConstraint("request_id", name=op.f("uq_download_code_request_id")),
    )
    _replace_message_kind_check(NEW_MESSAGE_KINDS)


def downgrade():
    _replace_message_kind_check(OLD_MESSAGE_KINDS)
    op.drop_table("download_code")


def _replace_message_kind_check(message_kinds):
    listed = ", ".join(f"'{kind}'" for kind in message_kinds)
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outgoing_message_message_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_outgoing_message_message_kind"), f"kind IN ({listed})"
        )
