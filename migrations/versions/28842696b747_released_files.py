"""stored_file and stored_file_chunk (large files as sealed chunks) and released_file (the
manifest of the records attached for release). Generated, then read by hand.

Revision ID: 28842696b747
Revises: a1f6d3e8b5c7
Create Date: 2026-12-06 10:39:53.343791

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "28842696b747"
down_revision = "a1f6d3e8b5c7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("chunk_bytes", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_file")),
    )
    op.create_table(
        "stored_file_chunk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_stored_file_chunk_file_id_stored_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_file_chunk")),
        sa.UniqueConstraint("file_id", "position", name="uq_stored_file_chunk"),
    )
    op.create_table(
        "released_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_sha256", sa.String(length=64), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("stamped", sa.Boolean(), nullable=False),
        sa.Column("attached_at", sa.DateTime(), nullable=False),
        sa.Column("attached_by_id", sa.Integer(), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["attached_by_id"],
            ["staff_user.id"],
            name=op.f("fk_released_file_attached_by_id_staff_user"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_request.id"],
            name=op.f("fk_released_file_request_id_records_request"),
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_file.id"],
            name=op.f("fk_released_file_stored_file_id_stored_file"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_released_file")),
        sa.UniqueConstraint("request_id", "uploaded_sha256", name="uq_released_file_once"),
    )
    with op.batch_alter_table("released_file", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_released_file_request_id"), ["request_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("released_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_released_file_request_id"))

    op.drop_table("released_file")
    op.drop_table("stored_file_chunk")
    op.drop_table("stored_file")
