"""Settings come from environment variables, with defaults that are safe for one person
trying the app on their own machine. Production (APP_ENV=production) refuses to start
without the secrets it needs rather than inventing them."""

import os
import secrets
from datetime import date
from pathlib import Path


class ConfigurationError(RuntimeError):
    """Raised at start-up when a setting is missing or malformed."""


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "records.sqlite3")
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(instance_path: str, production: bool) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if production:
        raise ConfigurationError(
            "SECRET_KEY is not set. In production the app needs a fixed secret key: "
            "generate one with `python -c 'import secrets; print(secrets.token_hex(32))'` "
            "and set it in the environment."
        )
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _closure_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise ConfigurationError(
            f"PRACTICE_CLOSURE_DATE must be a date like 2023-03-10, not {raw!r}"
        ) from error


def engine_options(database_url: str) -> dict:
    # hide_parameters: a database error must not carry submitted values into a log.
    options: dict = {"pool_pre_ping": True, "hide_parameters": True}
    if database_url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 15}
    elif database_url.startswith("postgresql"):
        # An unreachable server fails the request in seconds (a calm 503) instead of holding
        # the worker until gunicorn kills it.
        options["connect_args"] = {"connect_timeout": 5}
    return options


def load_config(instance_path: str) -> dict:
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    env = os.environ.get("APP_ENV", "development").strip().lower()
    production = env == "production"
    return {
        "APP_ENV": env,
        "SECRET_KEY": _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "WTF_CSRF_TIME_LIMIT": 3600 * 4,
        # Three identity documents of at most 10 MB each, and the form around them.
        "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
        "RETENTION_DAYS_AFTER_CLOSE": int(os.environ.get("RETENTION_DAYS_AFTER_CLOSE", "90")),
        "STAFF_IDLE_MINUTES": int(os.environ.get("STAFF_IDLE_MINUTES", "15")),
        "STAFF_SESSION_MAX_HOURS": int(os.environ.get("STAFF_SESSION_MAX_HOURS", "12")),
        "REQUIRE_ADMIN_TWO_STEP": os.environ.get("REQUIRE_ADMIN_TWO_STEP", "false").strip().lower()
        in ("1", "true", "yes", "on"),
        "PRACTICE_NAME": os.environ.get("PRACTICE_NAME", "Interventional and Vascular Consultants"),
        "PRACTICE_CLOSURE_DATE": _closure_date(
            os.environ.get("PRACTICE_CLOSURE_DATE", "2023-03-10")
        ),
        "PRACTICE_CUSTODIAN_NAME": os.environ.get("PRACTICE_CUSTODIAN_NAME", "Records Custodian"),
        "PRACTICE_ADDRESS": os.environ.get(
            "PRACTICE_ADDRESS", "PO Box 0000, Portland, OR 97201 (set PRACTICE_ADDRESS)"
        ),
        "PRACTICE_PHONE": os.environ.get("PRACTICE_PHONE", "503-555-0100"),
        "PRACTICE_EMAIL": os.environ.get("PRACTICE_EMAIL", "records@example.org"),
        "PRACTICE_TIMEZONE": os.environ.get("PRACTICE_TIMEZONE", "America/Los_Angeles"),
    }
