"""The ceilings for the serving benchmarks: a bare Flask app with no forms, sessions, CSRF,
templates or lifecycle, on the same database and engine options as the real app.

    DATABASE_URL=... .venv/bin/gunicorn -c gunicorn.conf.py bench.bare_app:app

POST /insert   inserts one request row from the posted form (the same fields the benchmark
               posts to the real form; the rest of the row is bench/seed.py's), sealed, and
               answers 200
POST /lookup   the status lookup's one SELECT by the tracking code's and date of birth's
               lookup hashes
GET /hello     a hello-world page: the floor of any page served by Flask under gunicorn
GET /queue/<name>  the row query the staff queue page ran (captured by
               bench/serving_bench.py into the pickle BENCH_QUEUE_SQL names), its sealed cells
               opened, the rows as plain text lines
"""

import functools
import os
import pickle
import random
import secrets
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, request

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.seed import synthetic_request  # noqa: E402
from records_app.config import engine_options, load_config  # noqa: E402
from records_app.crypto import keyring  # noqa: E402
from records_app.crypto.column_types import EncryptedBytes  # noqa: E402
from records_app.models import RecordsRequest  # noqa: E402

app = Flask(__name__)
# The same keys as the app: the row is sealed and its lookup hashes taken as the app does.
app.config.update(load_config(str(Path(__file__).resolve().parents[1] / "instance")))
keyring.init_app(app)
_url = app.config["SQLALCHEMY_DATABASE_URI"]
engine = sa.create_engine(_url, **engine_options(_url))
_table = RecordsRequest.__table__
_rng = random.Random()


@app.post("/insert")
def insert():
    posted = {name: value for name, value in request.form.items() if name in _table.c}
    posted["date_of_birth"] = date.fromisoformat(posted["date_of_birth"])
    row = synthetic_request(secrets.randbelow(32**8), _rng, datetime.now(UTC), 0.0, posted)
    with engine.begin() as connection:
        connection.execute(_table.insert(), row)
    return "inserted\n"


@app.get("/hello")
def hello():
    return "Hello, world!\n"


@app.post("/lookup")
def lookup():
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(_table.c.status, _table.c.due_at).where(
                _table.c.tracking_code_lookup
                == keyring.lookup("tracking_code", request.form["tracking_code"]),
                _table.c.date_of_birth_lookup
                == keyring.lookup(
                    "date_of_birth", date.fromisoformat(request.form["date_of_birth"])
                ),
            )
        ).first()
    return ("found\n", 200) if found else ("not found\n", 404)


@functools.cache
def _queue_sql() -> dict:
    with open(os.environ["BENCH_QUEUE_SQL"], "rb") as saved:
        return pickle.load(saved)


@app.get("/queue/<name>")
def queue_rows(name):
    statement, parameters = _queue_sql()[name]
    with engine.connect() as connection:
        result = connection.exec_driver_sql(statement, parameters)
        types = [_table.c[column].type for column in result.keys()]
        lines = [
            "\t".join(
                str(t.process_result_value(cell, None) if isinstance(t, EncryptedBytes) else cell)
                for t, cell in zip(types, row, strict=True)
            )
            for row in result
        ]
    return "\n".join(lines) + "\n"
