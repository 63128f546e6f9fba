"""audit_event hash chain: prev_hash, row_hash and the audit_chain_head table

Tamper evidence for the audit trail (45 CFR 164.312(b) audit controls, 164.312(c)(1)
integrity). The columns are added nullable, every existing row is hashed in id order, and
only then are they made NOT NULL; the chain head is seeded with the last row's id and hash.

The hash is computed here rather than imported from records_app.audit: a migration keeps
the format it was written for, whatever the application does later.

Revision ID: 8ab020b5b1f7
Revises: d7a3c9e51f20
Create Date: 2026-11-25 21:30:00.000000

"""

import hashlib
import json
from datetime import UTC

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8ab020b5b1f7"
down_revision = "d7a3c9e51f20"
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64

audit_event = sa.table(
    "audit_event",
    sa.column("id", sa.Integer()),
    sa.column("occurred_at", sa.DateTime()),
    sa.column("actor_id", sa.Integer()),
    sa.column("actor_label", sa.String()),
    sa.column("action", sa.String()),
    sa.column("request_id", sa.Integer()),
    sa.column("details", sa.JSON()),
    sa.column("ip_address", sa.String()),
    sa.column("prev_hash", sa.String()),
    sa.column("row_hash", sa.String()),
)


def _row_hash(row, prev_hash: str) -> str:
    content = {
        "id": row.id,
        "occurred_at": row.occurred_at.replace(tzinfo=UTC).isoformat(),
        "actor_id": row.actor_id,
        "actor_label": row.actor_label,
        "action": row.action,
        "request_id": row.request_id,
        "details": row.details,
        "ip_address": row.ip_address,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _hash_existing_rows(connection) -> tuple[int, str]:
    last_id, last_hash = 0, GENESIS_HASH
    rows = connection.execute(sa.select(audit_event).order_by(audit_event.c.id)).all()
    for row in rows:
        row_hash = _row_hash(row, last_hash)
        connection.execute(
            audit_event.update()
            .where(audit_event.c.id == row.id)
            .values(prev_hash=last_hash, row_hash=row_hash)
        )
        last_id, last_hash = row.id, row_hash
    return last_id, last_hash


def upgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))

    last_id, last_hash = _hash_existing_rows(op.get_bind())

    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("row_hash", existing_type=sa.String(length=64), nullable=False)

    chain_head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chain_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.bulk_insert(chain_head, [{"id": 1, "last_id": last_id, "last_hash": last_hash}])


def downgrade():
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
