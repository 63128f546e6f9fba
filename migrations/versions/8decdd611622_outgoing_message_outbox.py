"""outgoing_message: the outbox of e-mails to requesters, written with the status change
they report and sent after its commit (records_app/outbox.py). No address is stored: it is
read from the request at send time. Read by hand.

Revision ID: 8decdd611622
Revises: 6b2e9d4f7a10
Create Date: 2026-11-25 22:38:27.566841

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8decdd611622"
down_revision = "6b2e9d4f7a10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outgoing_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "received",
                "needs_info",
                "approved",
                "denied",
                "fulfilled",
                "extended",
                "withdrawn",
                name="message_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                "gave_up",
                "logged",
                name="message_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(status = 'sent') = (sent_at IS NOT NULL)",
            name=op.f("ck_outgoing_message_sent_at_iff_sent"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_request.id"],
            name=op.f("fk_outgoing_message_request_id_records_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_message")),
    )
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outgoing_message_request_id"), ["request_id"], unique=False
        )
        batch_op.create_index("ix_outgoing_message_unsent", ["status", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_message_unsent")
        batch_op.drop_index(batch_op.f("ix_outgoing_message_request_id"))

    op.drop_table("outgoing_message")
