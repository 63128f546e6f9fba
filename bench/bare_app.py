"""The ceilings for the serving benchmarks: a bare Flask app with no forms, sessions, CSRF,
templates or lifecycle, on the same database and engine options as the real app.

    DATABASE_URL=... .venv/bin/gunicorn -c gunicorn.conf.py bench.bare_app:app

POST /insert   inserts one synthetic request row (bench/seed.py's) and answers 200
POST /lookup   the status lookup's one SELECT by tracking code and date of birth
"""

import random
import secrets
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, request

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.seed import synthetic_request, tracking_code  # noqa: E402
from records_app.config import _database_url, engine_options  # noqa: E402
from records_app.models import RecordsRequest  # noqa: E402

app = Flask(__name__)
_url = _database_url(str(Path(__file__).resolve().parents[1] / "instance"))
engine = sa.create_engine(_url, **engine_options(_url))
_table = RecordsRequest.__table__
_rng = random.Random()


@app.post("/insert")
def insert():
    row = synthetic_request(secrets.randbelow(32**8), _rng, datetime.now(UTC), 0.0)
    row["tracking_code"] = tracking_code(secrets.randbelow(32**8))
    with engine.begin() as connection:
        connection.execute(_table.insert(), row)
    return "inserted\n"


@app.post("/lookup")
def lookup():
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(_table.c.status, _table.c.due_at).where(
                _table.c.tracking_code == request.form["tracking_code"],
                _table.c.date_of_birth == date.fromisoformat(request.form["date_of_birth"]),
            )
        ).first()
    return ("found\n", 200) if found else ("not found\n", 404)
