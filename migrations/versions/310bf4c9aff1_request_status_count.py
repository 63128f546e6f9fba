"""request_status_count: the number of requests in each status, one row per status, so that
the queue page reads eight rows instead of counting every open request. Filled here from the
existing requests, a zero row included for every status nobody is in, since the lifecycle only
ever updates rows. The statuses are listed here rather than imported: a migration keeps the
schema it was written for. Read by hand.

Revision ID: 310bf4c9aff1
Revises: 5e0c7a9d2b14
Create Date: 2026-12-01 22:13:38.790306

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "310bf4c9aff1"
down_revision = "5e0c7a9d2b14"
branch_labels = None
depends_on = None

STATUSES = (
    "submitted",
    "in_review",
    "needs_info",
    "approved",
    "fulfilled",
    "denied",
    "withdrawn",
    "denial_review",
)
COUNT_ONE_STATUS = sa.text(
    "INSERT INTO request_status_count (status, count) "
    "SELECT :status, count(*) FROM records_request WHERE status = :status"
)


def upgrade():
    op.create_table(
        "request_status_count",
        sa.Column(
            "status",
            sa.Enum(*STATUSES, name="status", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status", name=op.f("pk_request_status_count")),
    )
    for status in STATUSES:
        op.execute(COUNT_ONE_STATUS.bindparams(status=status))


def downgrade():
    op.drop_table("request_status_count")
