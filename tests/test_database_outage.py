"""Faults: the database goes away during requests: the requester gets a calm 503 saying
nothing was saved, nothing is half-written, /readyz says so, and the app recovers by itself
when the database is back. The shared PostgreSQL server is never stopped: the outage is a TCP proxy
in front of it that the test cuts and restores, or a port nothing listens on."""

import socket
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from records_app import create_app, lifecycle
from records_app.extensions import db
from records_app.models import RecordsRequest
from tests.support import skips
from tests.support.answers import form_answers, request_fields
from tests.support.client import RequestIsolatingClient
from tests.support.forms import csrf_token_from
from tests.support.steps import send_request
from tests.support.stored import stored_requests


class CuttableProxy:
    """Forwards 127.0.0.1:<free port> to the database server until cut: then every open
    connection is dropped and new ones are closed at once, as when the server goes down."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        self.cut_off = False
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.connections += [client, server]
            for source, sink in ((client, server), (server, client)):
                pump = threading.Thread(target=self._pump, args=(source, sink), daemon=True)
                self.threads.append(pump)
                pump.start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket):
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.cut_off = True
        with self.lock:
            for connection in self.connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def restore(self):
        self.cut_off = False

    def close(self):
        self.cut()
        self.listener.close()
        for thread in self.threads:
            thread.join(timeout=5)
        with self.lock:
            for connection in self.connections:
                connection.close()


def _app_on(url: str):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_STORAGE_URI": "memory://",
            # Sent the instant it loads, as tests/conftest.py's SUITE_SETTINGS allow.
            "REQUEST_FORM_MIN_SECONDS": 0,
        }
    )
    app.test_client_class = RequestIsolatingClient
    return app


def _submit(client):
    return send_request(client, form_answers(), follow_redirects=True)


def _closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def _assert_calm_503(response):
    assert response.status_code == 503
    assert "Nothing was saved. Please try again in a few minutes." in response.text
    assert "Traceback" not in response.text
    assert int(response.headers["Retry-After"]) > 0


@pytest.fixture
def unreachable_app():
    app = _app_on(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/records_desk_test")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def proxied_app(database_url, app):
    """The app reaching the test database through a proxy the test can cut."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip(
            skips.needs(skips.POSTGRESQL, "the outage is a proxy cut in front of the server")
        )
    proxy = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    proxied = _app_on(url.set(host="127.0.0.1", port=proxy.port).render_as_string(False))
    proxied.proxy = proxy
    yield proxied
    with proxied.app_context():
        db.engine.dispose()
    proxy.close()


def test_submission_while_the_database_is_unreachable_gets_a_calm_503(unreachable_app):
    _assert_calm_503(_submit(unreachable_app.test_client()))


def test_readyz_fails_while_the_database_is_unreachable(unreachable_app):
    response = unreachable_app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.text == "not ready: database unreachable or not migrated\n"


def test_healthz_answers_while_the_database_is_unreachable(unreachable_app):
    assert unreachable_app.test_client().get("/healthz").status_code == 200


def test_submission_during_an_outage_writes_nothing_and_the_next_one_after_it_works(
    proxied_app,
):
    client = proxied_app.test_client()
    assert _submit(client).status_code == 200  # the pool now holds a live connection
    proxied_app.proxy.cut()
    _assert_calm_503(_submit(client))
    proxied_app.proxy.restore()
    after = _submit(client)
    assert after.status_code == 200
    assert "Your tracking code is" in after.text
    assert len(stored_requests()) == 2


def test_readyz_fails_during_an_outage_and_recovers_after_it(proxied_app):
    client = proxied_app.test_client()
    assert client.get("/readyz").status_code == 200
    proxied_app.proxy.cut()
    assert client.get("/readyz").status_code == 503
    proxied_app.proxy.restore()
    assert client.get("/readyz").status_code == 200


def test_an_outage_between_statements_leaves_no_partial_rows(proxied_app):
    """The connection drops after the request row is inserted and before the commit."""
    with proxied_app.app_context():
        lifecycle.receive(RecordsRequest(**request_fields()))
        proxied_app.proxy.cut()
        with pytest.raises(sa.exc.OperationalError):
            db.session.commit()
        db.session.rollback()
    assert stored_requests() == []


def test_a_request_received_and_then_rolled_back_leaves_no_row(app):
    """Nothing the receipt writes inside its savepoint is committed before the request's
    own commit (on SQLite, releasing a savepoint that opened the transaction commits)."""
    lifecycle.receive(RecordsRequest(**request_fields()))
    db.session.rollback()
    assert stored_requests() == []


def test_status_lookup_while_the_rate_limit_store_is_unreachable_gets_a_calm_503(database_url):
    """Redis down: the limited pages refuse with a calm 503 rather than run unlimited."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    )
    app.test_client_class = RequestIsolatingClient
    client = app.test_client()
    page = client.get("/status")
    response = client.post(
        "/status",
        data={
            "csrf_token": csrf_token_from(page.text),
            "tracking_code": "RR-AAAA-AAAA",
            "date_of_birth": "1951-04-17",
        },
    )
    _assert_calm_503(response)
    with app.app_context():
        db.engine.dispose()
