"""letters and canned texts: letter (each PDF letter the app wrote, with its SHA-256 and
bytes) and canned_text (standard wordings admins keep for requests for information and
denials). The default texts are added by `flask canned-texts seed`, not here. Read by hand.

Revision ID: 936543b77619
Revises: 201c1a177b6c
Create Date: 2026-11-25 22:37:30.609086

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "936543b77619"
down_revision = "201c1a177b6c"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "canned_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "use",
            sa.Enum(
                "request_info",
                "denial",
                name="canned_text_use",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_text")),
        sa.UniqueConstraint("use", "title", name="uq_canned_text_use_title"),
    )
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "acknowledgement",
                "authorization",
                "extension_notice",
                "information_request",
                "denial",
                "cover_letter",
                name="letter_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["staff_user.id"], name=op.f("fk_letter_created_by_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_request.id"],
            name=op.f("fk_letter_request_id_records_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_request_id"), ["request_id"], unique=False)


def downgrade():
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_request_id"))

    op.drop_table("letter")
    op.drop_table("canned_text")
