"""A limit on e-mails to one address: each message keeps the keyed hash of the address it
goes to (never the address), indexed with when it was sent, and a new status 'held_back' marks one
over the limit, kept but never sent. Messages queued before have no hash and are not
counted. The statuses are listed here rather than imported: a migration keeps the schema it
was written for. Read by hand.

Revision ID: c5f8a2d4e6b1
Revises: b3e7c1d9f2a4
Create Date: 2026-12-06 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c5f8a2d4e6b1'
down_revision = 'b3e7c1d9f2a4'
branch_labels = None
depends_on = None

OLD_MESSAGE_STATUSES = ('pending', 'sending', 'sent', 'failed', 'gave_up', 'logged')
NEW_MESSAGE_STATUSES = OLD_MESSAGE_STATUSES + ('held_back',)


def _replace_status_check(batch_op, statuses):
    listed = ", ".join(f"'{status}'" for status in statuses)
    batch_op.drop_constraint(op.f('ck_outgoing_message_message_status'), type_='check')
    batch_op.create_check_constraint(op.f('ck_outgoing_message_message_status'), f"status IN ({listed})")


def upgrade():
    with op.batch_alter_table('outgoing_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address_lookup', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_outgoing_message_address_recent', ['address_lookup', 'claimed_at'], unique=False)
        _replace_status_check(batch_op, NEW_MESSAGE_STATUSES)


def downgrade():
    with op.batch_alter_table('outgoing_message', schema=None) as batch_op:
        _replace_status_check(batch_op, OLD_MESSAGE_STATUSES)
        batch_op.drop_index('ix_outgoing_message_address_recent')
        batch_op.drop_column('address_lookup')
