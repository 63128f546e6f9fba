"""status 'no_records': the practice holds no records for the patient, an answer of its own
and not a denial (45 CFR 164.524(d)(3)); what staff searched and the places the requester
is directed to are kept with it (both sealed, so stored as bytes). Its letter and e-mail are
new kinds, and the places are canned texts of a new use. A zero count row is added for the
new status, since the lifecycle only ever updates count rows.

Requests denied on the old "no records" basis before this stay as they were decided and
written to the requester. The kinds and statuses are listed here rather than imported: a
migration keeps the schema it was written for. Read by hand.

Revision ID: 7c1e5a9b3d20
Revises: ce4e7c0e0f5c
Create Date: 2026-12-06 10:55:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c1e5a9b3d20"
down_revision = "ce4e7c0e0f5c"
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
)
NEW_STATUSES = OLD_STATUSES + ("no_records",)
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
)
NEW_LETTER_KINDS = OLD_LETTER_KINDS + ("no_records",)
OLD_MESSAGE_KINDS = (
    "received",
    "needs_info",
    "approved",
    "denied",
    "fulfilled",
    "extended",
    "withdrawn",
    "fee_quoted",
    "payment_received",
    "fee_waived",
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ("no_records",)
OLD_CANNED_TEXT_USES = ("request_info", "denial")
NEW_CANNED_TEXT_USES = OLD_CANNED_TEXT_USES + ("records_elsewhere",)
NO_RECORDS_RULE = "(status = 'no_records') = (no_records_searched IS NOT NULL)"


def _one_of(column, values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def _replace_check(table, name, column, values):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), _one_of(column, values))


def _replace_checks(statuses, letter_kinds, message_kinds, canned_text_uses):
    _replace_check("records_request", "status", "status", statuses)
    _replace_check("request_event", "from_status", "from_status", statuses)
    _replace_check("request_event", "to_status", "to_status", statuses)
    _replace_check("request_status_count", "status", "status", statuses)
    _replace_check("letter", "letter_kind", "kind", letter_kinds)
    _replace_check("outgoing_message", "message_kind", "kind", message_kinds)
    _replace_check("canned_text", "canned_text_use", "use", canned_text_uses)


def upgrade():
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("no_records_searched", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("records_elsewhere", sa.LargeBinary(), nullable=True))
    _replace_checks(NEW_STATUSES, NEW_LETTER_KINDS, NEW_MESSAGE_KINDS, NEW_CANNED_TEXT_USES)
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_records_request_no_records_searched_iff_no_records"), NO_RECORDS_RULE
        )
    op.execute("INSERT INTO request_status_count (status, count) VALUES ('no_records', 0)")


def downgrade():
    op.execute("DELETE FROM request_status_count WHERE status = 'no_records'")
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_records_request_no_records_searched_iff_no_records"), type_="check"
        )
    _replace_checks(OLD_STATUSES, OLD_LETTER_KINDS, OLD_MESSAGE_KINDS, OLD_CANNED_TEXT_USES)
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.drop_column("records_elsewhere")
        batch_op.drop_column("no_records_searched")
