"""Every row of the performance table (issue 21), measured in one run and printed as one table.

    .venv/bin/python bench/all.py --rows 10000            # a quick run on 10,000 requests
    .venv/bin/python bench/all.py --rows 1000000          # the real one
    .venv/bin/python bench/all.py --rows 1000000 --only queue --only lookup

The databases are /tmp/bench-<size>.sqlite3 and the PostgreSQL database records_bench_<size>
(size 10k, 1m...; --sqlite and --postgresql name others). One that already holds requests
is migrated and reused; one that does not exist or is empty is migrated and seeded with
bench/seed.py first (a million requests take a few minutes on each). A database seeded
from another checkout holds values sealed under that checkout's development keys
(instance/): reuse it only from there, or with its keys in RECORDS_KEYS and
RECORDS_LOOKUP_KEY. Progress and every script's own output go to stderr; the table, in
Markdown, to stdout.

Each row is a script run as a child process with --json: its last line on stdout is one
JSON object {"row", "figure", "ratio", "goal", "met", "context"} (ratio and met may be
null). ROWS is the one list of them; a new row is one more entry there. The whole table
takes about an hour at 10,000 requests, the closure burst (--burst-minutes, 10 for the goal,
then up to 10 more for cron to clear its backlog) and the 500 MB file the longest of it.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
FLASK = str(ROOT / ".venv" / "bin" / "flask")
SERVING = [PYTHON, "bench/serving_bench.py"]
EXPORT = [PYTHON, "bench/export_bench.py"]
LOAD = ["--clients", "{clients}", "--seconds", "{seconds}"]
# The release bench makes its own SQLite database unless DATABASE_URL names one.
WITHOUT_DATABASE = ["env", "-u", "DATABASE_URL"]

# (row name, argv): {sqlite} and {postgresql} become the databases' URLs, {clients} and
# {seconds} the load options; --json is added to every argv.
ROWS = [
    ("queue page ÷ bare endpoint, SQLite", [*SERVING, "queue", "--database-url", "{sqlite}"]),
    (
        "queue page ÷ bare endpoint, PostgreSQL",
        [*SERVING, "queue", "--database-url", "{postgresql}"],
    ),
    (
        "status lookup ÷ bare endpoint, PostgreSQL",
        [*SERVING, "lookup", "--database-url", "{postgresql}", *LOAD],
    ),
    ("fulfilled export CSV ÷ psql \\copy", [*EXPORT, "--database-url", "{postgresql}"]),
    ("fulfilled export CSV ÷ sqlite3 -csv", [*EXPORT, "--database-url", "{sqlite}"]),
    (
        "fulfilled export XLSX ÷ psql \\copy",
        [*EXPORT, "--format", "xlsx", "--database-url", "{postgresql}"],
    ),
    (
        "submission ÷ bare sealed insert, SQLite",
        [*SERVING, "submit", "--database-url", "{sqlite}", *LOAD],
    ),
    (
        "submission ÷ bare sealed insert, PostgreSQL",
        [*SERVING, "submit", "--database-url", "{postgresql}", *LOAD],
    ),
    (
        "public form page GET ÷ hello world",
        [*SERVING, "form", "--database-url", "{sqlite}", *LOAD],
    ),
    ("letters written per second, one writer", [PYTHON, "bench/letters_bench.py"]),
    (
        "file delivery, 500 MB upload and download",
        [*WITHOUT_DATABASE, PYTHON, "bench/release_bench.py", "--megabytes", "500"],
    ),
    (
        "patient index, 100,000 patients, SQLite",
        ["env", "DATABASE_URL={fresh_sqlite}", PYTHON, "bench/patient_index_bench.py"],
    ),
    (
        "closure burst, PostgreSQL, two gunicorn instances",
        [
            "env",
            "DATABASE_URL={fresh_postgresql}",
            PYTHON,
            "bench/burst_bench.py",
            "--minutes",
            "{burst_minutes}",
        ],
    ),
]
# The rows that fill a database of their own (the patient index, the burst's requests) get
# one made anew, migrated and empty, before each of them runs.
FRESH = {
    "fresh_sqlite": "sqlite:////tmp/bench-fresh.sqlite3",
    "fresh_postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/records_bench_fresh",
}


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def size_label(rows: int) -> str:
    for factor, suffix in ((1_000_000, "m"), (1_000, "k")):
        if rows >= factor and rows % factor == 0:
            return f"{rows // factor}{suffix}"
    return str(rows)


def request_count(url: str) -> int | None:
    """How many requests the database holds; None when it has no schema yet."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("records_request"):
                return None
            return connection.scalar(sa.text("SELECT count(*) FROM records_request"))
    finally:
        engine.dispose()


def create_postgresql_database(url: str) -> None:
    parsed = make_url(url)
    server = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not exists:
                say(f"creating the database {parsed.database}")
                connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    finally:
        server.dispose()


def make_fresh(url: str) -> None:
    """The database emptied (dropped, or its file removed) and migrated."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        server = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{parsed.database}"')
        server.dispose()
        create_postgresql_database(url)
    else:
        Path(parsed.database).unlink(missing_ok=True)
    say(f"migrating a new database at {parsed.render_as_string()}")
    migrate(url)


def migrate(url: str) -> None:
    """The database brought to this checkout's schema (a reused one may predate it)."""
    environment = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [FLASK, "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )


def ensure_seeded(url: str, rows: int) -> None:
    """Reuse the database if it holds requests; otherwise seed it. Migrated first either
    way."""
    if make_url(url).get_backend_name() == "postgresql":
        create_postgresql_database(url)
    say(f"migrating {make_url(url).render_as_string()}")
    migrate(url)
    held = request_count(url)
    if held:
        short = f" (fewer than the {rows:,} asked for)" if held < rows else ""
        say(f"reusing {make_url(url).render_as_string()}: {held:,} requests{short}")
        return
    environment = {**os.environ, "DATABASE_URL": url}
    say(f"seeding {rows:,} requests into {url}")
    subprocess.run(
        [PYTHON, "bench/seed.py", "--count", str(rows)],
        cwd=ROOT,
        env=environment,
        stdout=sys.stderr,
        check=True,
    )
    if make_url(url).get_backend_name() == "postgresql":
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()


def run_row(name: str, argv: list[str]) -> dict:
    """Run one row's script, its output shown as it comes, and read the row from its last
    line; a script that fails gives a row saying so instead of stopping the others."""
    say(f"{name}: {' '.join(argv[1:])}")
    started = time.monotonic()
    child = subprocess.Popen([*argv, "--json"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    last = ""
    for line in child.stdout:
        print(f"    {line}", end="", file=sys.stderr, flush=True)
        if line.strip():
            last = line
    child.wait()
    say(f"{name}: done in {time.monotonic() - started:.0f} s")
    try:
        if child.returncode != 0:
            raise ValueError(f"exit status {child.returncode}")
        return json.loads(last)
    except ValueError as error:
        return {"figure": "failed", "ratio": None, "goal": "", "met": None, "context": str(error)}


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def table(results: list[tuple[str, dict]]) -> str:
    shown = {True: "yes", False: "**no**", None: "-"}
    lines = ["| measure | figure | goal | met? | context |", "| --- | --- | --- | --- | --- |"]
    for name, row in results:
        lines.append(
            f"| {name} | {row['figure']} | {row['goal']} | {shown[row['met']]} | {row['context']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="requests in each database")
    parser.add_argument("--sqlite", help="the SQLite file (default /tmp/bench-<size>.sqlite3)")
    parser.add_argument("--postgresql", help="the PostgreSQL URL (default records_bench_<size>)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20, help="of each load run")
    parser.add_argument(
        "--burst-minutes", type=float, default=10, help="of the closure burst (10 for the goal)"
    )
    parser.add_argument(
        "--only", action="append", default=[], help="run the rows whose name holds this text"
    )
    arguments = parser.parse_args()
    label = size_label(arguments.rows)
    values = {
        "sqlite": f"sqlite:///{arguments.sqlite or f'/tmp/bench-{label}.sqlite3'}",
        "postgresql": arguments.postgresql
        or f"postgresql+psycopg://postgres@127.0.0.1:5432/records_bench_{label}",
        "clients": str(arguments.clients),
        "seconds": str(arguments.seconds),
        "burst_minutes": str(arguments.burst_minutes),
        **FRESH,
    }
    chosen = [
        (name, [part.format(**values) for part in argv])
        for name, argv in ROWS
        if not arguments.only or any(text in name for text in arguments.only)
    ]
    for database in ("sqlite", "postgresql"):
        if any(values[database] in argv for _name, argv in chosen):
            ensure_seeded(values[database], arguments.rows)
    before = load_average()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results = []
    for name, argv in chosen:
        for url in FRESH.values():
            if any(url in part for part in argv):
                make_fresh(url)
        results.append((name, run_row(name, argv)))
    print(
        f"{started}, {os.cpu_count()} cores; load average before {before}, after {load_average()}"
    )
    print(f"command: {' '.join(sys.argv)}\n")
    print(table(results))


if __name__ == "__main__":
    main()
