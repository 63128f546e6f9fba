"""fee_quote and fee_payment: the fee quoted before release (its rule, its working, the
requester's answer, any waiver) and the payments recorded against it; three letters (fee
quote, invoice, receipt) and three e-mails (fee quoted, payment received, fee waived), so
the CHECK constraints of letter.kind and outgoing_message.kind list them. The kinds are
listed here rather than imported: a migration keeps the schema it was written for.
Generated, then read by hand.

Revision ID: ce4e7c0e0f5c
Revises: 310bf4c9aff1
Create Date: 2026-12-06 09:28:44.867273

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "ce4e7c0e0f5c"
down_revision = "310bf4c9aff1"
branch_labels = None
depends_on = None

OLD_LETTER_KINDS = (
    "acknowledgement",
    "authorization",
    "extension_notice",
    "information_request",
    "denial",
    "cover_letter",
)
NEW_LETTER_KINDS = OLD_LETTER_KINDS + ("fee_quote", "invoice", "receipt")
OLD_MESSAGE_KINDS = (
    "received",
    "needs_info",
    "approved",
    "denied",
    "fulfilled",
    "extended",
    "withdrawn",
)
NEW_MESSAGE_KINDS = OLD_MESSAGE_KINDS + ("fee_quoted", "payment_received", "fee_waived")


def upgrade():
    op.create_table(
        "fee_quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column(
            "rule",
            sa.Enum(
                "patient_free",
                "patient_flat",
                "patient_schedule",
                "patient_actual",
                "directive",
                "authorization",
                name="fee_rule",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column(
            "delivery",
            sa.Enum(
                "mail",
                "secure_email",
                "pickup",
                "fax",
                name="quote_delivery",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("cap_cents", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("lowered_reason", sa.LargeBinary(), nullable=True),
        sa.Column("prompt_mailing_cents", sa.Integer(), nullable=False),
        sa.Column("prompt_mailing_by", sa.Date(), nullable=True),
        sa.Column("quoted_at", sa.DateTime(), nullable=False),
        sa.Column("quoted_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "answer",
            sa.Enum(
                "accepted",
                "declined",
                name="quote_answer",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("waived_cents", sa.Integer(), nullable=False),
        sa.Column("waiver_reason", sa.LargeBinary(), nullable=True),
        sa.Column("waived_at", sa.DateTime(), nullable=True),
        sa.Column("waived_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(amount_cents = cap_cents) OR (lowered_reason IS NOT NULL)",
            name=op.f("ck_fee_quote_lowered_has_reason"),
        ),
        sa.CheckConstraint(
            "(answer IS NULL) = (answered_at IS NULL)",
            name=op.f("ck_fee_quote_answered_at_iff_answer"),
        ),
        sa.CheckConstraint(
            "(waived_at IS NULL) = (waiver_reason IS NULL)",
            name=op.f("ck_fee_quote_waiver_has_reason"),
        ),
        sa.CheckConstraint(
            "amount_cents BETWEEN 0 AND cap_cents", name=op.f("ck_fee_quote_amount_within_cap")
        ),
        sa.CheckConstraint("page_count >= 0", name=op.f("ck_fee_quote_page_count_not_negative")),
        sa.CheckConstraint("waived_cents >= 0", name=op.f("ck_fee_quote_waived_not_negative")),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["staff_user.id"],
            name=op.f("fk_fee_quote_answered_by_id_staff_user"),
        ),
        sa.ForeignKeyConstraint(
            ["quoted_by_id"], ["staff_user.id"], name=op.f("fk_fee_quote_quoted_by_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["records_request.id"],
            name=op.f("fk_fee_quote_request_id_records_request"),
        ),
        sa.ForeignKeyConstraint(
            ["waived_by_id"], ["staff_user.id"], name=op.f("fk_fee_quote_waived_by_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_quote")),
        sa.UniqueConstraint("request_id", name=op.f("uq_fee_quote_request_id")),
    )
    op.create_table(
        "fee_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "check",
                "card_by_phone",
                "cash",
                "money_order",
                name="payment_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_fee_payment_amount_positive")),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["fee_quote.id"], name=op.f("fk_fee_payment_quote_id_fee_quote")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["staff_user.id"],
            name=op.f("fk_fee_payment_recorded_by_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_payment")),
    )
    with op.batch_alter_table("fee_payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fee_payment_quote_id"), ["quote_id"], unique=False)
    _replace_kind_checks(NEW_LETTER_KINDS, NEW_MESSAGE_KINDS)


def downgrade():
    _replace_kind_checks(OLD_LETTER_KINDS, OLD_MESSAGE_KINDS)
    with op.batch_alter_table("fee_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fee_payment_quote_id"))

    op.drop_table("fee_payment")
    op.drop_table("fee_quote")


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
