"""Settings come from environment variables, with defaults that are safe for one person
trying the app on their own machine. Production (APP_ENV=production) refuses to start
without the secrets it needs rather than inventing them."""

import base64
import logging
import os
import secrets
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)
_KEYS_ADVICE = (
    "`.venv/bin/flask --app app keys generate` (keep a copy in a safe place: docs/encryption.md)"
)


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


KEY_LENGTH = 32


def new_key() -> str:
    """A fresh 256-bit key in the form `RECORDS_KEYS`, `RECORDS_LOOKUP_KEY` and `AUDIT_KEYS`
    take."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_LENGTH)).decode("ascii")


def _instance_secret(
    setting: str, instance_path: str, production: bool, *, make, how_to_make: str
) -> str:
    """The setting from the environment or, outside production, one made once into a file
    of the instance folder and reused from then on. Production refuses to start without it:
    a secret invented at start-up would sign out everyone, or make everything encrypted
    before it unreadable."""
    value = os.environ.get(setting, "").strip()
    if value:
        return value
    if production:
        raise ConfigurationError(
            f"{setting} is not set. In production the app needs a fixed value: "
            f"generate one with {how_to_make} and set it in the environment."
        )
    secret_file = Path(instance_path) / setting.lower()
    if not secret_file.exists():
        secret_file.write_text(make())
        secret_file.chmod(0o600)
        log.warning(
            "%s is not set: generated a development value into %s and will reuse it.",
            setting,
            secret_file,
        )
    return secret_file.read_text().strip()


def _closure_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise ConfigurationError(
            f"PRACTICE_CLOSURE_DATE must be a date like 2023-03-10, not {raw!r}"
        ) from error


# Argon2id's cost: argon2-cffi's own defaults (RFC 9106's low-memory profile, about 0.1 s and
# 64 MiB a hash). Argon2 needs at least 8 KiB of memory for each of its 4 lanes.
PASSWORD_HASH_DEFAULTS = {"PASSWORD_HASH_TIME_COST": 3, "PASSWORD_HASH_MEMORY_KIB": 65536}
_PASSWORD_HASH_MINIMUMS = {"PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 32}


# The practice's details, shown on every page, on every letter and on the closure page. The
# defaults fill the pages of a trial install and are placeholders: production refuses to start
# while one is left, since a letter or a page naming the wrong custodian helps nobody.
PRACTICE_DEFAULTS = {
    "PRACTICE_NAME": "Interventional and Vascular Consultants",
    "PRACTICE_CLOSURE_DATE": "2023-03-10",
    "PRACTICE_CUSTODIAN_NAME": "Records Custodian",
    "PRACTICE_ADDRESS": "PO Box 0000, Portland, OR 97201 (set PRACTICE_ADDRESS)",
    "PRACTICE_PHONE": "503-555-0100",
    "PRACTICE_EMAIL": "records@example.org",
    "PRACTICE_FAX": "503-555-0101",
    "PRACTICE_RECORDS_HELD_AT": "(set PRACTICE_RECORDS_HELD_AT)",
    "PRACTICE_RECORDS_KEPT_FOR": "(set PRACTICE_RECORDS_KEPT_FOR)",
    "PRACTICE_RECORDS_AFTERWARDS": "(set PRACTICE_RECORDS_AFTERWARDS)",
    "PRACTICE_OTHER_CUSTODIANS": (
        "(set PRACTICE_OTHER_CUSTODIANS)|(which records)|(how to reach them)"
    ),
}
# Settings a practice may leave empty on purpose: no fax, no other custodian.
_PRACTICE_MAY_BE_EMPTY = ("PRACTICE_FAX", "PRACTICE_OTHER_CUSTODIANS")
_PLACEHOLDER_MARK = "(set "


def _practice_settings(production: bool) -> dict:
    """The practice's details from the environment. In production every one must be set
    and none may still carry a placeholder's "(set ...)"."""
    settings = {name: os.environ.get(name, default) for name, default in PRACTICE_DEFAULTS.items()}
    if production:
        left = [
            name
            for name, value in settings.items()
            if name not in os.environ
            or _PLACEHOLDER_MARK in value
            or (not value.strip() and name not in _PRACTICE_MAY_BE_EMPTY)
        ]
        if left:
            raise ConfigurationError(
                f"Set the practice's own details before going live: {', '.join(left)} "
                "still hold a placeholder (README, Configuration)."
            )
    settings["PRACTICE_CLOSURE_DATE"] = _closure_date(settings["PRACTICE_CLOSURE_DATE"])
    settings["PRACTICE_OTHER_CUSTODIANS"] = _other_custodians(settings["PRACTICE_OTHER_CUSTODIANS"])
    return settings


def _other_custodians(raw: str) -> tuple[tuple[str, str, str], ...]:
    """Who holds the records this practice does not, for the closure page: entries separated
    by ";", each "which records|who holds them|how to reach them"."""
    entries = []
    for entry in filter(None, (part.strip() for part in raw.split(";"))):
        fields = tuple(field.strip() for field in entry.split("|"))
        if len(fields) != 3 or not all(fields):
            raise ConfigurationError(
                "PRACTICE_OTHER_CUSTODIANS takes entries like "
                "'Hospital procedures|Example Hospital, Health Information Management|"
                f"503-555-0199', separated by ';', not {entry!r}"
            )
        entries.append(fields)
    return tuple(entries)


def _password_hash_settings() -> dict:
    """How much time and memory hashing a staff password takes. Hashes made with other
    settings still verify, and are made again with these at the next sign-in."""
    settings = {}
    for name, default in PASSWORD_HASH_DEFAULTS.items():
        raw = os.environ.get(name, "").strip() or str(default)
        minimum = _PASSWORD_HASH_MINIMUMS[name]
        if not raw.isdigit() or int(raw) < minimum:
            raise ConfigurationError(f"{name} must be a whole number of at least {minimum}.")
        settings[name] = int(raw)
    return settings


# Fewer days than the digest's mark for a request waiting too long would close requests
# before anyone was reminded of them (records_app/reminders).
CLOSE_UNANSWERED_MINIMUM_DAYS = 14


def _close_unanswered_after_days() -> int | None:
    """Days a request may wait for the requester's information before `flask requests
    sweep` closes it; unset (the default), the sweep closes nothing."""
    raw = os.environ.get("CLOSE_UNANSWERED_AFTER_DAYS", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < CLOSE_UNANSWERED_MINIMUM_DAYS:
        raise ConfigurationError(
            "CLOSE_UNANSWERED_AFTER_DAYS must be a whole number of days, at least "
            f"{CLOSE_UNANSWERED_MINIMUM_DAYS}, or unset to close nothing."
        )
    return int(raw)


def _flag(name: str, default: str = "false") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


# The fee settings (records_app/fees): each amount is typed in dollars and kept in cents.
# The defaults are the issue's: patients' copies free; HHS's flat fee for an electronic copy
# (at most $6.50); Oregon's caps for copies sent to a third party (ORS 192.563).
FEE_AMOUNT_DEFAULTS = {
    "FEE_PATIENT_FLAT": "6.50",
    "FEE_PATIENT_PER_PAGE": "0.10",
    "FEE_THIRD_PARTY_FIRST_10_PAGES": "30.00",
    "FEE_THIRD_PARTY_PAGES_11_TO_50": "0.50",
    "FEE_THIRD_PARTY_PAGES_AFTER_50": "0.25",
    "FEE_THIRD_PARTY_PROMPT_MAILING": "5.00",
}
# HHS: "a flat fee not to exceed $6.50 (inclusive of all labor, supplies, and any applicable
# postage)" for an electronic copy of records kept electronically.
FLAT_FEE_CEILING_CENTS = 650
PATIENT_FEE_WAYS = ("free", "flat", "schedule", "actual")


def _cents(name: str, raw: str) -> int:
    whole, _, fraction = raw.partition(".")
    if not (whole.isdigit() and len(fraction) <= 2 and (fraction.isdigit() or not fraction)):
        raise ConfigurationError(f"{name} must be an amount in dollars like 6.50, not {raw!r}")
    return int(whole) * 100 + int(fraction.ljust(2, "0") or 0)


def _holidays(raw: str) -> frozenset[date]:
    try:
        return frozenset(date.fromisoformat(day.strip()) for day in raw.split(",") if day.strip())
    except ValueError as error:
        raise ConfigurationError(
            f"PRACTICE_HOLIDAYS must be dates like 2026-07-03, comma-separated, not {raw!r}"
        ) from error


def _fee_settings() -> dict:
    """What the practice charges, read once at start-up; `fees.schedule.current()` hands
    them to the calculator. A bad amount stops the app rather than charging wrongly."""
    settings = {
        f"{name}_CENTS": _cents(name, os.environ.get(name, "").strip() or default)
        for name, default in FEE_AMOUNT_DEFAULTS.items()
    }
    if settings["FEE_PATIENT_FLAT_CENTS"] > FLAT_FEE_CEILING_CENTS:
        raise ConfigurationError("FEE_PATIENT_FLAT can be at most 6.50 (45 CFR 164.524(c)(4)).")
    patient_default = os.environ.get("FEE_PATIENT_DEFAULT", "").strip() or "free"
    if patient_default not in PATIENT_FEE_WAYS:
        raise ConfigurationError(
            f"FEE_PATIENT_DEFAULT must be one of {', '.join(PATIENT_FEE_WAYS)}, "
            f"not {patient_default!r}"
        )
    return {
        **settings,
        "FEE_PATIENT_DEFAULT": patient_default,
        "FEE_THIRD_PARTY_PAYS_FIRST": _flag("FEE_THIRD_PARTY_PAYS_FIRST", "true"),
        "FEE_CHECKS_PAYABLE_TO": os.environ.get("FEE_CHECKS_PAYABLE_TO", "").strip(),
        "PRACTICE_HOLIDAYS": _holidays(os.environ.get("PRACTICE_HOLIDAYS", "")),
    }


def _mail_settings(production: bool) -> dict:
    """SMTP for the requester notifications; no MAIL_SERVER means e-mail is off and each
    message is only logged. Letters and messages are also written from the command line,
    outside any web request, so the status page's address comes from PUBLIC_BASE_URL;
    outside production it defaults to the address `flask run` serves (FLASK_RUN_HOST and
    FLASK_RUN_PORT, which `make run` sets from HOST and PORT)."""
    server = os.environ.get("MAIL_SERVER", "").strip()
    use_tls, use_ssl = _flag("MAIL_USE_TLS"), _flag("MAIL_USE_SSL")
    if use_tls and use_ssl:
        raise ConfigurationError(
            "Set MAIL_USE_TLS (STARTTLS, usually port 587) or MAIL_USE_SSL (usually port 465), "
            "not both."
        )
    base_url = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if production and not base_url.startswith("https://"):
        raise ConfigurationError(
            "PUBLIC_BASE_URL must be set to the public https:// address of the app: letters "
            "print the status page's address and e-mails link to it."
        )
    return {
        "MAIL_SERVER": server,
        "MAIL_PORT": int(
            os.environ.get("MAIL_PORT", "465" if use_ssl else "587" if use_tls else "25")
        ),
        "MAIL_USE_TLS": use_tls,
        "MAIL_USE_SSL": use_ssl,
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        # Empty: the practice's own address (PRACTICE_EMAIL) sends.
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "").strip(),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "5")),
        # No flooding an inbox through the public form: messages beyond this to one address
        # in a day are held back, not sent.
        "MAIL_PER_ADDRESS_PER_DAY": int(os.environ.get("MAIL_PER_ADDRESS_PER_DAY", "10")),
        "PUBLIC_BASE_URL": base_url or _development_base_url(),
    }


def _development_base_url() -> str:
    host = os.environ.get("FLASK_RUN_HOST", "").strip() or "127.0.0.1"
    port = os.environ.get("FLASK_RUN_PORT", "").strip() or "5000"
    if ":" in host:  # an IPv6 address goes in brackets
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _whole_number(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip() or str(default)
    if not raw.isdigit() or int(raw) < minimum:
        raise ConfigurationError(f"{name} must be a whole number of at least {minimum}.")
    return int(raw)


def _release_settings() -> dict:
    """Released records (records_app/releases): how much may be attached to one request,
    whether PDFs get the release footer, how long the files are kept after release, how
    long a third party's link lasts, and the most sent as attachments by ordinary e-mail."""
    return {
        "RELEASE_MAX_MB_PER_REQUEST": _whole_number("RELEASE_MAX_MB_PER_REQUEST", 1024, 1),
        "RELEASE_STAMP": _flag("RELEASE_STAMP", "true"),
        "RELEASE_DAYS_KEPT": _whole_number("RELEASE_DAYS_KEPT", 90),
        "RELEASE_LINK_DAYS": _whole_number("RELEASE_LINK_DAYS", 30, 1),
        "RELEASE_EMAIL_ATTACHMENT_MB": _whole_number("RELEASE_EMAIL_ATTACHMENT_MB", 20),
    }


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
        "SECRET_KEY": _instance_secret(
            "SECRET_KEY",
            instance_path,
            production,
            make=lambda: secrets.token_hex(32),
            how_to_make="`.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))'`",
        ),
        # Encryption at rest (records_app/encryption.py, docs/encryption.md): keys
        # comma-separated, newest first; the lookup key hashes the searchable columns.
        "RECORDS_KEYS": _instance_secret(
            "RECORDS_KEYS", instance_path, production, make=new_key, how_to_make=_KEYS_ADVICE
        ),
        "RECORDS_LOOKUP_KEY": _instance_secret(
            "RECORDS_LOOKUP_KEY", instance_path, production, make=new_key, how_to_make=_KEYS_ADVICE
        ),
        # The audit chain's HMAC keys (records_app/audit/keys.py), newest first.
        "AUDIT_KEYS": _instance_secret(
            "AUDIT_KEYS", instance_path, production, make=new_key, how_to_make=_KEYS_ADVICE
        ),
        # Where `flask audit checkpoint` writes the chain's head (docs/audit.md): the system
        # log's address (a socket path, or host:port for UDP; empty for none), a file it
        # appends to, and e-mail addresses, comma-separated.
        "AUDIT_CHECKPOINT_SYSLOG": os.environ.get("AUDIT_CHECKPOINT_SYSLOG", "/dev/log"),
        "AUDIT_CHECKPOINT_FILE": os.environ.get("AUDIT_CHECKPOINT_FILE", ""),
        "AUDIT_CHECKPOINT_EMAIL": os.environ.get("AUDIT_CHECKPOINT_EMAIL", ""),
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
        # A photo ID of more pixels than this is refused from its header, never decoded.
        "MAX_PHOTO_PIXELS": int(os.environ.get("MAX_PHOTO_PIXELS", "40000000")),
        # Spam defence on the public request form (records_app/spam.py): requests accepted
        # from one client address (shared through RATELIMIT_STORAGE_URI), and the fewest
        # seconds between showing the form and sending it.
        "REQUEST_SUBMISSIONS_PER_CLIENT": os.environ.get(
            "REQUEST_SUBMISSIONS_PER_CLIENT", "5 per hour"
        ),
        "REQUEST_FORM_MIN_SECONDS": int(os.environ.get("REQUEST_FORM_MIN_SECONDS", "5")),
        # How long the answers of the step-by-step request form are kept between steps
        # (records_app/request_drafts.py), counted from the last step answered.
        "REQUEST_ANSWERS_KEPT_FOR_MINUTES": int(
            os.environ.get("REQUEST_ANSWERS_KEPT_FOR_MINUTES", "120")
        ),
        "RETENTION_DAYS_AFTER_CLOSE": int(os.environ.get("RETENTION_DAYS_AFTER_CLOSE", "90")),
        "CLOSE_UNANSWERED_AFTER_DAYS": _close_unanswered_after_days(),
        "STAFF_IDLE_MINUTES": int(os.environ.get("STAFF_IDLE_MINUTES", "15")),
        "STAFF_SESSION_MAX_HOURS": int(os.environ.get("STAFF_SESSION_MAX_HOURS", "12")),
        "REQUIRE_ADMIN_TWO_STEP": _flag("REQUIRE_ADMIN_TWO_STEP"),
        # A second staff member checks releases that include sensitive records (off: many
        # closed practices have one custodian).
        "FOUR_EYES_SENSITIVE_RELEASES": _flag("FOUR_EYES_SENSITIVE_RELEASES"),
        **_password_hash_settings(),
        "PRACTICE_TIMEZONE": os.environ.get("PRACTICE_TIMEZONE", "America/Los_Angeles"),
        **_fee_settings(),
        **_release_settings(),
        **_mail_settings(production),
        **_practice_settings(production),
    }
