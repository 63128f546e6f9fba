"""The requester's language on each request ('en' or 'es'), so that letters and e-mails
written later follow the language the requester chose. Existing requests were all made in
English. The languages are listed here rather than imported: a migration keeps the schema
it was written for. Read by hand.

Revision ID: e7b4c1d9a2f3
Revises: e7b2d4f6a8c1
Create Date: 2026-12-06 13:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e7b4c1d9a2f3'
down_revision = 'e7b2d4f6a8c1'
branch_labels = None
depends_on = None

LANGUAGES = ('en', 'es')


def upgrade():
    listed = ", ".join(f"'{code}'" for code in LANGUAGES)
    with op.batch_alter_table('records_request', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=8), server_default='en', nullable=False)
        )
        batch_op.create_check_constraint(
            op.f('ck_records_request_language_offered'), f"language IN ({listed})"
        )


def downgrade():
    with op.batch_alter_table('records_request', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_records_request_language_offered'), type_='check')
        batch_op.drop_column('language')
