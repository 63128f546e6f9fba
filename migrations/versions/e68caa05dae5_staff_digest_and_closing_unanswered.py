"""The staff's morning digest goes through the outbox: outgoing_message may be addressed to
a staff account (one digest a day) instead of a request, and staff_user.wants_digest lets
each person turn it off. A request left waiting for information may be closed by the sweep,
with its own letter and e-mail, so the CHECK constraints of letter.kind and
outgoing_message.kind list them. The kinds are listed here rather than imported: a
migration keeps the schema it was written for. Generated, then read and completed by hand
(autogenerate sees no CHECK constraint).

Revision ID: e68caa05dae5
Revises: 5a7c2e9d1f30
Create Date: 2026-12-06 10:40:36.242598

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e68caa05dae5"
down_revision = "5a7c2e9d1f30"
branch_labels = None
depends_on = None

OLD_LETTER_KINDS = (
    "acknowledgement",
    "authorization",
    "extension_notice",
    "information_request",
    "denial",
    "no_records",
    "review_decision",
    "reopened",
    "withheld_notice",
    "cover_letter",
    "fee_quote",
    "invoice",
    "receipt",
)
NEW_LETTER_KINDS = OLD_LETTER_KINDS + ("closed_unanswered",)
OLD_MESSAGE_KINDS = (
    "received",
    "needs_info",
    "approved",
    "denied",
    "no_records",
    "review_decided",
    "review_withdrawn",
    "reopened",
    "fulfilled",
    "extended",
    "withdrawn",
    "fee_quoted",
    "payment_received",
    "fee_waived",
    "download_code",
    "records_link",
    "records_attached",
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ("closed_unanswered", "digest")


def upgrade():
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("digest_on", sa.Date(), nullable=True))
        batch_op.alter_column("request_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_unique_constraint(
            batch_op.f("uq_outgoing_message_staff_user_id"), ["staff_user_id", "digest_on"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outgoing_message_staff_user_id_staff_user"),
            "staff_user",
            ["staff_user_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_outgoing_message_one_addressee"),
            "(request_id IS NULL) <> (staff_user_id IS NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_outgoing_message_digest_on_iff_staff"),
            "(digest_on IS NULL) = (staff_user_id IS NULL)",
        )

    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("wants_digest", sa.Boolean(), server_default=sa.true(), nullable=False)
        )

    _replace_kind_checks(NEW_LETTER_KINDS, NEW_MESSAGE_KINDS)


def downgrade():
    _replace_kind_checks(OLD_LETTER_KINDS, OLD_MESSAGE_KINDS)
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("wants_digest")

    op.execute("DELETE FROM outgoing_message WHERE request_id IS NULL")
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outgoing_message_digest_on_iff_staff"), type_="check")
        batch_op.drop_constraint(op.f("ck_outgoing_message_one_addressee"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_outgoing_message_staff_user_id_staff_user"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_outgoing_message_staff_user_id"), type_="unique")
        batch_op.alter_column("request_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("digest_on")
        batch_op.drop_column("staff_user_id")


def _one_of(column, kinds):
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    return f"{column} IN ({listed})"


def _replace_kind_checks(letter_kinds, message_kinds):
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_letter_letter_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_letter_letter_kind"), _one_of("kind", letter_kinds)
        )
    with op.batch_alter_table("outgoing_message", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_outgoing_message_message_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_outgoing_message_message_kind"), _one_of("kind", message_kinds)
        )
