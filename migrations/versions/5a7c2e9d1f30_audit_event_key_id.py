"""audit_event.key_id: the audit key (AUDIT_KEYS) whose HMAC-SHA256 is the row's row_hash

NULL for the rows written before the chain was keyed, whose row_hash stays the plain
SHA-256 it was; they are verified as before, and the first keyed row's MAC covers the last
of them (records_app/audit/trail.py). Read by hand.

Revision ID: 5a7c2e9d1f30
Revises: 9e4f5a6b7c82
Create Date: 2026-12-06 11:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5a7c2e9d1f30"
down_revision = "9e4f5a6b7c82"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("key_id")
