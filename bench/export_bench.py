"""Benchmark: the fulfilled-list export beside the database's own bulk dump of the same rows.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/export_bench.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/records_bench \\
        .venv/bin/python bench/export_bench.py

Seed first with bench/seed.py. Each command runs as a child process; wall time is measured
around it and peak RSS is the child's ru_maxrss from wait4(). The dump selects the same
columns straight from the table (sqlite3 -csv, psql \\copy), with no formatting, no
formula neutralising and no timezone conversion: a floor, not a like-for-like program. Since
encryption at rest the dump copies the sealed bytes without opening them, so the floor sits
further below the export. Sealed bytes hold newlines, so rows are counted with SQL rather
than by lines of the dump. With --json the last line printed is the row of bench/all.py's
table; --database-url stands for DATABASE_URL.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
FLASK = str(ROOT / ".venv" / "bin" / "flask")
DUMP_QUERY = (
    "SELECT r.tracking_code, r.patient_first_name, r.patient_middle_name, r.patient_last_name, "
    "r.date_of_birth, r.requester_kind, r.representative_name, r.sent_to, r.records_sent, "
    "r.record_format, r.fulfilment_method, r.carrier_tracking, r.received_at, r.due_at, "
    "r.sent_on, r.fee_cents, q.rule, q.amount_cents, q.waived_cents, p.paid, s.name "
    "FROM records_request r "
    "LEFT JOIN fee_quote q ON q.request_id = r.id "
    "LEFT JOIN (SELECT quote_id, sum(amount_cents) AS paid FROM fee_payment "
    "GROUP BY quote_id) p ON p.quote_id = q.id "
    "LEFT JOIN staff_user s ON s.id = r.fulfilled_by_id "
    "WHERE r.status = 'fulfilled' AND r.sent_on BETWEEN '{start}' AND '{end}' "
    "ORDER BY r.sent_on, r.id"
)
COUNT_QUERY = (
    "SELECT count(*) FROM records_request "
    "WHERE status = 'fulfilled' AND sent_on BETWEEN :start AND :end"
)


def run_measured(command: list[str], stdout_path: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one child process."""
    elapsed, usage = run_child(command, stdout_path)
    return elapsed, usage.ru_maxrss / 1024


def run_child(command: list[str], stdout_path: Path):
    """Wall seconds of one child process, and its resource usage from wait4()."""
    with stdout_path.open("wb") as stdout:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=stdout, cwd=ROOT)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(command)}")
    return elapsed, usage


def dump_command(database_url: str, query: str, output: Path) -> list[str]:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return ["sqlite3", "-csv", "-header", url.database, query]
    return psql_command(database_url, f"\\copy ({query}) TO '{output}' WITH (FORMAT csv, HEADER)")


def psql_command(database_url: str, command: str) -> list[str]:
    """psql running one command against the database the URL names."""
    url = make_url(database_url)
    return [
        "psql",
        "-q",
        "-h",
        url.host,
        "-p",
        str(url.port or 5432),
        "-U",
        url.username,
        "-d",
        url.database,
        "-c",
        command,
    ]


def count_rows(database_url: str, start: str, end: str) -> int:
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.scalar(sa.text(COUNT_QUERY), {"start": start, "end": end})
    engine.dispose()
    return rows


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--from", dest="start", default="2000-01-01")
    parser.add_argument("--to", dest="end", default="2100-01-01")
    parser.add_argument("--format", default="csv", choices=["csv", "xlsx"])
    parser.add_argument("--database-url", help="instead of DATABASE_URL")
    parser.add_argument("--json", action="store_true", help="end with the table's row")
    arguments = parser.parse_args()
    if arguments.database_url:
        os.environ["DATABASE_URL"] = arguments.database_url  # the export's child reads it
    database_url = os.environ["DATABASE_URL"]
    with tempfile.TemporaryDirectory() as folder:
        app_output = Path(folder) / f"export.{arguments.format}"
        dump_output = Path(folder) / "dump.csv"
        app_command = [
            FLASK,
            "--app",
            "app",
            "export",
            "fulfilled",
            "--from",
            arguments.start,
            "--to",
            arguments.end,
            "--format",
            arguments.format,
            "-o",
            str(app_output),
        ]
        app_seconds, app_rss = run_measured(app_command, Path(folder) / "app.log")
        query = DUMP_QUERY.format(start=arguments.start, end=arguments.end)
        dump_stdout = dump_output if "sqlite" in database_url else Path(folder) / "psql.log"
        dump_seconds, dump_rss = run_measured(
            dump_command(database_url, query, dump_output), dump_stdout
        )
        rows = count_rows(database_url, arguments.start, arguments.end)
        app_size = app_output.stat().st_size / 2**20
        if arguments.format == "csv":
            assert count_lines(app_output) - 1 == rows, "the export and the dump disagree"
    backend = make_url(database_url).get_backend_name()
    print(f"database: {backend}; rows: {rows:,}; export file: {app_size:.1f} MiB")
    print(f"app export ({arguments.format}): {app_seconds:8.2f} s  peak RSS {app_rss:7.1f} MiB")
    print(f"database dump (csv):   {dump_seconds:8.2f} s  peak RSS {dump_rss:7.1f} MiB")
    ratio = app_seconds / dump_seconds
    print(f"ratio app/dump wall time: {ratio:.2f}x")
    if arguments.json:
        print(json.dumps(table_row(arguments.format, rows, ratio, app_seconds, app_rss, backend)))


def table_row(file_format: str, rows: int, ratio: float, seconds: float, rss: float, backend):
    """The row of bench/all.py's table: the CSV has the goal; the XLSX is timed beside the
    same dump, its memory held to the same ceiling."""
    rss_mb = rss * 2**20 / 1e6
    within_memory = rss_mb < 150
    load_average = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "row": f"export {file_format}",
        "figure": f"{ratio:.2f}x ({seconds:.1f} s), peak RSS {rss_mb:.0f} MB",
        "ratio": round(ratio, 3),
        "goal": "<= 4x, RSS < 150 MB" if file_format == "csv" else "timed; RSS < 150 MB",
        "met": (ratio <= 4 and within_memory) if file_format == "csv" else within_memory,
        "context": f"{backend}, {rows:,} fulfilled rows; load {load_average}",
    }


if __name__ == "__main__":
    main()
