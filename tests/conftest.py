"""Fixtures shared by the whole suite.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL names one (its
database name must end in _test: the tests empty it). The schema is built once per run by
the migrations, exactly as production builds it; every test then starts from empty tables.
CSRF stays on: tests fetch the form first and send its token back, as a browser does.
"""

import contextvars
import io
import os
import re
import socket
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from html import unescape

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from PIL import Image
from pypdf import PdfReader
from sqlalchemy.engine import make_url

from records_app import audit, create_app, letters, lifecycle, practice
from records_app.accounts import passwords
from records_app.config import _database_url
from records_app.extensions import db, limiter
from records_app.models import (
    AuditChainHead,
    Delivery,
    FulfilmentMethod,
    Letter,
    LetterKind,
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
# Fixed keys, so that every app the suite creates reads what another one wrote.
TEST_RECORDS_KEY = "dGVzdHMtb25seS1yZWNvcmRzLWtleS0zMi1ieXRlcyE="
os.environ.setdefault("RECORDS_KEYS", TEST_RECORDS_KEY)
os.environ.setdefault("RECORDS_LOOKUP_KEY", "dGVzdHMtb25seS1sb29rdXAta2V5LTMyLWJ5dGVzISE=")
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


class RequestIsolatingClient(FlaskClient):
    """A test client whose every request gets its own app context, `g` and database
    session, as a real request does. Without this, Flask reuses the app context the `app`
    fixture holds open for the test, and `g` (Flask-Login's cached user, Flask-WTF's CSRF
    verdict) and the session's cached rows would leak from one request, and one browser, to
    the next. Afterwards the test's own session forgets what it had loaded, so the test
    reads what the request wrote."""

    def open(self, *args, **kwargs):
        request_context = contextvars.Context()
        response = request_context.run(super().open, *args, **kwargs)
        if response.is_streamed:
            response.response = _produced_in(request_context, response.response)
        if has_app_context():
            db.session.expire_all()
        return response


def _produced_in(request_context: contextvars.Context, body):
    """A streamed body's chunks, each produced inside the request's own context, as the
    server produces them."""
    chunks = iter(body)
    while True:
        try:
            yield request_context.run(next, chunks)
        except StopIteration:
            return


@pytest.fixture
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        limiter.reset()
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
    return fields


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


def holds(table: str, text: str) -> bool:
    """Whether any cell of the table, read raw from the database, contains the text: how
    the encryption tests show that patient details are not stored in plaintext."""
    rows = db.session.execute(sa.text(f"SELECT * FROM {table}")).all()
    cells = (
        bytes(cell) if isinstance(cell, bytes | memoryview) else str(cell).encode()
        for row in rows
        for cell in row
    )
    return any(text.encode() in cell for cell in cells)


def days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


# exports and reports


@pytest.fixture
def fulfil(make_staff):
    """Takes a request from submitted to fulfilled, sent `sent_days_ago` days ago."""
    clerk = make_staff("fulfiller@example.org", name="Frankie Fulfiller")

    def fulfil(request, *, sent_days_ago=0, fee_cents=0, method=FulfilmentMethod.MAIL, **kw):
        lifecycle.start_review(request, clerk, request.version)
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
            fee_cents=fee_cents,
        )
        db.session.commit()
        return request

    fulfil.clerk = clerk
    return fulfil


# accounts


@pytest.fixture
def make_admin(make_staff):
    def make(email="admin@example.org", *, name="Avery Admin", **kw):
        return make_staff(email, name=name, role=Role.ADMIN, **kw)

    return make


@pytest.fixture
def signed_in_admin(make_admin, auth):
    admin = make_admin()
    auth.sign_in("admin@example.org")
    return admin


@pytest.fixture
def other_browser(app):
    """A second browser, for what one person's action does to another's session."""
    other_client = app.test_client()
    return AuthActions(other_client)


# staff side


class StaffDesk:
    """Works a request's page as a browser does: load the page, then post one of its forms
    with the page's CSRF token and the version the page showed. Each form on the page has
    its own field prefix (the action's name), so `act(r, "deny", basis=...)` posts
    `deny-basis`. When the page offers no such form, the token comes from elsewhere on the
    page and the version from the database, as a stale or hand-made post would carry."""

    def __init__(self, client):
        self.client = client

    def page(self, records_request):
        return self.client.get(f"/staff/requests/{records_request.id}")

    def act(self, records_request, action, *, csrf=True, version=None, **fields):
        page = self.page(records_request)
        data = {f"{action}-{name}": value for name, value in fields.items()}
        data[f"{action}-version"] = version or self.version_on(page.text, action, records_request)
        if csrf:
            data[f"{action}-csrf_token"] = csrf_token_from(page.text)
        return self.client.post(f"/staff/requests/{records_request.id}/actions/{action}", data=data)

    @staticmethod
    def version_on(html, action, records_request):
        found = re.search(rf'name="{action}-version" type="hidden" value="(\d+)"', html)
        return found.group(1) if found else str(reload(records_request).version)

    def search(self, *, after=None, **terms):
        """Search from the queue page; `after` is what its "Next page" button sends."""
        page = self.client.get("/staff/")
        data = {f"search-{name}": value for name, value in terms.items()}
        data["search-csrf_token"] = csrf_token_from(page.text)
        if after:
            data["after"] = after
        return self.client.post("/staff/search", data=data)


def reload(records_request):
    """The request as the database holds it now, not as this test's session last saw it."""
    db.session.rollback()
    return db.session.get(RecordsRequest, records_request.id)


@pytest.fixture
def desk(client, signed_in_staff):
    """A signed-in staff member's browser at the desk."""
    return StaffDesk(client)


@pytest.fixture
def make_requests(app):
    """Files `count` requests at once (one commit), the i-th received `spacing * i` before
    `received_at`, for tests of pages and order."""

    def make(count, *, received_at=None, spacing=timedelta(0), **overrides):
        received_at = received_at or datetime.now(UTC) - timedelta(days=1)
        made = []
        for index in range(count):
            draft = RecordsRequest(**request_fields(**overrides))
            receipt = lifecycle.receive(draft, received_at=received_at - spacing * index)
            made.append(receipt.request)
        db.session.commit()
        return made

    return make


# public side

_SUBMISSION_TOKEN_INPUT = re.compile(r'name="submission_token" type="hidden" value="([^"]+)"')


def form_answers(**overrides) -> dict:
    """What a browser sends for a complete, valid request form: a patient asking for their
    own records on paper by mail. An override of None leaves that answer out."""
    answers = {
        "requester_kind": "patient",
        "patient_first_name": "Margaret",
        "patient_middle_name": "Ann",
        "patient_last_name": "Holloway",
        "patient_other_names": "Margaret Dunn",
        "date_of_birth": "1951-04-17",
        "phone": "503.555.0142",
        "email": "margaret@example.net",
        "address_street": "1420 SE Alder St",
        "address_city": "Portland",
        "address_state": "OR",
        "address_zip": "97214",
        "records_scope": "all",
        "recipient_kind": "patient",
        "record_format": "paper",
        "delivery": "mail",
        "signature_name": "Margaret Ann Holloway",
        "confirms_truth": "y",
    }
    answers.update(overrides)
    return {name: value for name, value in answers.items() if value is not None}


def third_party_answers(**overrides) -> dict:
    """A valid request sending the patient's records to a new doctor."""
    return form_answers(
        **{
            "recipient_kind": "third_party",
            "recipient_name": "Dr. Priya Natarajan",
            "recipient_organization": "Cascade Vein Clinic",
            "recipient_address": "200 NE Pine St\nSuite 4\nPortland, OR 97232",
            "recipient_fax": "503-555-0199",
            "purpose": "At the request of the individual",
            "expiry": "one_year",
            "understands_revoking": "y",
            "understands_no_treatment_condition": "y",
            "understands_redisclosure": "y",
            **overrides,
        }
    )


def submission_token_from(html: str) -> str:
    match = _SUBMISSION_TOKEN_INPUT.search(html)
    assert match, "the page has no submission token"
    return match.group(1)


@pytest.fixture
def submit_request(client):
    """Sends the public request form as a browser does (CSRF token from the form page)."""

    def submit(answers: dict | None = None, **kwargs):
        answers = form_answers() if answers is None else answers
        return post_form(client, "/request", answers, **kwargs)

    return submit


def stored_requests() -> list[RecordsRequest]:
    return list(db.session.scalars(sa.select(RecordsRequest)))


def only_request():
    requests = stored_requests()
    assert len(requests) == 1
    return requests[0]


def error_links(html: str) -> dict[str, str]:
    """The error summary's links: field id -> message. A choice group's link goes to its
    first option (`<id>-0`); the group's own id is given."""
    found = re.findall(r'<li><a href="#([\w-]+)">([^<]+)</a></li>', html)
    return {re.sub(r"-0$", "", field_id): unescape(message) for field_id, message in found}


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(image_format: str = "PNG", *, size=(4, 3), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(content: bytes, filename: str, content_type: str = "application/octet-stream"):
    return (io.BytesIO(content), filename, content_type)


STATUS_URL = "/status"


def look_up(client, tracking_code, date_of_birth="1951-04-17"):
    return post_form(
        client,
        STATUS_URL,
        {"tracking_code": tracking_code, "date_of_birth": date_of_birth},
    )


# e-mail


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives. It can be
    stopped and started again on its port, to play a mail server that is down, told to
    refuse recipients, and given the one user name and password it accepts."""

    def __init__(self):
        self.port = free_port()
        self.received = []
        self.refused_recipients: set[str] = set()
        self.account = ("desk", "mail-password")
        self.signed_in: list[str] = []
        self._controller: Controller | None = None

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = auth_data.login.decode(), auth_data.password.decode()
        if (user, password) != self.account:
            return AuthResult(success=False, handled=False)
        self.signed_in.append(user)
        return AuthResult(success=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused_recipients:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self.authenticate,
            # Plain-text sign-in on 127.0.0.1 only; production sets MAIL_USE_TLS or _SSL.
            auth_require_tls=False,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.content, policy=policy.default) for e in self.received]


PUBLIC_BASE_URL = "https://records.example.org"


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


# letters


def pdf_text(content: bytes) -> str:
    """A PDF's text as one line: pypdf's extraction with line breaks and runs of spaces
    made single spaces, so that a phrase reads the same wherever the line wrapped."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def letters_of(records_request, kind: LetterKind | None = None) -> list[Letter]:
    query = sa.select(Letter).where(Letter.request_id == records_request.id).order_by(Letter.id)
    if kind is not None:
        query = query.where(Letter.kind == kind)
    return list(db.session.scalars(query))


def only_letter(records_request, kind: LetterKind) -> Letter:
    found = letters_of(records_request, kind)
    assert len(found) == 1, f"{len(found)} {kind} letters"
    return found[0]


def written_letter(records_request, kind: LetterKind) -> Letter:
    """The letter once the pending ones are written, as cron's `flask letters write` does."""
    write_pending_letters()
    return only_letter(records_request, kind)


def write_pending_letters(limit: int | None = None) -> int:
    """Writes the pending letters as `flask letters write` does, committing each batch."""
    written = 0
    for batch in letters.write_pending(limit=limit):
        db.session.commit()
        written += batch
    return written
