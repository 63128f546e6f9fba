"""Status 'spam': what a program sent through the public form, closed by staff with no
letter and no e-mail; a zero count row for it, since the lifecycle only ever updates count
rows; and message status 'cancelled' for the e-mail its receipt queued, never sent. The
statuses are listed here rather than imported: a migration keeps the schema it was written
for. Read by hand.

Revision ID: d6a9b3e5f7c2
Revises: c5f8a2d4e6b1
Create Date: 2026-12-06 12:05:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd6a9b3e5f7c2'
down_revision = 'c5f8a2d4e6b1'
branch_labels = None
depends_on = None

OLD_STATUSES = ('submitted', 'in_review', 'needs_info', 'approved', 'fulfilled', 'denied', 'withdrawn', 'denial_review', 'no_records', 'withheld_review')
NEW_STATUSES = OLD_STATUSES + ('spam',)
OLD_MESSAGE_STATUSES = ('pending', 'sending', 'sent', 'failed', 'gave_up', 'logged', 'held_back')
NEW_MESSAGE_STATUSES = OLD_MESSAGE_STATUSES + ('cancelled',)


def _one_of(column, values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def _replace_check(table, name, rule):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'ck_{table}_{name}'), type_='check')
        batch_op.create_check_constraint(op.f(f'ck_{table}_{name}'), rule)


def _replace_checks(statuses, message_statuses):
    _replace_check('records_request', 'status', _one_of('status', statuses))
    _replace_check('request_event', 'from_status', _one_of('from_status', statuses))
    _replace_check('request_event', 'to_status', _one_of('to_status', statuses))
    _replace_check('request_status_count', 'status', _one_of('status', statuses))
    _replace_check('outgoing_message', 'message_status', _one_of('status', message_statuses))


def upgrade():
    _replace_checks(NEW_STATUSES, NEW_MESSAGE_STATUSES)
    op.execute("INSERT INTO request_status_count (status, count) VALUES ('spam', 0)")


def downgrade():
    op.execute("DELETE FROM request_status_count WHERE status = 'spam'")
    _replace_checks(OLD_STATUSES, OLD_MESSAGE_STATUSES)
