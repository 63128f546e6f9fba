"""Fixtures shared by the whole suite (the helpers the tests share are in tests/support).

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL names one (its
database name must end in _test: the tests empty it). The schema is built once per run by
the migrations, exactly as production builds it; every test then starts from empty tables.
CSRF stays on: tests fetch the form first and send its token back, as a browser does.
"""

import os
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask_migrate import upgrade

from records_app import audit, create_app, lifecycle, practice
from records_app.accounts import passwords
from records_app.extensions import db, limiter
from records_app.models import AuditChainHead, FulfilmentMethod, RecordsRequest, Role, StaffUser
from tests.support import database, skips
from tests.support.accounts import STAFF_PASSWORD, AuthActions
from tests.support.answers import form_answers, request_fields
from tests.support.client import RequestIsolatingClient
from tests.support.clock import HARD_HOURS, SUITE_NOW, days_ago
from tests.support.desk import StaffDesk
from tests.support.factories import letters_left_pending, quote
from tests.support.smtp import PUBLIC_BASE_URL, SmtpServer
from tests.support.steps import send_request

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
# Fixed keys, so that every app the suite creates reads what another one wrote.
os.environ.setdefault("RECORDS_KEYS", "dGVzdHMtb25seS1yZWNvcmRzLWtleS0zMi1ieXRlcyE=")
os.environ.setdefault("RECORDS_LOOKUP_KEY", "dGVzdHMtb25seS1sb29rdXAta2V5LTMyLWJ5dGVzISE=")
os.environ.setdefault("AUDIT_KEYS", "dGVzdHMtb25seS1hdWRpdC1jaGFpbi1rZXktMzJieXQ=")
# Argon2id at its cheapest: the suite hashes and checks a password hundreds of times, and
# at the default cost each takes a tenth of a second. The hashes are still real Argon2id,
# checked for real; the defaults and the rehash at sign-in have tests of their own.
os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")
os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "32")


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every test starts at the same instant, SUITE_NOW (noon at the practice on a summer
    day), and time goes on from there as it does, so that timeouts and waits behave. No
    test depends on the hour or the date it runs. A test that needs the clock stopped or
    moved travels again, inside this journey, or moves this traveller."""
    with time_machine.travel(SUITE_NOW) as traveller:
        yield traveller


@pytest.fixture(params=list(HARD_HOURS.values()), ids=list(HARD_HOURS))
def hard_hour(request, frozen_clock):
    """The clock stopped at each of the instants at which a date rule that counted days
    wrongly would give another answer (tests/support/clock.py). The tests of deadlines,
    overdue and due-soon, the dashboard's figures, export ranges, a paper request's received
    date and extensions take it: they give the same answers at every one of them."""
    frozen_clock.move_to(request.param, tick=False)
    return request.param


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """This test process's database, its schema built by the migrations."""
    url = database.database_url_for_this_process(tmp_path_factory)
    if database.is_postgresql(url):
        database.create_postgresql_database(url)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    if database.is_postgresql(url):
        database.drop_postgresql_database(url)


# The suite's clients send the request form the instant they load it, as programs do; the
# minimum fill time (records_app/spam.py) is set back to its default by its own tests.
SUITE_SETTINGS = {
    "TESTING": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "REQUEST_FORM_MIN_SECONDS": 0,
}


@pytest.fixture(scope="session")
def app_of_this_process(database_url):
    """The app, built once in each test process as a gunicorn worker builds it once. Built
    anew for every test, it cost about 25 ms, and compiling again each template a test
    renders about as much per page. Tests that change how an app is built use `build_app`."""
    app = create_app({**SUITE_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    app.test_client_class = RequestIsolatingClient
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(app_of_this_process):
    """The app in its context, on empty tables (bar what the migrations seed), with its
    rate limits cleared; the settings and extensions a test changes are put back after it."""
    app = app_of_this_process
    settings, extensions = dict(app.config), dict(app.extensions)
    # An app built during a test binds the one shared rate limiter to its own storage; this
    # binds it back to this app's storage, new and empty.
    limiter.init_app(app)
    with app.app_context():
        yield app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        # The migration seeds the audit chain's head row and a zero count for every status;
        # put them back as a new database has them.
        db.session.execute(
            sa.insert(AuditChainHead).values(id=1, last_id=0, last_hash=audit.GENESIS_HASH)
        )
        lifecycle.recount()
        db.session.commit()
        db.session.remove()
    app.config.clear()
    app.config.update(settings)
    app.extensions.clear()
    app.extensions.update(extensions)


@pytest.fixture
def build_app(database_url):
    """Builds an app of its own for a test that adds to it (a route) or builds it another
    way (other settings, another database): the `app` fixture's app has served requests
    already, and Flask takes no new route then."""
    built = []

    def build(**settings):
        app = create_app({**SUITE_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, **settings})
        app.test_client_class = RequestIsolatingClient
        built.append(app)
        return app

    yield build
    for app in built:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def new_connections(app):
    """Drops the pooled database connections before and after the test: a test that takes
    the schema down the migrations and back up must neither meet nor leave statements a
    PostgreSQL connection prepared against the schema as it was."""
    db.session.remove()
    db.engine.dispose()
    yield
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ---- staff ------------------------------------------------------------------------------


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


@pytest.fixture
def make_admin(make_staff):
    def make(email="admin@example.org", *, name="Avery Admin", **kw):
        return make_staff(email, name=name, role=Role.ADMIN, **kw)

    return make


@pytest.fixture
def clerk(make_staff):
    """A staff member the lifecycle's steps are taken by."""
    return make_staff()


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def signed_in_staff(make_staff, auth):
    user = make_staff()
    auth.sign_in()
    return user


@pytest.fixture
def signed_in_admin(make_admin, auth):
    admin = make_admin()
    auth.sign_in("admin@example.org")
    return admin


@pytest.fixture
def other_browser(app):
    """A second browser, for what one person's action does to another's session."""
    return AuthActions(app.test_client())


@pytest.fixture
def desk(client, signed_in_staff):
    """A signed-in staff member's browser at the desk."""
    return StaffDesk(client)


@pytest.fixture
def two_desks(app, make_staff):
    """Two browsers, signed in as two different staff members."""
    desks = []
    for email, name in (("fran@example.org", "Fran First"), ("sam@example.org", "Sam Second")):
        make_staff(email, name=name)
        client = app.test_client()
        AuthActions(client).sign_in(email)
        desks.append(StaffDesk(client))
    return desks


# ---- requests ---------------------------------------------------------------------------


@pytest.fixture
def make_request(app):
    """Files a request through the lifecycle, as the public form does, and commits it."""

    def make(*, received_at: datetime | None = None, **overrides) -> RecordsRequest:
        receipt = lifecycle.receive(
            RecordsRequest(**request_fields(**overrides)), received_at=received_at
        )
        db.session.commit()
        return receipt.request

    return make


@pytest.fixture
def make_requests(app):
    """Files `count` requests at once (one commit), the i-th received `spacing * i` before
    `received_at`, for tests of pages and order."""

    def make(count, *, received_at=None, spacing=timedelta(0), **overrides):
        received_at = received_at or days_ago(1)
        made = []
        for index in range(count):
            draft = RecordsRequest(**request_fields(**overrides))
            receipt = lifecycle.receive(draft, received_at=received_at - spacing * index)
            made.append(receipt.request)
        db.session.commit()
        return made

    return make


@pytest.fixture
def fulfil(make_staff):
    """Takes a request from submitted to fulfilled, sent `sent_days_ago` days ago, through
    the lifecycle's steps, with a fee of `fee_cents` quoted on the way when it is more than
    nothing (its letters are left pending, as the factories leave theirs:
    tests/support/factories.py)."""
    clerk = make_staff("fulfiller@example.org", name="Frankie Fulfiller")

    @letters_left_pending()
    def fulfil(request, *, sent_days_ago=0, fee_cents=0, method=FulfilmentMethod.MAIL, **kw):
        lifecycle.start_review(request, clerk, request.version)
        if fee_cents:
            quote(request, clerk, fee_cents)
        lifecycle.approve(
            request, clerk, request.version, identity_verified=True, authorization_valid=True
        )
        lifecycle.fulfil(
            request,
            clerk,
            request.version,
            sent_on=practice.today() - timedelta(days=sent_days_ago),
            method=method,
            records_sent=kw.get("records_sent", "All records, 12 pages"),
            sent_to=kw.get("sent_to", "Margaret Holloway"),
            carrier_tracking=kw.get("carrier_tracking", ""),
            checks_ticked=lifecycle.CHECKLIST,
        )
        db.session.commit()
        return request

    fulfil.clerk = clerk
    return fulfil


@pytest.fixture
def submit_request(client):
    """Sends the public request form as a browser does, step by step (tests/support/steps)."""

    def submit(answers: dict | None = None, **kwargs):
        answers = form_answers() if answers is None else answers
        return send_request(client, answers, **kwargs)

    return submit


# ---- e-mail -----------------------------------------------------------------------------


@pytest.fixture
def mail_server(app):
    """A running local SMTP server, and the app set to send through it."""
    server = SmtpServer()
    server.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=server.port,
        MAIL_TIMEOUT=5,
        PUBLIC_BASE_URL=PUBLIC_BASE_URL,
    )
    yield server
    server.stop()


@pytest.fixture
def send_queued_mail(runner):
    """Runs the sender as cron does every minute (`flask mail send`): web requests and
    lifecycle steps only queue their messages."""

    def send():
        result = runner.invoke(args=["mail", "send"])
        assert result.exit_code == 0, result.output
        return result

    return send


# ---- the end of a run -------------------------------------------------------------------


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """Ends the run's report with one line per reason tests were skipped: how many, and
    what would run them. Under pytest-xdist the skips reach this process as reports from
    the workers, so they are counted here all the same."""
    result = yield
    reasons = [
        str(report.longrepr[2]).removeprefix("Skipped: ")
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple)
    ]
    for line in skips.summary_lines(reasons):
        terminalreporter.write_line(line)
    return result
