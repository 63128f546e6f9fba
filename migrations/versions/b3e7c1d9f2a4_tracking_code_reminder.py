"""A new e-mail kind: the tracking code sent again to the request's own address when the
requester has lost it ("Forgot your tracking code?"). The kinds are listed here rather than
imported: a migration keeps the schema it was written for. Read by hand.

Revision ID: b3e7c1d9f2a4
Revises: 782d2d89564d
Create Date: 2026-12-06 11:50:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3e7c1d9f2a4'
down_revision = '782d2d89564d'
branch_labels = None
depends_on = None

OLD_MESSAGE_KINDS = (
    'received', 'needs_info', 'approved', 'denied', 'fulfilled', 'extended', 'withdrawn',
    'fee_quoted', 'payment_received', 'fee_waived', 'no_records', 'review_decided',
    'review_withdrawn', 'reopened', 'download_code', 'records_link', 'records_attached',
    'closed_unanswered', 'digest',
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ('tracking_code',)


def _replace_message_kind_check(kinds):
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table('outgoing_message', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outgoing_message_message_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outgoing_message_message_kind'), f"kind IN ({listed})")


def upgrade():
    _replace_message_kind_check(NEW_MESSAGE_KINDS)


def downgrade():
    _replace_message_kind_check(OLD_MESSAGE_KINDS)
