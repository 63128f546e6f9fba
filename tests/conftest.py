"""Fixtures shared by the whole suite.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL names one (its
database name must end in _test: the tests empty it). The schema is built once per run by
the migrations, exactly as production builds it; every test then starts from empty tables.
CSRF stays on: tests fetch the form first and send its token back, as a browser does.
"""

import os
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from records_app import create_app, lifecycle, passwords
from records_app.config import _database_url
from records_app.extensions import db, limiter
from records_app.models import (
    Delivery,
    RecipientKind,
    RecordFormat,
    RecordsRequest,
    RecordsScope,
    RequesterKind,
    Role,
    StaffUser,
    utcnow,
)

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
STAFF_PASSWORD = "correct horse battery staple"
_CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "records-test.sqlite3")
    url = _database_url(str(tmp_path_factory.getbasetemp()))
    name = make_url(url).database or ""
    if not name.endswith("_test"):
        pytest.exit(f"Refusing to run tests against {name!r}: its name must end in _test.")
    return url


def _recreate_postgres_database(url: str) -> None:
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
        connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = _test_database_url(tmp_path_factory)
    if url.startswith("postgresql"):
        _recreate_postgres_database(url)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        limiter.reset()
        yield app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token_from(html: str) -> str:
    match = _CSRF_INPUT.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_form(client, url: str, data: dict, *, form_page: str | None = None, **kwargs):
    """POST like a browser: load the page holding the form, then send its CSRF token."""
    page = client.get(form_page or url)
    return client.post(url, data={"csrf_token": csrf_token_from(page.text), **data}, **kwargs)


@pytest.fixture
def make_staff(app):
    def make(email="clerk@example.org", *, name="Casey Clerk", role=Role.STAFF, active=True):
        user = StaffUser(
            email=email,
            name=name,
            role=role,
            active=active,
            password_hash=passwords.hash_password(STAFF_PASSWORD),
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


class AuthActions:
    def __init__(self, client):
        self.client = client

    def sign_in(self, email="clerk@example.org", password=STAFF_PASSWORD, next_path=None):
        url = "/staff/sign-in" + (f"?next={next_path}" if next_path else "")
        return post_form(self.client, url, {"email": email, "password": password})

    def sign_out(self):
        page = self.client.get("/staff/")
        return self.client.post("/staff/sign-out", data={"csrf_token": csrf_token_from(page.text)})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def signed_in_staff(make_staff, auth):
    user = make_staff()
    auth.sign_in()
    return user


def request_fields(**overrides) -> dict:
    """A complete, valid request from a patient asking for their own records."""
    fields = {
        "requester_kind": RequesterKind.PATIENT,
        "patient_first_name": "Margaret",
        "patient_middle_name": "Ann",
        "patient_last_name": "Holloway",
        "date_of_birth": date(1951, 4, 17),
        "phone": "(503) 555-0142",
        "email": "margaret@example.net",
        "address_street": "1420 SE Alder St",
        "address_city": "Portland",
        "address_state": "OR",
        "address_zip": "97214",
        "records_scope": RecordsScope.ALL,
        "recipient_kind": RecipientKind.PATIENT,
        "record_format": RecordFormat.PAPER,
        "delivery": Delivery.MAIL,
        "signature_name": "Margaret Ann Holloway",
        "signed_at": utcnow(),
    }
    fields.update(overrides)
    fields.setdefault("patient_last_name_key", fields["patient_last_name"].casefold())
    return fields


@pytest.fixture
def make_request(app):
    """Files a request through the lifecycle, as the public form does, and commits it."""

    def make(*, received_at: datetime | None = None, **overrides) -> RecordsRequest:
        new_request = RecordsRequest(**request_fields(**overrides))
        lifecycle.receive(new_request, received_at=received_at)
        db.session.commit()
        return new_request

    return make


def days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)
