"""The test database of each test process.

SQLite by default: a file in the process's own temporary folder. PostgreSQL when
DATABASE_URL names one, whose name must end in _test since the suite empties it; under
pytest-xdist each worker process gets a database of its own, named after the worker
(records_desk_test_gw0, records_desk_test_gw1, ...), made when its run starts and dropped
when it ends."""

import os

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from records_app.config import _database_url


def database_url_for_this_process(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "records-test.sqlite3")
    url = make_url(_database_url(str(tmp_path_factory.getbasetemp())))
    if not (url.database or "").endswith("_test"):
        pytest.exit(f"Refusing to run tests against {url.database!r}: its name must end in _test.")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        url = url.set(database=f"{url.database}_{worker}")
    return url.render_as_string(hide_password=False)


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def create_postgresql_database(url: str) -> None:
    """The database named in the URL, new and empty (dropped first if a run left it)."""
    _drop(url, then_create=True)


def drop_postgresql_database(url: str) -> None:
    _drop(url, then_create=False)


def _drop(url: str, *, then_create: bool) -> None:
    target = make_url(url)
    server = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": target.database},
        )
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        if then_create:
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()
