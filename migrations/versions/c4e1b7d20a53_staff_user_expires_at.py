"""staff_user.expires_at for break-glass accounts

Emergency access accounts (45 CFR 164.312(a)(2)(ii)) stop working at this time; NULL for
ordinary accounts, which do not expire.

Revision ID: c4e1b7d20a53
Revises: a28ce79936bc
Create Date: 2026-11-25 20:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4e1b7d20a53"
down_revision = "a28ce79936bc"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
