from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from records_app.extensions import db


def test_migrated_schema_matches_the_models(app):
    """The schema is built by `flask db upgrade` (in conftest); autogenerate must then find
    nothing to add, drop or change."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_are_at_a_single_head(app):
    with db.engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    assert len(heads) == 1
