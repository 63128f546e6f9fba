"""identity documents: identity_document (what was sent) and identity_document_content
(its bytes, in their own table so that the retention purge deletes them alone and the
metadata row stays as the record that the document existed). Read by hand.

Revision ID: 036c318d635c
Revises: 8ab020b5b1f7
Create Date: 2026-11-25 21:47:43.931534

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "036c318d635c"
down_revision = "8ab020b5b1f7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "identity_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "photo_id",
                "proof_of_authority",
                name="document_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_request.id"],
            name=op.f("fk_identity_document_request_id_records_request"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["staff_user.id"],
            name=op.f("fk_identity_document_uploaded_by_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_document")),
    )
    with op.batch_alter_table("identity_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_identity_document_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "identity_document_content",
        sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["identity_document.id"],
            name=op.f("fk_identity_document_content_document_id_identity_document"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_identity_document_content")),
    )


def downgrade():
    op.drop_table("identity_document_content")
    with op.batch_alter_table("identity_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_document_request_id"))

    op.drop_table("identity_document")
