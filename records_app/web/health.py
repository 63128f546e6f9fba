"""Health checks for the load balancer and the process supervisor.

`/healthz` answers while the process can serve at all, without touching the database, so a
database outage does not get every app host restarted. `/readyz` answers 200 only when the
database answers and its schema is not behind the migrations shipped with the code, so a
host that would fail every request (or one deployed before `flask db upgrade`) is taken out
of rotation. Neither
reads patient data, sets a cookie or counts against a rate limit.
"""

from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Blueprint, Response, current_app
from sqlalchemy.exc import SQLAlchemyError

from records_app.extensions import db, limiter

bp = Blueprint("health", __name__)
limiter.exempt(bp)


@cache
def known_revisions(migrations_directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """The head revisions of the migration scripts shipped with this code, and all of them."""
    config = Config()
    config.set_main_option("script_location", migrations_directory)
    scripts = ScriptDirectory.from_config(config)
    every = frozenset(script.revision for script in scripts.walk_revisions())
    return frozenset(scripts.get_heads()), every


def readiness_problem() -> str | None:
    """Why this host cannot serve requests now, in a few words, or None when it can."""
    try:
        applied = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        return "database unreachable or not migrated"
    finally:
        db.session.rollback()
    directory = current_app.extensions["migrate"].directory
    heads, every = known_revisions(str(Path(current_app.root_path).parent / directory))
    # A revision this code does not know is a newer release's, applied during a rolling
    # upgrade: this host stays in rotation until it is reloaded with the new code.
    if applied != heads and applied <= every:
        return "database schema is behind the migrations' head"
    return None


def _plain(text: str, status: int) -> Response:
    response = Response(text + "\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    return _plain("ok", 200)


@bp.get("/readyz")
def readyz():
    problem = readiness_problem()
    if problem is None:
        return _plain("ready", 200)
    response = _plain(f"not ready: {problem}", 503)
    response.headers["Retry-After"] = "10"
    return response
