"""identity_document.verified_at / verified_by_id: the approval whose identity check a
document supported, kept after the retention purge removes the bytes. Read by hand.

Revision ID: 3f6a2d8c1b47
Revises: 036c318d635c
Create Date: 2026-11-25 22:55:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3f6a2d8c1b47"
down_revision = "036c318d635c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("identity_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("verified_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_identity_document_verified_by_id_staff_user"),
            "staff_user",
            ["verified_by_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("identity_document", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_identity_document_verified_by_id_staff_user"), type_="foreignkey"
        )
        batch_op.drop_column("verified_by_id")
        batch_op.drop_column("verified_at")
