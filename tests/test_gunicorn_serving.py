"""Real gunicorn processes, as production runs them: two app hosts on one PostgreSQL
database and one Redis, a worker killed with SIGKILL under load, and several workers
writing to one SQLite file. Each instance is a subprocess on a free port serving the
suite's test database; the browsers are plain HTTP clients with their own cookies."""

import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from records_app.extensions import db
from records_app.models import RecordsRequest, RequestEvent
from tests.support import skips
from tests.support.accounts import STAFF_PASSWORD
from tests.support.answers import form_answers
from tests.support.steps import SIGN_URL, START_URL, filled_in

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/14"
_CSRF = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')
_TRACKING_CODE = re.compile(r'<p class="tracking-code">(RR-[A-Z0-9]{4}-[A-Z0-9]{4})</p>')


class Browser:
    """One person's browser: keeps its cookies, follows redirects, reads any status."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=body))

    def post_form(self, path: str, fields: dict) -> tuple[int, str]:
        """Load the page, then send its form back with its CSRF token."""
        _status, page = self.get(path)
        return self.post(path, {"csrf_token": _CSRF.search(page).group(1), **fields})

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py` on a free port, with its own environment."""

    def __init__(self, log_path: Path, database_url: str, *, workers: int, **environment):
        with socket.create_server(("127.0.0.1", 0)) as probe:
            self.port = probe.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "gunicorn-tests-secret-key",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_LOG_LEVEL": "warning",
            # Load from one address, sending each form the instant it loads: the spam
            # defences (tests/test_spam.py) would rightly hold it back.
            "REQUEST_FORM_MIN_SECONDS": "0",
            "REQUEST_SUBMISSIONS_PER_CLIENT": "1000 per minute",
            **environment,
        }
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_ready()

    def _wait_until_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()
            try:
                if Browser(self.base_url).get("/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not become ready:\n{self.log_path.read_text()}")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


@pytest.fixture
def start_gunicorn(app, database_url, tmp_path):
    """Starts gunicorn instances on the suite's database; stops them all afterwards."""
    started = []

    def start(*, workers=2, **environment):
        log_path = tmp_path / f"gunicorn-{len(started)}.log"
        instance = Gunicorn(log_path, database_url, workers=workers, **environment)
        started.append(instance)
        return instance

    yield start
    for instance in started:
        instance.stop()


@pytest.fixture
def two_hosts(start_gunicorn, database_url):
    """Two app hosts against one PostgreSQL database, sharing rate limits through Redis."""
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip(skips.needs(skips.POSTGRESQL, "two app hosts share one PostgreSQL database"))
    store = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        store.flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(skips.needs(skips.REDIS, "two app hosts share their rate limits in Redis"))
    finally:
        store.close()
    return [start_gunicorn(RATELIMIT_STORAGE_URI=REDIS_URL) for _ in range(2)]


def _again_if_dropped(send):
    """What `send` returns, sending it up to three times when the connection drops (a
    killed worker) as a person pressing the button again would; None if it never answers."""
    for _attempt in range(3):
        try:
            return send()
        except (OSError, http.client.HTTPException):
            continue
    return None


def file_request(browser: Browser) -> str | None:
    """Fills in the public form step by step as a person does; the tracking code on the
    confirmation page, or None when none came back. A repeated send of the signing page
    carries the same hidden submission token, so it can only ever return the first one's
    request."""
    answers = form_answers()
    page = _again_if_dropped(lambda: browser.get(START_URL))
    for _page_number in range(12):
        if page is None:
            return None
        found = _TRACKING_CODE.search(page[1])
        if found:
            return found.group(1)
        form = filled_in(page[1], answers)
        if form is None:
            page = _again_if_dropped(lambda: browser.get(SIGN_URL))
            continue
        action, fields = form
        page = _again_if_dropped(lambda: browser.post(action, fields))  # noqa: B023
    return None


def file_requests_at_once(base_urls: list[str], per_thread: int, threads: int) -> list:
    acknowledged: list[str | None] = []

    def submitter(index: int):
        browser = Browser(base_urls[index % len(base_urls)])
        for _ in range(per_thread):
            acknowledged.append(file_request(browser))

    workers = [threading.Thread(target=submitter, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return acknowledged


def stored_tracking_codes() -> Counter:
    db.session.rollback()
    return Counter(db.session.scalars(sa.select(RecordsRequest.tracking_code)))


@pytest.mark.xdist_group("redis")  # one test process at a time empties the shared Redis
def test_requests_filed_through_two_hosts_at_once_are_each_stored_exactly_once(two_hosts):
    acknowledged = file_requests_at_once([host.base_url for host in two_hosts], 6, threads=6)
    assert None not in acknowledged
    assert stored_tracking_codes() == Counter(acknowledged)
    assert len(acknowledged) == 36


def _request_page_form(browser: Browser, request_id: int, action: str) -> dict:
    _status, page = browser.get(f"/staff/requests/{request_id}")
    version = re.search(rf'name="{action}-version" type="hidden" value="(\d+)"', page)
    return {f"{action}-csrf_token": _CSRF.search(page).group(1), f"{action}-version": version[1]}


@pytest.mark.xdist_group("redis")  # one test process at a time empties the shared Redis
def test_the_same_action_through_two_hosts_at_once_is_taken_exactly_once(
    two_hosts, make_staff, make_request
):
    make_staff("first@example.org", name="First Clerk")
    make_staff("second@example.org", name="Second Clerk")
    request_id = make_request().id
    clerks = []
    for host, email in zip(two_hosts, ("first@example.org", "second@example.org"), strict=True):
        clerk = Browser(host.base_url)
        clerk.post_form("/staff/sign-in", {"email": email, "password": STAFF_PASSWORD})
        clerks.append((clerk, _request_page_form(clerk, request_id, "start_review")))
    pages = []
    both_ready = threading.Barrier(2)

    def act(clerk: Browser, fields: dict):
        both_ready.wait()
        pages.append(clerk.post(f"/staff/requests/{request_id}/actions/start_review", fields))

    acting = [threading.Thread(target=act, args=clerk) for clerk in clerks]
    for thread in acting:
        thread.start()
    for thread in acting:
        thread.join()

    assert sorted(status for status, _page in pages) == [200, 200]
    assert sum("Review started." in page for _status, page in pages) == 1
    assert sum("while you were looking at it" in page for _status, page in pages) == 1
    db.session.rollback()
    events = db.session.scalars(
        sa.select(RequestEvent.action).where(RequestEvent.request_id == request_id)
    )
    assert Counter(events)["start_review"] == 1


@pytest.mark.xdist_group("redis")  # one test process at a time empties the shared Redis
def test_status_lookup_misses_through_two_hosts_share_one_limit(two_hosts):
    miss = {"tracking_code": "RR-AAAA-AAAA", "date_of_birth": "1951-04-17"}
    browsers = [Browser(host.base_url) for host in two_hosts]
    answers = [browsers[i % 2].post_form("/status", miss)[0] for i in range(10)]
    assert answers == [200] * 10
    assert browsers[0].post_form("/status", miss)[0] == 429
    assert browsers[1].post_form("/status", miss)[0] == 429


def test_a_worker_killed_under_load_loses_no_acknowledged_request(start_gunicorn):
    server = start_gunicorn(workers=2)
    acknowledged: list[str | None] = []
    load = threading.Thread(
        target=lambda: acknowledged.extend(file_requests_at_once([server.base_url], 10, 4))
    )
    load.start()
    while len(stored_tracking_codes()) < 5 and load.is_alive():
        time.sleep(0.05)
    os.kill(server.worker_pids()[0], signal.SIGKILL)
    load.join()

    confirmed = Counter(code for code in acknowledged if code)
    stored = stored_tracking_codes()
    assert all(stored[code] == 1 for code in confirmed)
    assert sum(stored.values()) == len(stored)
    assert len(confirmed) >= 30


def test_sqlite_with_several_workers_never_shows_a_writer_database_is_locked(
    start_gunicorn, database_url
):
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip(skips.needs(skips.SQLITE, "SQLite's single writer; PostgreSQL has row locks"))
    server = start_gunicorn(workers=4)
    acknowledged = file_requests_at_once([server.base_url], 8, threads=8)
    assert None not in acknowledged
    assert stored_tracking_codes() == Counter(acknowledged)
    assert "database" not in server.log_path.read_text()


def test_the_access_log_keeps_the_path_and_never_the_query_string(start_gunicorn):
    server = start_gunicorn(workers=1, GUNICORN_LOG_LEVEL="info")
    Browser(server.base_url).get("/status?tracking_code=RR-7KQ4-M2XD&dob=1951-04-17")
    server.stop()
    log = server.log_path.read_text()
    assert '"GET /status HTTP/1.1" 200' in log
    assert "RR-7KQ4-M2XD" not in log
    assert "1951-04-17" not in log
