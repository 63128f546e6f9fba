"""third_party_link: the links to released records e-mailed to a third party, and their
e-mail, so the CHECK constraint of outgoing_message.kind lists it. The kinds are listed here
rather than imported: a migration keeps the schema it was written for.

Revision ID: 7d2e3f4a5b61
Revises: 5c1d2e3f4a50
Create Date: 2026-12-06 10:55:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "7d2e3f4a5b61"
down_revision = "5c1d2e3f4a50"
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
    "download_code",
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ("records_link",)


def upgrade():
    op.create_table(
        "third_party_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token_for_mail", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
            name=op.f("fk_third_party_link_created_by_id_staff_user"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_request.id"],
            name=op.f("fk_third_party_link_request_id_records_request"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["staff_user.id"],
            name=op.f("fk_third_party_link_revoked_by_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_third_party_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_third_party_link_token_hash")),
    )
    with op.batch_alter_table("third_party_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_third_party_link_request_id"), ["request_id"], unique=False
        )
    _replace_message_kind_check(NEW_MESSAGE_KINDS)


def downgrade():
    _replace_message_kind_check(OLD_MESSAGE_KINDS)
    with op.batch_alter_table("third_party_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_third_party_link_request_id"))
    op.drop_table("third_party_link")


def _replace_message_kind_check(message_kinds):
    listed = ", ".join(f"'{kind}'" for kind in message_kinds)
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outgoing_message_message_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_outgoing_message_message_kind"), f"kind IN ({listed})"
        )
