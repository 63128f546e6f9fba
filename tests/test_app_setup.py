"""The app factory, configuration and the behaviour every page shares."""

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import request

from records_app.config import PASSWORD_HASH_DEFAULTS, ConfigurationError, load_config
from records_app.extensions import db
from tests.support import skips


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        load_config(str(tmp_path))


def test_development_keeps_one_generated_secret_key_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(str(tmp_path))["SECRET_KEY"]
    second = load_config(str(tmp_path))["SECRET_KEY"]
    assert first == second == (tmp_path / "secret_key").read_text()
    assert len(first) == 64


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"]
    assert url == f"sqlite:///{tmp_path}/records.sqlite3"


@pytest.mark.parametrize("scheme", ["postgres://", "postgresql://"])
def test_postgres_urls_get_the_psycopg_driver(monkeypatch, tmp_path, scheme):
    monkeypatch.setenv("DATABASE_URL", f"{scheme}clerk@db.internal/records")
    url = load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"]
    assert url == "postgresql+psycopg://clerk@db.internal/records"


def test_malformed_closure_date_is_a_clear_start_up_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PRACTICE_CLOSURE_DATE", "March 2023")
    with pytest.raises(ConfigurationError, match="PRACTICE_CLOSURE_DATE"):
        load_config(str(tmp_path))


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        (None, None, "http://127.0.0.1:5000"),
        ("127.0.0.1", "5077", "http://127.0.0.1:5077"),
        ("0.0.0.0", "8000", "http://0.0.0.0:8000"),
        ("::1", "5000", "http://[::1]:5000"),
    ],
)
def test_development_public_base_url_follows_the_address_flask_run_serves(
    monkeypatch, tmp_path, host, port, expected
):
    # `make run` passes HOST and PORT to `flask run` as FLASK_RUN_HOST and FLASK_RUN_PORT.
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    for name, value in (("FLASK_RUN_HOST", host), ("FLASK_RUN_PORT", port)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert load_config(str(tmp_path))["PUBLIC_BASE_URL"] == expected


def test_a_set_public_base_url_wins_over_the_development_default(monkeypatch, tmp_path):
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.setenv("FLASK_RUN_PORT", "5077")
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://desk.test:8080/")
    assert load_config(str(tmp_path))["PUBLIC_BASE_URL"] == "http://desk.test:8080"


def test_password_hashing_costs_default_to_argon2_cffis_own(monkeypatch, tmp_path):
    for name in PASSWORD_HASH_DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    config = load_config(str(tmp_path))
    argon2_default = PasswordHasher()
    assert (config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_KIB"]) == (
        argon2_default.time_cost,
        argon2_default.memory_cost,
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("PASSWORD_HASH_TIME_COST", "0"),
        ("PASSWORD_HASH_MEMORY_KIB", "16"),
        ("PASSWORD_HASH_MEMORY_KIB", "64 MiB"),
    ],
)
def test_a_password_hashing_cost_argon2_cannot_use_is_a_clear_start_up_error(
    monkeypatch, tmp_path, setting, value
):
    monkeypatch.setenv(setting, value)
    with pytest.raises(ConfigurationError, match=f"{setting} must be a whole number"):
        load_config(str(tmp_path))


def test_sqlite_connections_use_wal_and_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip(skips.needs(skips.SQLITE, "WAL and the busy timeout are SQLite settings"))
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("PRAGMA busy_timeout")).scalar() == 15000


def test_every_page_carries_the_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def test_https_responses_ask_for_https_from_then_on(client):
    response = client.get("/", base_url="https://records.example.org")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_unknown_page_is_a_calm_404_with_a_reference(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert response.headers["X-Request-Id"] in response.text


def test_an_unexpected_error_is_a_calm_500_without_a_trace(build_app, caplog):
    app = build_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("Margaret Holloway 1951-04-17")

    with caplog.at_level(logging.DEBUG):
        response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" in caplog.text
    assert "Holloway" not in caplog.text and "Holloway" not in response.text


def test_forwarded_client_address_is_ignored_without_trusted_proxies(build_app):
    app = build_app()
    seen = []
    app.get("/whoami-for-test")(lambda: seen.append(request.remote_addr) or "")
    app.test_client().get("/whoami-for-test", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen == ["127.0.0.1"]


def test_forwarded_client_address_is_used_behind_one_trusted_proxy(build_app, monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    app = build_app()
    seen = []
    app.get("/whoami-for-test")(lambda: seen.append(request.remote_addr) or "")
    app.test_client().get("/whoami-for-test", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen == ["203.0.113.9"]


def test_request_log_line_has_path_status_and_staff_but_no_query(client, auth, make_staff, caplog):
    user = make_staff()
    auth.sign_in()
    with caplog.at_level(logging.INFO, logger="records_app.requests"):
        client.get("/staff/?status=submitted&overdue=y")
    [line] = [r.getMessage() for r in caplog.records if "endpoint=staff.queue" in r.getMessage()]
    assert "method=GET path=/staff/ " in line
    assert "status=200" in line and f"staff={user.id}" in line
    assert "overdue" not in line and "?" not in line


def test_a_safe_request_id_from_the_proxy_is_kept(client):
    response = client.get("/", headers={"X-Request-Id": "proxy-7f3a-42"})
    assert response.headers["X-Request-Id"] == "proxy-7f3a-42"


@pytest.mark.parametrize(
    "sent",
    ["abc status=200 staff=1", "abc\tmethod=GET", "a" * 65, "id_with_underscore", "ñ"],
)
def test_an_unsafe_request_id_is_replaced_by_one_of_our_own(client, caplog, sent):
    with caplog.at_level(logging.INFO, logger="records_app.requests"):
        response = client.get("/", headers={"X-Request-Id": sent})
    assert response.headers["X-Request-Id"] != sent
    assert re.fullmatch(r"[0-9a-f]{16}", response.headers["X-Request-Id"])
    assert sent not in caplog.text


def test_creating_the_app_leaves_the_pdf_drawing_library_unloaded():
    """fpdf2 (with its fonts, about 30 MiB) loads when a PDF is first drawn: an export, a
    mail run or a worker that never draws one stays under the export's memory ceiling."""
    code = (
        "import sys; from records_app import create_app; create_app(); print('fpdf' in sys.modules)"
    )
    started = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    assert started.stdout.splitlines()[-1] == "False"
