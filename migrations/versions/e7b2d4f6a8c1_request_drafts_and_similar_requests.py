"""Request drafts: the answers of the step-by-step request form kept, sealed, between the
steps until it is sent, and purged once expired. And a request's link to an open request it
nearly repeats, flagged for staff. No CHECK constraint is touched. Read by hand.

Revision ID: e7b2d4f6a8c1
Revises: d6a9b3e5f7c2
Create Date: 2026-12-06 13:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e7b2d4f6a8c1'
down_revision = 'd6a9b3e5f7c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'request_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_lookup', sa.String(length=64), nullable=False),
        sa.Column('contents', sa.LargeBinary(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_request_draft')),
        sa.UniqueConstraint('token_lookup', name=op.f('uq_request_draft_token_lookup')),
    )
    with op.batch_alter_table('request_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_draft_expires_at'), ['expires_at'], unique=False)
    with op.batch_alter_table('records_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('similar_to_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_records_request_similar_to_id_records_request'),
            'records_request', ['similar_to_id'], ['id'],
        )


def downgrade():
    with op.batch_alter_table('records_request', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_records_request_similar_to_id_records_request'), type_='foreignkey'
        )
        batch_op.drop_column('similar_to_id')
    with op.batch_alter_table('request_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_draft_expires_at'))
    op.drop_table('request_draft')
