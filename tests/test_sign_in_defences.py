"""Sign-in defences: lockout after repeated failures, rate limits per account and per
address (also shared between workers through Redis), and the audit rows every sign-in
leaves (NIST SP 800-63B 5.2.2; 45 CFR 164.312(b) and (d))."""

from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine

from records_app import create_app
from records_app.extensions import db, limiter
from tests.support import skips
from tests.support.accounts import STAFF_PASSWORD, AuthActions
from tests.support.audit import audit_rows
from tests.support.client import RequestIsolatingClient
from tests.support.forms import post_form

INCORRECT = "The e-mail address or password is incorrect."
WRONG_PASSWORD = STAFF_PASSWORD + " nope"
REDIS_URL = "redis://127.0.0.1:6379/15"


def fail_sign_ins(auth, count, email="clerk@example.org"):
    """Wrong passwords, with the rate limits cleared between them: these tests are about the
    lockout, and the limits have tests of their own."""
    for _ in range(count):
        limiter.reset()
        auth.sign_in(email, WRONG_PASSWORD)
    limiter.reset()


def sign_in_from(client, address, email="clerk@example.org", password=WRONG_PASSWORD):
    return post_form(
        client,
        "/staff/sign-in",
        {"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_ten_failures_lock_the_account_with_the_usual_message(make_staff, auth):
    user = make_staff()
    fail_sign_ins(auth, 10)
    db.session.refresh(user)
    assert user.locked_until is not None
    response = auth.sign_in(password=WRONG_PASSWORD)
    assert response.status_code == 422
    assert INCORRECT in response.text
    assert "locked" not in response.text.lower()


def test_nine_failures_do_not_lock_the_account(make_staff, auth):
    make_staff()
    fail_sign_ins(auth, 9)
    assert auth.sign_in().status_code == 302


def test_the_right_password_is_refused_while_locked(make_staff, auth, client):
    make_staff()
    fail_sign_ins(auth, 10)
    response = auth.sign_in()
    assert response.status_code == 422
    assert INCORRECT in response.text
    assert client.get("/staff/").status_code == 302


def test_the_account_unlocks_after_15_minutes(make_staff, auth, client):
    make_staff()
    fail_sign_ins(auth, 10)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=15, seconds=5), tick=False):
        assert auth.sign_in().status_code == 302
        assert client.get("/staff/").status_code == 200


def test_a_successful_sign_in_resets_the_failure_count(make_staff, auth, client):
    user = make_staff()
    fail_sign_ins(auth, 9)
    auth.sign_in()
    auth.sign_out()
    db.session.refresh(user)
    assert user.failed_sign_ins == 0
    fail_sign_ins(auth, 9)
    assert auth.sign_in().status_code == 302


def test_per_account_limit_holds_whatever_the_address(make_staff, client):
    make_staff()
    for attempt in range(5):
        assert sign_in_from(client, f"198.51.100.{attempt}").status_code == 422
    assert sign_in_from(client, "198.51.100.99").status_code == 429


def test_per_account_limit_ignores_the_case_of_the_address(make_staff, client):
    make_staff()
    for attempt in range(5):
        sign_in_from(client, f"198.51.100.{attempt}", email="Clerk@Example.org")
    assert sign_in_from(client, "198.51.100.99", email="CLERK@example.ORG").status_code == 429


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200c", "\x01", "\u2060", "\ufeff"],
    ids=["zwsp", "zwnj", "soh", "word-joiner", "bom"],
)
def test_per_account_limit_ignores_invisible_characters_in_the_address(
    make_staff, client, invisible
):
    make_staff()
    for attempt in range(5):
        sign_in_from(client, f"198.51.100.{attempt}")
    disguised = f"clerk@example.org{invisible}"
    assert sign_in_from(client, "198.51.100.99", email=disguised).status_code == 429


def test_per_account_limit_does_not_count_successful_sign_ins(make_staff, client):
    make_staff()
    for _ in range(6):
        assert sign_in_from(client, "198.51.100.7", password=STAFF_PASSWORD).status_code == 302
        client.delete_cookie("session")


def test_per_address_limit_holds_across_accounts(client):
    for attempt in range(20):
        response = sign_in_from(client, "203.0.113.5", email=f"guess{attempt}@example.org")
        assert response.status_code == 422
    assert sign_in_from(client, "203.0.113.5", email="guess99@example.org").status_code == 429
    assert sign_in_from(client, "203.0.113.6", email="guess99@example.org").status_code == 422


def test_successful_sign_in_is_audited_with_the_address(make_staff, auth):
    user = make_staff()
    auth.sign_in()
    [row] = audit_rows("auth.signed_in")
    assert row.actor_id == user.id
    assert row.ip_address == "127.0.0.1"


def test_failed_sign_in_of_a_known_account_is_audited_against_it(make_staff, auth):
    user = make_staff()
    auth.sign_in(password=WRONG_PASSWORD)
    [row] = audit_rows("auth.sign_in_failed")
    assert row.actor_id == user.id
    assert row.ip_address == "127.0.0.1"


def test_failed_sign_in_of_an_unknown_address_does_not_record_the_address(auth):
    auth.sign_in("typo.or.password@example.org", "maybe a password typed in the wrong box")
    [row] = audit_rows("auth.sign_in_failed")
    assert row.actor_id is None
    assert row.actor_label == "unknown account"
    stored = repr((row.actor_label, row.details))
    assert "typo.or.password" not in stored and "wrong box" not in stored


def test_lockout_is_audited(make_staff, auth):
    user = make_staff()
    fail_sign_ins(auth, 10)
    [row] = audit_rows("auth.locked")
    assert row.actor_id == user.id


def test_sign_out_is_audited(signed_in_staff, auth):
    auth.sign_out()
    [row] = audit_rows("auth.signed_out")
    assert row.actor_id == signed_in_staff.id
    assert row.ip_address == "127.0.0.1"


def test_idle_session_end_is_audited(signed_in_staff, client):
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16), tick=False):
        client.get("/staff/")
    [row] = audit_rows("auth.session_ended")
    assert row.actor_id == signed_in_staff.id
    assert row.details == {"reason": "idle"}


@pytest.fixture
def shared_redis():
    """Database 15 of the Redis at 127.0.0.1:6379, emptied, for the rate-limit counters."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        connection.close()
        pytest.skip(skips.needs(skips.REDIS, "nothing answers at 127.0.0.1:6379"))
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


def worker(database_url):
    """One more app, as a second gunicorn worker would build its own."""
    worker_app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
        }
    )
    worker_app.test_client_class = RequestIsolatingClient
    return worker_app


@pytest.mark.xdist_group("redis")  # one test process at a time empties the shared Redis
def test_failures_on_one_worker_count_on_another_through_redis(app, database_url, shared_redis):
    """The second worker starts after the first has counted three failures, with a storage
    connection of its own: only a shared Redis can carry the count across."""
    workers = [worker(database_url)]
    try:
        for attempt in range(3):
            first = AuthActions(workers[0].test_client())
            assert first.sign_in("nobody@example.org", f"guess {attempt}").status_code == 422
        workers.append(worker(database_url))
        for attempt in range(2):
            second = AuthActions(workers[1].test_client())
            assert second.sign_in("nobody@example.org", f"again {attempt}").status_code == 422
        refused = AuthActions(workers[1].test_client()).sign_in("nobody@example.org", "last")
        assert refused.status_code == 429
    finally:
        for worker_app in workers:
            with worker_app.app_context():
                db.engine.dispose()
