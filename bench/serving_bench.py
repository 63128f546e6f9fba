"""Serving benchmarks under gunicorn, each figure beside its ceiling from the same run.

    export DATABASE_URL=...        # a migrated database, filled by bench/seed.py
    .venv/bin/python bench/serving_bench.py submit [--clients 8 --seconds 30]
    .venv/bin/python bench/serving_bench.py queue  [--samples 200]
    .venv/bin/python bench/serving_bench.py lookup [--clients 8 --seconds 30]
    .venv/bin/python bench/serving_bench.py form   [--clients 8 --seconds 30]

submit  whole requests sent per second through the public form (each step answered, then
        the signing page sent, answered 303: four POSTs for a patient's own request by
        post, bench/public_form.py) vs bench/bare_app.py inserting one row per POST of the
        same fields.
queue   the staff queue's first and last page (50 rows, default filter and sort), one
        request at a time: median and p95, vs the page's row query (and all its queries)
        run bare on the DBAPI, and vs bench/bare_app.py answering the same rows as text.
lookup  status lookups (right code and date of birth) per second and their latency, vs
        bench/bare_app.py running the same SELECT.
form    GETs per second of each page of the public form (FORM_PAGES in
        bench/public_form.py) vs a hello-world route (bench/bare_app.py's GET /hello) under
        the same gunicorn.
cpu     CPU time per whole request sent, per signing page alone and per bare insert in this
        process (Flask test clients, no server, no network): the same ratio as `submit`
        without the other processes on the machine in it.

Both servers run `gunicorn -c gunicorn.conf.py` with its defaults (workers = 2 x cores + 1)
on a free port; the load comes from bench/load.py on the same machine. With --json the
last line printed is the row of bench/all.py's table (see there); --database-url stands
for DATABASE_URL.
"""

import argparse
import json
import os
import pickle
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load, public_form  # noqa: E402
from bench.public_form import FORM, FORM_PAGES  # noqa: E402
from records_app import create_app  # noqa: E402
from records_app.accounts import passwords  # noqa: E402
from records_app.extensions import db  # noqa: E402
from records_app.models import RecordsRequest, Role, StaffUser  # noqa: E402
from records_app.worklist import Cursor  # noqa: E402

BENCH_STAFF_EMAIL = "bench.clerk@example.org"
BENCH_STAFF_PASSWORD = secrets.token_urlsafe(24)
# Later than every deadline: the page before it is the queue's last page.
END_OF_QUEUE = Cursor(datetime(2999, 1, 1, tzinfo=UTC), 2**31 - 1).encode()
# The spam defence's limits, lifted for the benchmark's one client address sending forms as
# fast as it can (the servers and in-process apps read them from the environment).
UNLIMITED_SUBMISSIONS = {
    "REQUEST_SUBMISSIONS_PER_CLIENT": "1000000 per hour",
    "REQUEST_FORM_MIN_SECONDS": "0",
}


class Server:
    """gunicorn with the repository's configuration, serving `app_uri` on a free port (from
    this checkout, or the one at `root`)."""

    def __init__(self, app_uri: str, log_name: str, root: Path = ROOT, **extra_env: str):
        with socket.create_server(("127.0.0.1", 0)) as probe:
            port = probe.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "BIND": f"127.0.0.1:{port}",
            "GUNICORN_LOG_LEVEL": "warning",
            **extra_env,
        }
        self.log = open(f"/tmp/{log_name}.log", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app_uri],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                load.Session(self.base_url).request("GET", "/healthz")
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{app_uri} did not start; see /tmp/{log_name}.log")

    def cpu_seconds(self) -> float:
        """CPU used so far by gunicorn's master and its workers, those still running and
        those it has already reaped (max_requests recycles them), from /proc."""
        ticks = os.sysconf("SC_CLK_TCK")
        pids = [self.process.pid]
        with open(f"/proc/{self.process.pid}/task/{self.process.pid}/children") as children:
            pids += [int(pid) for pid in children.read().split()]
        total = 0.0
        for pid in pids:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15]) / ticks
        return total

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


# ---- scenarios (module level, so client processes can run them) ---------------------------


def prepare_form(base_url, _context):
    session = load.Session(base_url)
    return session, session.csrf_token(public_form.START_PATH)


def submit_form(state, _index):
    """A whole request sent: each step answered, then the signing page sent."""
    session, csrf_token = state
    try:
        public_form.answer_steps(public_form.session_post(session), csrf_token)
    except RuntimeError as refused:
        return 599, str(refused)
    return session.request("POST", public_form.SIGN_PATH, {"csrf_token": csrf_token, **FORM})


def prepare_bare(base_url, context):
    return load.Session(base_url), context


def insert_bare(state, _index):
    session, _context = state
    return session.request("POST", "/insert", FORM)


def prepare_lookup(base_url, pairs):
    session = load.Session(base_url)
    return session, session.csrf_token("/status"), pairs


def lookup_app(state, index):
    session, csrf_token, pairs = state
    code, born = pairs[index % len(pairs)]
    status, page = session.request(
        "POST", "/status", {"csrf_token": csrf_token, "tracking_code": code, "date_of_birth": born}
    )
    return (status if code in page else 599), page


def prepare_page(base_url, path):
    return load.Session(base_url), path


def prepare_form_page(base_url, path):
    """A page of the form as the patient sees it once every step is answered: the later
    steps and the answers page are shown only to someone who has answered the first."""
    session, csrf_token = prepare_form(base_url, None)
    public_form.answer_steps(public_form.session_post(session), csrf_token)
    return session, path


def get_page(state, _index):
    session, path = state
    return session.request("GET", path)


def lookup_bare(state, index):
    session, pairs = state
    code, born = pairs[index % len(pairs)]
    return session.request("POST", "/lookup", {"tracking_code": code, "date_of_birth": born})


# ---- benchmarks ---------------------------------------------------------------------------


def ratio_line(name: str, figure: float, ceiling: float, unit: str) -> str:
    return f"{name}: {figure:.1f} {unit} vs ceiling {ceiling:.1f} {unit} = {figure / ceiling:.2f}x"


def _served(app_uri: str, prepare, one, arguments, context=None) -> tuple[load.Result, float]:
    """The load run's result, and the server's CPU milliseconds per successful request."""
    log_name = "bench-bare" if app_uri.startswith("bench.") else "bench-app"
    with Server(app_uri, log_name) as server:
        started = server.cpu_seconds()
        result = load.run(
            prepare,
            one,
            server.base_url,
            clients=arguments.clients,
            seconds=arguments.seconds,
            context=context,
        )
        cpu_ms = (server.cpu_seconds() - started) * 1000 / max(result.ok, 1)
    return result, cpu_ms


def cpu_line(app_cpu: float, bare_cpu: float) -> str:
    return f"gunicorn CPU per request: app {app_cpu:.2f} ms, bare {bare_cpu:.2f} ms"


def table_row(app, figure: str, ratio: float, goal: str, met: bool, context: str) -> dict:
    """A row of bench/all.py's table; the context names the database, its size and the
    machine's load when the figure was taken."""
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(RecordsRequest))
        backend = db.engine.dialect.name
    load_average = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "figure": figure,
        "ratio": round(ratio, 3),
        "goal": goal,
        "met": met,
        "context": f"{backend}, {total:,} requests; {context}; load {load_average}",
    }


def throughput_row(app, served: tuple, bare: tuple, least: float) -> dict:
    """The row for a ratio of requests per second, app over bare: met at `least` or more
    with no request of the app's failed. Each side is (load.Result, CPU ms per request)."""
    (result, cpu), (bare_result, bare_cpu) = served, bare
    ratio = result.per_second / bare_result.per_second
    return table_row(
        app,
        f"{result.per_second:.0f}/s vs {bare_result.per_second:.0f}/s = {ratio:.2f}x",
        ratio,
        f">= {least}x",
        ratio >= least and result.failed == 0,
        f"{result.failed + bare_result.failed} failed; {cpu_line(cpu, bare_cpu)}",
    )


def bench_submit(arguments, app) -> dict:
    real, real_cpu = _served("app:app", prepare_form, submit_form, arguments)
    bare, bare_cpu = _served("bench.bare_app:app", prepare_bare, insert_bare, arguments)
    print("app  submissions:", real.line())
    print("bare inserts:    ", bare.line())
    print(ratio_line("submission throughput", real.per_second, bare.per_second, "/s"))
    print(cpu_line(real_cpu, bare_cpu))
    return throughput_row(app, (real, real_cpu), (bare, bare_cpu), least=0.4)


def bench_form(arguments, app) -> dict:
    hello, hello_cpu = _served("bench.bare_app:app", prepare_page, get_page, arguments, "/hello")
    print("hello world:", hello.line())
    ratios, failed, cpu = {}, hello.failed, [f"hello {hello_cpu:.2f} ms"]
    for path in FORM_PAGES:
        page, page_cpu = _served("app:app", prepare_form_page, get_page, arguments, path)
        print(f"GET {path}:", page.line())
        print(ratio_line(f"GET {path}", page.per_second, hello.per_second, "/s"))
        ratios[path] = page.per_second / hello.per_second
        failed += page.failed
        cpu.append(f"{path} {page_cpu:.2f} ms")
    worst = min(ratios.values())
    return table_row(
        app,
        ", ".join(f"{path} {ratio:.2f}x" for path, ratio in ratios.items())
        + f" (hello {hello.per_second:.0f}/s)",
        worst,
        ">= 0.3x, each page",
        worst >= 0.3 and failed == 0,
        f"{failed} failed; gunicorn CPU per request: {', '.join(cpu)}",
    )


def bench_cpu(arguments, app) -> None:
    from bench import bare_app

    client, bare = app.test_client(), bare_app.app.test_client()
    token = load.CSRF_INPUT.search(client.get(public_form.START_PATH).text).group(1)
    signing = {"csrf_token": token, **FORM}

    def answered_steps():
        public_form.answer_steps(public_form.client_post(client), token)

    def submission():
        answered_steps()
        assert client.post(public_form.SIGN_PATH, data=signing).status_code == 303

    def insert():
        assert bare.post("/insert", data=FORM).status_code == 200

    cpu_ms = {}
    for name, one in (
        ("steps answered", answered_steps),
        ("whole request (steps and signing)", submission),
        ("bare insert", insert),
    ):
        for _ in range(5):
            one()
        started = time.process_time()
        for _ in range(arguments.samples):
            one()
        cpu_ms[name] = (time.process_time() - started) * 1000 / arguments.samples
        print(f"{name}: {cpu_ms[name]:.2f} ms CPU in this process")
    signing_ms = cpu_ms["whole request (steps and signing)"] - cpu_ms["steps answered"]
    print(f"signing page alone (whole request less its steps): {signing_ms:.2f} ms CPU")
    for name, cost in (
        ("whole request", cpu_ms["whole request (steps and signing)"]),
        ("signing page alone", signing_ms),
    ):
        print(f"CPU-bound throughput ratio, {name}: {cpu_ms['bare insert'] / cost:.2f}x")


def _staff_session(app, base_url) -> load.Session:
    with app.app_context():
        if db.session.scalar(sa.select(StaffUser).filter_by(email=BENCH_STAFF_EMAIL)) is None:
            db.session.add(
                StaffUser(
                    email=BENCH_STAFF_EMAIL,
                    name="Bench Clerk",
                    role=Role.STAFF,
                    active=True,
                    password_hash="",
                )
            )
        user = db.session.scalar(sa.select(StaffUser).filter_by(email=BENCH_STAFF_EMAIL))
        user.password_hash = passwords.hash_password(BENCH_STAFF_PASSWORD)
        db.session.commit()
    session = load.Session(base_url)
    token = session.csrf_token("/staff/sign-in")
    fields = {"csrf_token": token, "email": BENCH_STAFF_EMAIL, "password": BENCH_STAFF_PASSWORD}
    status, _page = session.request("POST", "/staff/sign-in", fields)
    assert status == 302, f"sign-in answered {status}"
    return session


def _timed(function, samples: int) -> list[float]:
    latencies = []
    for _ in range(samples):
        started = time.perf_counter()
        function()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _summary(latencies: list[float]) -> tuple[float, float]:
    return statistics.median(latencies), statistics.quantiles(latencies, n=20)[-1]


def _page_statements(app, path: str) -> tuple[list, list]:
    """The SQL one real GET of the page runs (signed in, through the app in this process),
    captured as sent to the DBAPI: the row query alone, and every statement of the page."""
    captured = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        captured.append((statement, parameters))

    clerk = app.test_client()
    token = load.CSRF_INPUT.search(clerk.get("/staff/sign-in").text).group(1)
    signed_in = clerk.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": BENCH_STAFF_EMAIL, "password": BENCH_STAFF_PASSWORD},
    )
    assert signed_in.status_code == 302, f"sign-in answered {signed_in.status_code}"
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            page = clerk.get(path)
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
    assert page.text.count("<tr class=") == 50
    rows = [(sql, values) for sql, values in captured if "records_request.tracking_code" in sql]
    assert len(rows) == 1, rows
    return rows, captured


def _bare(app, statements, samples) -> list[float]:
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()

            def run_all():
                for statement, parameters in statements:
                    cursor.execute(statement, parameters)
                    cursor.fetchall()

            latencies = _timed(run_all, samples)
            connection.rollback()
        finally:
            connection.close()
    return latencies


def _timed_pages(session: load.Session, pages: dict[str, str], samples: int) -> dict:
    """Each page fetched `samples` times, one request at a time, the pages alternating."""
    for path in pages.values():
        status, _body = session.request("GET", path)
        assert status == 200, (status, path)
    timings = {name: [] for name in pages}
    for _ in range(samples):
        for name, path in pages.items():
            started = time.perf_counter()
            session.request("GET", path)
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def bench_queue(arguments, app) -> dict:
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(RecordsRequest))
    print(f"{total:,} requests in the database")
    pages = {"first": "/staff/", "last": f"/staff/?before={END_OF_QUEUE}"}
    with Server("app:app", "bench-app") as server:
        clerk = _staff_session(app, server.base_url)
        for path in pages.values():
            assert clerk.request("GET", path)[1].count("<tr class=") == 50, path
        timings = _timed_pages(clerk, pages, arguments.samples)
    statements = {name: _page_statements(app, path) for name, path in pages.items()}
    with tempfile.NamedTemporaryFile(suffix=".pickle") as saved:
        pickle.dump({name: rows[0] for name, (rows, _all) in statements.items()}, saved)
        saved.flush()
        with Server("bench.bare_app:app", "bench-bare", BENCH_QUEUE_SQL=saved.name) as server:
            bare_pages = {name: f"/queue/{name}" for name in pages}
            bare_endpoint = _timed_pages(
                load.Session(server.base_url), bare_pages, arguments.samples
            )
    medians, to_endpoint = {}, {}
    for name, (rows_sql, all_sql) in statements.items():
        page_median, page_p95 = _summary(timings[name])
        medians[name] = page_median
        print(f"{name} page: median {page_median:.1f} ms, p95 {page_p95:.1f} ms")
        ceilings = (
            ("bare SQL, rows query", _bare(app, rows_sql, arguments.samples)),
            ("bare SQL, all page queries", _bare(app, all_sql, arguments.samples)),
            ("bare Flask endpoint, same rows as text", bare_endpoint[name]),
        )
        for label, latencies in ceilings:
            bare_median, bare_p95 = _summary(latencies)
            print(
                f"  {label}: median {bare_median:.2f} ms, p95 {bare_p95:.2f} ms; "
                f"page/this (medians) = {page_median / bare_median:.1f}x"
            )
        to_endpoint[name] = page_median / _summary(bare_endpoint[name])[0]
    last_to_first = medians["last"] / medians["first"]
    print(f"last/first page (medians) = {last_to_first:.2f}x")
    worst = max(to_endpoint.values())
    return table_row(
        app,
        f"first {to_endpoint['first']:.2f}x, last {to_endpoint['last']:.2f}x; "
        f"last/first {last_to_first:.2f}x",
        worst,
        "<= 2x; last/first <= 1.2x",
        worst <= 2 and last_to_first <= 1.2,
        f"page medians {medians['first']:.1f} / {medians['last']:.1f} ms, "
        f"{arguments.samples} samples",
    )


def bench_lookup(arguments, app) -> dict:
    with app.app_context():
        pairs = [
            (code, born.isoformat())
            for code, born in db.session.execute(
                sa.select(RecordsRequest.tracking_code, RecordsRequest.date_of_birth).where(
                    RecordsRequest.id.in_(_random_ids(app, 2000))
                )
            )
        ]
    random.Random(1).shuffle(pairs)
    real, real_cpu = _served("app:app", prepare_lookup, lookup_app, arguments, pairs)
    bare, bare_cpu = _served("bench.bare_app:app", prepare_bare, lookup_bare, arguments, pairs)
    print("app  lookups:", real.line())
    print("bare lookups:", bare.line())
    print(ratio_line("lookup throughput", real.per_second, bare.per_second, "/s"))
    print(f"lookup median latency: {real.median_ms / bare.median_ms:.2f}x the bare SELECT's")
    print(cpu_line(real_cpu, bare_cpu))
    return throughput_row(app, (real, real_cpu), (bare, bare_cpu), least=0.6)


def _random_ids(app, count: int) -> list[int]:
    with app.app_context():
        highest = db.session.scalar(sa.select(sa.func.max(RecordsRequest.id)))
    rng = random.Random(2)
    return [rng.randint(1, highest) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", choices=["submit", "queue", "lookup", "form", "cpu"])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--database-url", help="instead of DATABASE_URL")
    parser.add_argument("--json", action="store_true", help="end with the table's row")
    arguments = parser.parse_args()
    if arguments.database_url:
        # Set before the app is made, and inherited by the gunicorn servers it starts.
        os.environ["DATABASE_URL"] = arguments.database_url
    os.environ.update(UNLIMITED_SUBMISSIONS)
    app = create_app()
    benchmarks = {
        "submit": bench_submit,
        "queue": bench_queue,
        "lookup": bench_lookup,
        "form": bench_form,
        "cpu": bench_cpu,
    }
    row = benchmarks[arguments.benchmark](arguments, app)
    if arguments.json and row is not None:
        print(json.dumps({"row": arguments.benchmark, **row}))


if __name__ == "__main__":
    main()
