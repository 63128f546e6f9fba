"""status 'denial_review': a denied request whose requester asked for the review that
45 CFR 164.524(a)(3)-(4) gives them; the denial basis stays set while it is reviewed.
Only CHECK constraints change. Read by hand.

Revision ID: 6b2e9d4f7a10
Revises: 3f6a2d8c1b47
Create Date: 2026-11-25 23:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "6b2e9d4f7a10"
down_revision = "3f6a2d8c1b47"
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
)
NEW_STATUSES = OLD_STATUSES + ("denial_review",)
OLD_DENIAL_RULE = "(status = 'denied') = (denial_basis IS NOT NULL)"
NEW_DENIAL_RULE = "(status IN ('denied', 'denial_review')) = (denial_basis IS NOT NULL)"


def _one_of(column, statuses):
    listed = ", ".join(f"'{status}'" for status in statuses)
    return f"{column} IN ({listed})"


def _replace_checks(statuses, denial_rule):
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_records_request_status"), type_="check")
        batch_op.drop_constraint(op.f("ck_records_request_denial_basis_iff_denied"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_records_request_status"), _one_of("status", statuses)
        )
        batch_op.create_check_constraint(
            op.f("ck_records_request_denial_basis_iff_denied"), denial_rule
        )
    with op.batch_alter_table("request_event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_request_event_from_status"), type_="check")
        batch_op.drop_constraint(op.f("ck_request_event_to_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_request_event_from_status"), _one_of("from_status", statuses)
        )
        batch_op.create_check_constraint(
            op.f("ck_request_event_to_status"), _one_of("to_status", statuses)
        )


def upgrade():
    _replace_checks(NEW_STATUSES, NEW_DENIAL_RULE)


def downgrade():
    _replace_checks(OLD_STATUSES, OLD_DENIAL_RULE)
