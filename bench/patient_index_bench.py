"""Benchmark: importing 100,000 patients into the index beside the database's own CSV
import of the same file, and a request's page with and without that index behind it.

    DATABASE_URL=sqlite:////tmp/bench_patients.sqlite3 .venv/bin/python bench/patient_index_bench.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/records_bench_patients \\
        .venv/bin/python bench/patient_index_bench.py

Use a scratch database, migrated (`flask --app app db upgrade`): the script empties the
patient index and adds a staff account and a request. The CSV is synthetic (invented names;
dates of birth spread over 1930-2009, three or four patients a day, and two more who are
the request's patient, one misspelt). `flask patients import` runs as a child process,
timed around it (wall, and its own CPU time from wait4()), then again over the same file,
when every row is an update; the database's import (sqlite3 `.import`, psql `\\copy`) loads
the same file into a table of text columns: no checking, no sealing, no lookup hashes, so a
floor rather than an equivalent program. The request page is timed in-process through the
test client, the median of --pages loads after a few to warm up, first with an empty
index, then with the import; and the matching alone, in-process.

The floor the design sets (issue 21): the same CSV's values sealed through the patient
columns' own types and its two lookup hashes taken (`patients.lookups`), in this process, with
nothing else: what the import cannot do without, whatever else it stopped doing. The page's
ratio is of CPU medians (time.process_time), steadier than wall time on a shared machine.
With --json the last line is the row for bench/all.py.
"""

import argparse
import csv
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.export_bench import psql_command, run_child  # noqa: E402
from records_app import audit, create_app, lifecycle, patient_index  # noqa: E402
from records_app.accounts import create as create_account  # noqa: E402
from records_app.extensions import db  # noqa: E402
from records_app.models import Patient, PatientMatch, RecordsRequest, Role, StaffUser  # noqa: E402
from records_app.models.patients import lookups  # noqa: E402
from tests.support.answers import request_fields  # noqa: E402

FLASK = str(ROOT / ".venv" / "bin" / "flask")
HEADER = [
    "MRN",
    "First name",
    "Last name",
    "Former names",
    "DOB",
    "Sex",
    "Last visit",
    "Chart location",
]
FIRST = "Ada Alma Bea Carl Dora Earl Edna Faye Glen Hank Iris June Lois Mabel Ned Opal Ray".split()
LAST = "Abbott Baker Chen Diaz Evans Fischer Garcia Ito Jensen Larsen Nguyen Olsen Patel".split()
RAW_TABLE = "patient_csv_raw"
# Loads before timing, so that compiling the templates is not counted in either run.
WARM_UP_LOADS = 5
PASSWORD = "violet harbour compass ledger"


def write_csv(path: Path, count: int) -> None:
    rng = random.Random(19)
    first_day = date(1930, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(count):
            born = first_day + timedelta(days=rng.randrange(80 * 365))
            writer.writerow(
                [
                    f"MRN-{number:07d}",
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    rng.choice(LAST) if rng.random() < 0.2 else "",
                    born.isoformat(),
                    rng.choice("FM"),
                    min(born + timedelta(days=365 * 20), date(2023, 3, 10)).isoformat(),
                    f"Box {number // 400}, shelf {number % 7}",
                ]
            )
        # The request's patient, once as written and once misspelt, among the candidates.
        writer.writerow(["MATCH-1", "Margaret", "Holloway", "Dunn", "1951-04-17", "F", "", "Box 1"])
        writer.writerow(["MATCH-2", "Margret", "Holloway", "", "1951-04-17", "F", "", "Box 2"])


def run_timed(command: list[str], stdout_path: Path) -> tuple[float, float]:
    """Wall seconds and the child's own CPU seconds (user + system): on a shared machine
    the CPU time moves far less with the load than the wall time does. (A database
    server's work for the child is in neither's CPU.)"""
    elapsed, usage = run_child(command, stdout_path)
    return elapsed, usage.ru_utime + usage.ru_stime


def database_import(database_url: str, path: Path) -> list[str]:
    url = make_url(database_url)
    columns = ", ".join(f"c{index} text" for index in range(len(HEADER)))
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP TABLE IF EXISTS {RAW_TABLE}"))
        connection.execute(sa.text(f"CREATE TABLE {RAW_TABLE} ({columns})"))
    engine.dispose()
    if url.get_backend_name() == "sqlite":
        return ["sqlite3", url.database, f".import --csv --skip 1 {path} {RAW_TABLE}"]
    return psql_command(database_url, f"\\copy {RAW_TABLE} FROM '{path}' WITH (FORMAT csv, HEADER)")


def page_median(app, request_id: int, loads: int) -> tuple[float, float]:
    """Median milliseconds of a request page load: wall, and this process's CPU."""
    client = app.test_client()
    page = client.get("/staff/sign-in")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    client.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": "bench@example.org", "password": PASSWORD},
    )
    for _ in range(WARM_UP_LOADS):
        client.get(f"/staff/requests/{request_id}")
    times, cpu_times = [], []
    for _ in range(loads):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(f"/staff/requests/{request_id}")
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        assert response.status_code == 200, response.status_code
    return statistics.median(times) * 1000, statistics.median(cpu_times) * 1000


def design_floor(app, path: Path) -> float:
    """CPU seconds to seal every value of the CSV through the patient columns' types and
    take each row's two lookup hashes: the work the design requires of any import."""
    columns = Patient.__table__.c
    sealed_as = {
        "MRN": columns.record_number.type,
        "First name": columns.first_name.type,
        "Last name": columns.last_name.type,
        "Sex": columns.sex.type,
        "Chart location": columns.chart_location.type,
    }
    dates = {"DOB": columns.date_of_birth.type, "Last visit": columns.last_visit_on.type}
    with app.app_context(), path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        started = time.process_time()
        for row in rows:
            for name, column_type in sealed_as.items():
                column_type.process_bind_param(row[name], None)
            for name, column_type in dates.items():
                if row[name]:
                    column_type.process_bind_param(date.fromisoformat(row[name]), None)
            former = [row["Former names"]] if row["Former names"] else []
            columns.former_names.type.process_bind_param(former, None)
            lookups(row["MRN"], date.fromisoformat(row["DOB"]))
        return time.process_time() - started


def matching_median(app, request_id: int, loads: int) -> tuple[float, int, int]:
    """The matching alone: median milliseconds, likely matches, other candidates."""
    with app.app_context():
        records_request = db.session.get(RecordsRequest, request_id)
        times = []
        for _ in range(loads):
            db.session.expire_all()
            started = time.perf_counter()
            matches = patient_index.matches_for(records_request)
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000, len(matches.likely), matches.others_born_that_day


def prepare(app) -> int:
    """An empty index, a staff account and one request (born 1951-04-17, as request_fields
    gives); the request's id."""
    with app.app_context():
        db.session.execute(sa.delete(PatientMatch))
        db.session.execute(sa.delete(Patient))
        if (
            db.session.scalar(sa.select(StaffUser).where(StaffUser.email == "bench@example.org"))
            is None
        ):
            create_account(
                "bench@example.org",
                "Bench Clerk",
                Role.STAFF,
                PASSWORD,
                by=audit.Actor(label="bench"),
            )
        receipt = lifecycle.receive(RecordsRequest(**request_fields()))
        db.session.commit()
        return receipt.request.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    load_before = _load()
    database_url = os.environ["DATABASE_URL"]
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    request_id = prepare(app)
    empty_page = page_median(app, request_id, arguments.pages)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "patients.csv"
        write_csv(path, arguments.count)
        log = Path(folder) / "import.log"
        app_seconds, app_cpu = run_timed(
            [FLASK, "--app", "app", "patients", "import", str(path)], log
        )
        print(log.read_text().strip())
        reimport_seconds, reimport_cpu = run_timed(
            [FLASK, "--app", "app", "patients", "import", str(path)], log
        )
        dump_seconds, dump_cpu = run_timed(
            database_import(database_url, path), Path(folder) / "db.log"
        )
        floor_cpu = design_floor(app, path)
    full_page = page_median(app, request_id, arguments.pages)
    matching, likely, others = matching_median(app, request_id, arguments.pages)
    with app.app_context():
        db.session.execute(sa.text(f"DROP TABLE {RAW_TABLE}"))
        db.session.commit()
        db.engine.dispose()
    backend = make_url(database_url).get_backend_name()
    print(f"database: {backend}; patients: {arguments.count + 2:,}")
    print(f"flask patients import: {app_seconds:7.2f} s wall, {app_cpu:6.2f} s CPU")
    print(f"  again (all updates): {reimport_seconds:7.2f} s wall, {reimport_cpu:6.2f} s CPU")
    print(f"database's CSV import: {dump_seconds:7.2f} s wall, {dump_cpu:6.2f} s CPU")
    import_ratio = app_seconds / dump_seconds
    print(f"ratio of wall times: {import_ratio:.1f}x")
    print(
        f"design floor (sealing and lookup hashes alone, in-process): {floor_cpu:6.2f} s CPU, "
        f"{floor_cpu / dump_seconds:.1f}x the database's import"
    )
    loads = f"median of {arguments.pages}"
    print(
        f"request page, empty index:   {empty_page[0]:6.1f} ms, "
        f"{empty_page[1]:6.1f} ms CPU ({loads})"
    )
    print(
        f"request page, {arguments.count:,} patients: {full_page[0]:6.1f} ms, "
        f"{full_page[1]:6.1f} ms CPU ({loads})"
    )
    page_ratio = full_page[1] / empty_page[1]
    print(f"  ratio of CPU medians: {page_ratio:.2f}x")
    print(f"  of which the matching: {matching:6.1f} ms ({likely} likely, {others} others)")
    load_after = _load()
    print(f"load before {load_before}, after {load_after}")
    if arguments.json:
        row = {
            "row": f"patient index, {arguments.count:,} patients ({backend})",
            "figure": (
                f"import {import_ratio:.1f}x the database's CSV import (design floor "
                f"{floor_cpu / dump_seconds:.1f}x); request page with matches "
                f"{page_ratio:.2f}x without"
            ),
            "ratio": round(import_ratio, 2),
            "goal": "import <= 3x the database's CSV import; page with matches <= 1.5x without",
            "met": import_ratio <= 3 and page_ratio <= 1.5,
            "context": f"load {load_before} before, {load_after} after",
        }
        print(json.dumps(row))


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
