"""encryption at rest: the PHI columns become AES-GCM sealed bytes (records_app/encryption.py),
and the tracking code, last name and date of birth gain keyed-hash lookup columns that
replace their plaintext indexes. Written by hand.

Upgrade, per table: add a sealed twin of each column, fill it from the plaintext in batches
with the keys the app is configured with (`flask db upgrade` runs inside the app), drop the
plaintext column and give the twin its name. The identity-document bytes keep their type
and are sealed in place. Downgrade opens everything back into plaintext columns.

Twins rather than ALTER ... TYPE: SQLite's batch mode copies a changed column with CAST,
and CAST(... AS DATE) or AS JSON there yields a number, which would destroy dates of birth
and JSON on the way down; twins move every value through Python on both databases.

Revision ID: 201c1a177b6c
Revises: 8decdd611622
Create Date: 2026-11-25 22:40:00

"""

import sqlalchemy as sa
from alembic import op

from records_app.crypto.column_types import (
    EncryptedBytes,
    EncryptedDate,
    EncryptedJSON,
    EncryptedText,
)
from records_app.crypto.keyring import lookup

# revision identifiers, used by Alembic.
revision = "201c1a177b6c"
down_revision = "8decdd611622"
branch_labels = None
depends_on = None

ROW_BATCH = 1000
DOCUMENT_BATCH = 20  # documents are up to 10 MB each
LOOKUPS = ("tracking_code", "patient_last_name", "date_of_birth")

# table -> [(column, plaintext type, nullable)]
COLUMNS = {
    "records_request": [
        ("tracking_code", sa.String(length=16), False),
        ("extension_reason", sa.Text(), True),
        ("representative_name", sa.String(length=120), True),
        ("patient_first_name", sa.String(length=60), False),
        ("patient_middle_name", sa.String(length=60), True),
        ("patient_last_name", sa.String(length=60), False),
        ("patient_other_names", sa.String(length=200), True),
        ("date_of_birth", sa.Date(), False),
        ("phone", sa.String(length=32), False),
        ("email", sa.String(length=254), True),
        ("address_street", sa.String(length=200), True),
        ("address_city", sa.String(length=100), True),
        ("address_state", sa.String(length=2), True),
        ("address_zip", sa.String(length=10), True),
        ("record_categories", sa.JSON(), False),
        ("other_records_description", sa.String(length=500), True),
        ("recipient_name", sa.String(length=120), True),
        ("recipient_organization", sa.String(length=200), True),
        ("recipient_address", sa.String(length=300), True),
        ("recipient_phone", sa.String(length=32), True),
        ("recipient_fax", sa.String(length=32), True),
        ("recipient_email", sa.String(length=254), True),
        ("purpose", sa.String(length=500), True),
        ("sensitive_initials", sa.JSON(), False),
        ("signature_name", sa.String(length=120), False),
        ("info_requested_message", sa.Text(), True),
        ("denial_explanation", sa.Text(), True),
        ("records_sent", sa.Text(), True),
        ("sent_to", sa.String(length=300), True),
        ("carrier_tracking", sa.String(length=100), True),
    ],
    "request_event": [("reason", sa.Text(), True)],
    "staff_note": [("body", sa.Text(), False)],
    "staff_user": [("totp_secret", sa.String(length=64), True)],
}


def _sealed_type(table, column, plain_type):
    context = f"{table}.{column}"
    if isinstance(plain_type, sa.Date):
        return EncryptedDate(context)
    if isinstance(plain_type, sa.JSON):
        return EncryptedJSON(context)
    return EncryptedText(context)


def _copy(table_name, pk, sources, targets, batch_size, extra_targets=(), extra=None):
    """Reads `sources` and writes `targets` (same order) for every row, `batch_size` rows at
    a time in primary-key order; the column types do the sealing or opening. `extra(row)`
    gives the values of `extra_targets` (the lookup hashes)."""
    source = sa.table(table_name, sa.column(pk, sa.Integer()), *sources)
    target = sa.table(table_name, sa.column(pk, sa.Integer()), *targets, *extra_targets)
    update = (
        sa.update(target)
        .where(target.c[pk] == sa.bindparam("row_pk", type_=sa.Integer()))
        .values(
            {
                c.name: sa.bindparam(f"v_{c.name}", type_=c.type)
                for c in target.columns
                if c.name != pk
            }
        )
    )
    connection = op.get_bind()
    last = None
    while True:
        query = sa.select(source.c[pk], *(source.c[c.name] for c in sources)).order_by(source.c[pk])
        if last is not None:
            query = query.where(source.c[pk] > last)
        rows = connection.execute(query.limit(batch_size)).all()
        if not rows:
            return
        values = []
        for row in rows:
            written = {"row_pk": row[0]}
            for target_column, value in zip(targets, row[1:], strict=True):
                written[f"v_{target_column.name}"] = value
            written.update(extra(row._mapping) if extra else {})
            values.append(written)
        connection.execute(update, values)
        last = rows[-1][0]


def _lookups(row):
    return {f"v_{field}_lookup": lookup(field, row[field]) for field in LOOKUPS}


def upgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, _plain, _nullable in columns:
                batch_op.add_column(sa.Column(f"{column}_sealed", sa.LargeBinary(), nullable=True))
            if table == "records_request":
                for field in LOOKUPS:
                    batch_op.add_column(
                        sa.Column(f"{field}_lookup", sa.String(length=64), nullable=True)
                    )
        sources = [sa.column(column, plain) for column, plain, _ in columns]
        targets = [
            sa.column(f"{column}_sealed", _sealed_type(table, column, plain))
            for column, plain, _ in columns
        ]
        if table == "records_request":
            lookups = [sa.column(f"{field}_lookup", sa.String()) for field in LOOKUPS]
            _copy(table, "id", sources, targets, ROW_BATCH, lookups, _lookups)
        else:
            _copy(table, "id", sources, targets, ROW_BATCH)
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "records_request":
                batch_op.drop_index(batch_op.f("ix_records_request_date_of_birth"))
                batch_op.drop_index(batch_op.f("ix_records_request_patient_last_name_key"))
                batch_op.drop_constraint(
                    batch_op.f("uq_records_request_tracking_code"), type_="unique"
                )
                batch_op.drop_column("patient_last_name_key")
            for column, _plain, nullable in columns:
                batch_op.drop_column(column)
                batch_op.alter_column(
                    f"{column}_sealed",
                    new_column_name=column,
                    existing_type=sa.LargeBinary(),
                    nullable=nullable,
                )
            if table == "records_request":
                for field in LOOKUPS:
                    batch_op.alter_column(
                        f"{field}_lookup", existing_type=sa.String(length=64), nullable=False
                    )
                batch_op.create_unique_constraint(
                    batch_op.f("uq_records_request_tracking_code_lookup"), ["tracking_code_lookup"]
                )
                batch_op.create_index(
                    batch_op.f("ix_records_request_date_of_birth_lookup"),
                    ["date_of_birth_lookup"],
                    unique=False,
                )
                batch_op.create_index(
                    batch_op.f("ix_records_request_patient_last_name_lookup"),
                    ["patient_last_name_lookup"],
                    unique=False,
                )
    _copy(
        "identity_document_content",
        "document_id",
        [sa.column("content", sa.LargeBinary())],
        [sa.column("content", EncryptedBytes("identity_document_content.content"))],
        DOCUMENT_BATCH,
    )


def downgrade():
    _copy(
        "identity_document_content",
        "document_id",
        [sa.column("content", EncryptedBytes("identity_document_content.content"))],
        [sa.column("content", sa.LargeBinary())],
        DOCUMENT_BATCH,
    )
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, plain, _nullable in columns:
                batch_op.add_column(sa.Column(f"{column}_plain", plain, nullable=True))
            if table == "records_request":
                batch_op.add_column(
                    sa.Column("patient_last_name_key", sa.String(length=60), nullable=True)
                )
        sources = [
            sa.column(column, _sealed_type(table, column, plain)) for column, plain, _ in columns
        ]
        targets = [sa.column(f"{column}_plain", plain) for column, plain, _ in columns]
        if table == "records_request":
            key = [sa.column("patient_last_name_key", sa.String())]
            _copy(table, "id", sources, targets, ROW_BATCH, key, _last_name_key)
        else:
            _copy(table, "id", sources, targets, ROW_BATCH)
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "records_request":
                batch_op.drop_index(batch_op.f("ix_records_request_patient_last_name_lookup"))
                batch_op.drop_index(batch_op.f("ix_records_request_date_of_birth_lookup"))
                batch_op.drop_constraint(
                    batch_op.f("uq_records_request_tracking_code_lookup"), type_="unique"
                )
                for field in LOOKUPS:
                    batch_op.drop_column(f"{field}_lookup")
            for column, plain, nullable in columns:
                batch_op.drop_column(column)
                batch_op.alter_column(
                    f"{column}_plain",
                    new_column_name=column,
                    existing_type=plain,
                    nullable=nullable,
                )
            if table == "records_request":
                batch_op.alter_column(
                    "patient_last_name_key", existing_type=sa.String(length=60), nullable=False
                )
    # Its own step: SQLite's batch mode cannot index a column renamed in the same batch.
    with op.batch_alter_table("records_request", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_records_request_tracking_code"), ["tracking_code"]
        )
        batch_op.create_index(
            batch_op.f("ix_records_request_patient_last_name_key"),
            ["patient_last_name_key"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_records_request_date_of_birth"), ["date_of_birth"], unique=False
        )


def _last_name_key(row):
    return {"v_patient_last_name_key": row["patient_last_name"].casefold()}
