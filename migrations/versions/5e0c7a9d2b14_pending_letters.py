"""pending letters: a letter's content and sha256 may be NULL until it is written after the
response (records_app/letters/storage.py), both or neither; a partial index finds the pending
ones for `flask letters write`. Written by hand.

Revision ID: 5e0c7a9d2b14
Revises: 936543b77619
Create Date: 2026-12-01 22:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e0c7a9d2b14"
down_revision = "936543b77619"
branch_labels = None
depends_on = None

PENDING = sa.text("sha256 IS NULL")


def upgrade():
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
        batch_op.create_check_constraint(
            op.f("ck_letter_written_whole"), "(content IS NULL) = (sha256 IS NULL)"
        )
        batch_op.create_index(
            "ix_letter_pending",
            ["id"],
            unique=False,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )


def downgrade():
    # The previous release cannot hold a letter without its bytes, nor write one later.
    pending = op.get_bind().scalar(sa.text("SELECT count(*) FROM letter WHERE sha256 IS NULL"))
    if pending:
        raise RuntimeError(
            f"{pending} letters are still pending: run `flask letters write`, then downgrade."
        )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index("ix_letter_pending")
        batch_op.drop_constraint(op.f("ck_letter_written_whole"), type_="check")
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
