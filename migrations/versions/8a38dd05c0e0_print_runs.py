"""print_run, and letter.print_run_id and letter.mailed_at: the day's postal letters printed
together with their address labels, and when each letter went out. Generated, then read by
hand.

Revision ID: 8a38dd05c0e0
Revises: f2be225ed620
Create Date: 2026-12-06 10:54:24.298015

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "8a38dd05c0e0"
down_revision = "f2be225ed620"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "print_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("mailed_at", sa.DateTime(), nullable=True),
        sa.Column("mailed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(mailed_at IS NULL) = (mailed_by_id IS NULL)",
            name=op.f("ck_print_run_mailed_by_iff_mailed"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["staff_user.id"], name=op.f("fk_print_run_created_by_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["mailed_by_id"], ["staff_user.id"], name=op.f("fk_print_run_mailed_by_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_run")),
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("print_run_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("mailed_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_letter_print_run_id"), ["print_run_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_letter_print_run_id_print_run"), "print_run", ["print_run_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_letter_print_run_id_print_run"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_letter_print_run_id"))
        batch_op.drop_column("mailed_at")
        batch_op.drop_column("print_run_id")

    op.drop_table("print_run")
