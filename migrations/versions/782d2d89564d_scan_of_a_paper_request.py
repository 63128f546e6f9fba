"""A request that arrived on paper keeps the scan of its signed form, stored like an
identity document, so the CHECK constraint of identity_document.kind lists the new kind.
The kinds are listed here rather than imported: a migration keeps the schema it was
written for. Written by hand (autogenerate sees no CHECK constraint).

Revision ID: 782d2d89564d
Revises: 8a38dd05c0e0
Create Date: 2026-12-06 10:59:40.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "782d2d89564d"
down_revision = "8a38dd05c0e0"
branch_labels = None
depends_on = None

OLD_KINDS = ("photo_id", "proof_of_authority")
NEW_KINDS = OLD_KINDS + ("signed_paper_form",)


def upgrade():
    _replace_kind_check(NEW_KINDS)


def downgrade():
    op.execute(
        "DELETE FROM identity_document_content WHERE document_id IN "
        "(SELECT id FROM identity_document WHERE kind = 'signed_paper_form')"
    )
    op.execute("DELETE FROM identity_document WHERE kind = 'signed_paper_form'")
    _replace_kind_check(OLD_KINDS)


def _replace_kind_check(kinds):
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("identity_document", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_identity_document_document_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_identity_document_document_kind"), f"kind IN ({listed})"
        )
