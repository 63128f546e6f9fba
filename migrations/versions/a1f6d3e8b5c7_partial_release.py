"""Partial release (45 CFR 164.524(d)(1)): a release may withhold a part, kept with its basis
and its explanation (sealed, so stored as bytes); status 'withheld_review' is that part under
review, the rest staying released, so fulfilled_at is set in it too. A new letter kind tells
the requester when the records went to a third party. A zero count row is added for the new
status. The kinds and statuses are listed here rather than imported: a migration keeps the
schema it was written for. Read by hand.

Revision ID: a1f6d3e8b5c7
Revises: 9e5a3c7d1f42
Create Date: 2026-12-06 11:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a1f6d3e8b5c7"
down_revision = "9e5a3c7d1f42"
branch_labels = None
depends_on = None

OLD_STATUSES = (
    "submitted",
    "in_review",
    "needs_info",
    "approved",
    "fulfilled",
    "denied",
    "withdrawn",
    "denial_review",
    "no_records",
)
NEW_STATUSES = OLD_STATUSES + ("withheld_review",)
OLD_LETTER_KINDS = (
    "acknowledgement",
    "authorization",
    "extension_notice",
    "information_request",
    "denial",
    "cover_letter",
    "fee_quote",
    "invoice",
    "receipt",
    "no_records",
    "review_decision",
    "reopened",
)
NEW_LETTER_KINDS = OLD_LETTER_KINDS + ("withheld_notice",)
OLD_FULFILLED_RULE = "(status = 'fulfilled') = (fulfilled_at IS NOT NULL)"
NEW_FULFILLED_RULE = "(status IN ('fulfilled', 'withheld_review')) = (fulfilled_at IS NOT NULL)"
WITHHELD_RULE = "(withheld_basis IS NULL) = (withheld_description IS NULL)"


def _one_of(column, values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def _replace_check(table, name, rule):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), rule)


def _replace_checks(statuses, letter_kinds, fulfilled_rule):
    _replace_check("records_request", "status", _one_of("status", statuses))
    _replace_check("records_request", "fulfilled_at_iff_fulfilled", fulfilled_rule)
    _replace_check("request_event", "from_status", _one_of("from_status", statuses))
    _replace_check("request_event", "to_status", _one_of("to_status", statuses))
    _replace_check("request_status_count", "status", _one_of("status", statuses))
    _replace_check("letter", "letter_kind", _one_of("kind", letter_kinds))


def upgrade():
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withheld_description", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("withheld_basis", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("withheld_explanation", sa.LargeBinary(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_records_request_withheld_part_has_its_basis"), WITHHELD_RULE
        )
    _replace_checks(NEW_STATUSES, NEW_LETTER_KINDS, NEW_FULFILLED_RULE)
    op.execute("INSERT INTO request_status_count (status, count) VALUES ('withheld_review', 0)")


def downgrade():
    op.execute("DELETE FROM request_status_count WHERE status = 'withheld_review'")
    _replace_checks(OLD_STATUSES, OLD_LETTER_KINDS, OLD_FULFILLED_RULE)
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_records_request_withheld_part_has_its_basis"), type_="check"
        )
        batch_op.drop_column("withheld_explanation")
        batch_op.drop_column("withheld_basis")
        batch_op.drop_column("withheld_description")
