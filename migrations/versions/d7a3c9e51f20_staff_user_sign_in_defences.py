"""staff_user sign-in defences: lockout counter and two-step sign-in

failed_sign_ins and locked_until lock an account for 15 minutes after 10 failed sign-ins in a
row; the totp_* columns and recovery_code_hashes hold optional TOTP two-step sign-in
(NIST SP 800-63B; 45 CFR 164.312(d) person authentication). Existing accounts start with no
failures and without two-step sign-in.

Revision ID: d7a3c9e51f20
Revises: f02b488a94df
Create Date: 2026-11-25 21:25:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d7a3c9e51f20"
down_revision = "f02b488a94df"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_sign_ins", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_enabled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("recovery_code_hashes", sa.JSON(), server_default="[]", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("recovery_code_hashes")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_sign_ins")
