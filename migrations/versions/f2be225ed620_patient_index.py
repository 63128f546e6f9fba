"""patient and patient_match: the closed practice's patient index (every detail sealed, the
record number and date of birth with lookup hashes; the date of birth's is a request's, so
that a request's candidates are found by it) and the chart confirmed for a request.
Generated, then read by hand.

Revision ID: f2be225ed620
Revises: e68caa05dae5
Create Date: 2026-12-06 10:47:40.868541

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f2be225ed620"
down_revision = "e68caa05dae5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "patient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_number", sa.LargeBinary(), nullable=False),
        sa.Column("record_number_lookup", sa.String(length=64), nullable=False),
        sa.Column("first_name", sa.LargeBinary(), nullable=False),
        sa.Column("middle_name", sa.LargeBinary(), nullable=True),
        sa.Column("last_name", sa.LargeBinary(), nullable=False),
        sa.Column("former_names", sa.LargeBinary(), nullable=False),
        sa.Column("date_of_birth", sa.LargeBinary(), nullable=False),
        sa.Column("date_of_birth_lookup", sa.String(length=64), nullable=False),
        sa.Column("sex", sa.LargeBinary(), nullable=True),
        sa.Column("first_visit_on", sa.LargeBinary(), nullable=True),
        sa.Column("last_visit_on", sa.LargeBinary(), nullable=True),
        sa.Column("chart_location", sa.LargeBinary(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient")),
        sa.UniqueConstraint("record_number_lookup", name=op.f("uq_patient_record_number_lookup")),
    )
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patient_date_of_birth_lookup"), ["date_of_birth_lookup"], unique=False
        )

    op.create_table(
        "patient_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["staff_user.id"],
            name=op.f("fk_patient_match_confirmed_by_id_staff_user"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_patient_match_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_request.id"],
            name=op.f("fk_patient_match_request_id_records_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_match")),
        sa.UniqueConstraint("request_id", name=op.f("uq_patient_match_request_id")),
    )
    with op.batch_alter_table("patient_match", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patient_match_patient_id"), ["patient_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("patient_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_match_patient_id"))

    op.drop_table("patient_match")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_date_of_birth_lookup"))

    op.drop_table("patient")
