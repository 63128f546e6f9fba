"""A closure-notice burst: patients submitting requests at a steady rate while staff work the
queue, on two gunicorn instances over one PostgreSQL database, then cron clearing the letters
and e-mails the burst left.

    export DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/records_desk_burst
    .venv/bin/python bench/burst_bench.py [--minutes 10] [--rate 20] [--staff 5] [--json]

The database is migrated (`flask db upgrade`) and one staff account added; it should be a
database of its own, since the burst fills it. Both instances run `gunicorn -c
gunicorn.conf.py` (bench/serving_bench.py's Server) with the same keys and settings, as two
machines behind a load balancer would; half of the patients and staff use each (sticky
sessions). A patient opens the public form, answers its steps and sends it
(`submit_as_patient`); each patient
client keeps to its share of --rate, so a slow server shows as a rate below the goal rather
than as fewer clients. A staff member opens the queue of new requests, one of its first
rows, starts its review, then pauses --staff-pause seconds. Every page's latency is kept, by
page. E-mail goes to a local SMTP sink (aiosmtpd), so sending costs what it would.

Two settings differ from production, both spam defences of the public form: the limit of
submissions per client address (every patient here comes from 127.0.0.1) and the fewest
seconds between showing the form and sending it (a patient here sends at once).

After the burst, the servers stop and cron is played: `flask letters write` and `flask mail
send` start every --cron-every seconds (60, as docs/deploy.md sets them; a run still going
when the next starts is left to overlap, as cron would) until no letter and no e-mail waits,
for at most --drain-minutes. Goal: p95 < 300 ms for every page, no errors, the backlog
cleared within 10 minutes. Progress goes to stderr; with --json the last stdout line is the
row for bench/all.py.
"""

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load, public_form  # noqa: E402
from bench.public_form import FORM  # noqa: E402
from bench.serving_bench import UNLIMITED_SUBMISSIONS, Server, staff_session  # noqa: E402
from records_app import create_app  # noqa: E402
from records_app.extensions import db  # noqa: E402
from records_app.letters.storage import pending_count  # noqa: E402
from records_app.mail import outbox  # noqa: E402

GOAL_P95_MS = 300
GOAL_DRAIN_MINUTES = 10
HIDDEN_INPUT = re.compile(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"')
REQUEST_LINK = re.compile(r'href="/staff/requests/(\d+)"')
START_REVIEW = "start_review"
NEW_REQUESTS = "/staff/?status=submitted"
# Where each client process appends its pages' latencies: page, milliseconds, answered as
# expected (1) or not (0). Emptied in main before the clients start.
PAGES_DIR = Path("/tmp/burst-bench")


class PageLog:
    """One client process's record of the pages it loaded, written as it goes so that the
    parent reads every process's after the run."""

    def __init__(self):
        self.file = open(PAGES_DIR / f"pages-{os.getpid()}.tsv", "a")  # noqa: SIM115

    def timed(self, page: str, expected: int, call) -> tuple[int, str]:
        started = time.perf_counter()
        try:
            status, body = call()
        except OSError:
            status, body = 0, ""
        elapsed_ms = (time.perf_counter() - started) * 1000
        self.file.write(f"{page}\t{elapsed_ms:.2f}\t{int(status == expected)}\n")
        self.file.flush()
        return status, body


def submit_as_patient(session: load.Session, log: PageLog, index: int) -> int:
    """A patient sends a request through the public form as a browser does: opens it,
    answers each step and loads the next page it is sent to, then the answers page, the
    signing page, and sends it. The one place that knows the form's pages is
    bench/public_form.py."""
    status, page = log.timed(
        "public form, first step (GET)",
        200,
        lambda: session.request("GET", public_form.START_PATH),
    )
    if status != 200:
        return status
    csrf_token = load.CSRF_INPUT.search(page).group(1)
    answers = {**FORM, "email": f"burst{index}@example.net"}

    def post_then_follow(path: str, fields: dict) -> tuple[int, str | None]:
        status, _page = log.timed(
            "public form, a step answered (POST)",
            303,
            lambda: session.request("POST", path, fields),
        )
        location = session.location
        if status == 303 and location:
            log.timed(
                "public form, the next page (GET)", 200, lambda: session.request("GET", location)
            )
        return status, location

    try:
        public_form.answer_steps(post_then_follow, csrf_token, answers)
    except RuntimeError:
        return 599
    signing = {"csrf_token": csrf_token, **answers}
    status, _page = log.timed(
        "public form, sign and send (GET)",
        200,
        lambda: session.request("GET", public_form.SIGN_PATH),
    )
    status, _page = log.timed(
        "submission (POST /request/sign)",
        303,
        lambda: session.request("POST", public_form.SIGN_PATH, signing),
    )
    return status


def prepare_patient(base_url, pacing):
    return {"session": load.Session(base_url), "log": PageLog(), "pacing": pacing, "t0": None}


def patient(state, index):
    """One submission in its slot: the clients share the rate, each taking every n-th slot."""
    clients, rate = state["pacing"]
    client, k = divmod(index, 1_000_000)
    if state["t0"] is None:
        state["t0"] = time.time()
    time.sleep(max(0.0, state["t0"] + (k * clients + client) / rate - time.time()))
    return submit_as_patient(state["session"], state["log"], index), ""


def prepare_staff(base_url, pause):
    app = create_app()  # its own, in the client's process: an app does not cross processes
    with app.app_context():
        session = staff_session(app, base_url)
    return {"session": session, "log": PageLog(), "pause": pause}


def staff(state, index):
    """A staff member's round: the queue of new requests, one of its first ten rows (at
    random, so that five people seldom open the same one), its review started."""
    session, log = state["session"], state["log"]
    status, queue_page = log.timed(
        "staff queue (new requests)", 200, lambda: session.request("GET", NEW_REQUESTS)
    )
    ids = REQUEST_LINK.findall(queue_page)
    if status == 200 and ids:
        request_id = random.choice(ids[:10])
        path = f"/staff/requests/{request_id}"
        status, page = log.timed("staff request page", 200, lambda: session.request("GET", path))
        step = f"{path}/actions/{START_REVIEW}"
        form = re.search(rf'<form[^>]*action="{re.escape(step)}"(.*?)</form>', page, re.S)
        if status == 200 and form:
            fields = dict(HIDDEN_INPUT.findall(form.group(1)))
            status, _page = log.timed(
                "staff step (start review)", 302, lambda: session.request("POST", step, fields)
            )
    time.sleep(state["pause"])
    return status, ""


def backlog(app) -> tuple[int, int]:
    with app.app_context():
        counts = pending_count(), len(outbox.waiting())
        db.session.remove()
    return counts


def drain(app, environment, every: float, most_seconds: float) -> dict:
    """Plays cron until nothing waits, for at most `most_seconds`: the seconds until no letter
    and until no e-mail waited (None for a backlog not cleared), and the backlog seen first
    and last. Runs still going at the limit are stopped: the limit is the measure."""
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "app"]
    started = time.monotonic()
    runs: list[subprocess.Popen] = []
    cleared: dict[str, float | None] = {"letters": None, "e-mails": None}
    seen = []
    next_run = started
    while time.monotonic() - started < most_seconds:
        if time.monotonic() >= next_run:
            for command in (["letters", "write"], ["mail", "send"]):
                runs.append(
                    subprocess.Popen(
                        flask + command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL
                    )
                )
            next_run += every
        waiting = dict(zip(cleared, backlog(app), strict=True))
        elapsed = time.monotonic() - started
        seen.append(waiting)
        for name, count in waiting.items():
            if count == 0 and cleared[name] is None:
                cleared[name] = elapsed
        print(
            f"  drain {elapsed:4.0f} s: {waiting['letters']} letters, {waiting['e-mails']} "
            f"e-mails waiting; load {_load()}",
            file=sys.stderr,
        )
        if all(value is not None for value in cleared.values()):
            break
        time.sleep(10)
    for run in runs:
        if run.poll() is None:
            run.terminate()
        run.wait()
    return {"cleared": cleared, "first": seen[0], "last": seen[-1]}


def page_figures() -> dict[str, dict]:
    latencies, failures = defaultdict(list), defaultdict(int)
    for path in PAGES_DIR.glob("pages-*.tsv"):
        for line in path.read_text().splitlines():
            page, milliseconds, ok = line.split("\t")
            latencies[page].append(float(milliseconds))
            failures[page] += ok == "0"
    return {
        page: {
            "count": len(values),
            "errors": failures[page],
            "median_ms": statistics.median(values),
            "p95_ms": statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0],
        }
        for page, values in sorted(latencies.items())
    }


def _smtp_sink() -> tuple[subprocess.Popen, int]:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-c",
            "aiosmtpd.handlers.Sink",
            "-l",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return sink, port


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=20, help="submissions a second")
    parser.add_argument("--patients", type=int, default=8, help="patient client processes")
    parser.add_argument("--staff", type=int, default=5)
    parser.add_argument("--staff-pause", type=float, default=1.0)
    parser.add_argument("--cron-every", type=float, default=60)
    parser.add_argument("--drain-minutes", type=float, default=GOAL_DRAIN_MINUTES)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database of the bench's own.")

    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    for old in PAGES_DIR.glob("pages-*.tsv"):
        old.unlink()
    sink, smtp_port = _smtp_sink()
    os.environ.update(
        {**UNLIMITED_SUBMISSIONS, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port)}
    )
    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    app = create_app()
    load_before = _load()
    print(f"load before: {load_before}", file=sys.stderr)
    seconds = arguments.minutes * 60
    with Server("app:app", "burst-a") as first, Server("app:app", "burst-b") as second:
        with app.app_context():
            staff_session(app, first.base_url)
            db.session.remove()
            db.engine.dispose()  # the clients fork: none may share this process's connections
        results = {}
        halves = [(first, 0), (second, 1)]
        runs = []
        for server, half in halves:
            patients = arguments.patients // 2 + (half == 0) * (arguments.patients % 2)
            staff_members = arguments.staff // 2 + (half == 0) * (arguments.staff % 2)
            pacing = (patients, arguments.rate * patients / arguments.patients)
            runs.append((f"patients@{half}", prepare_patient, patient, server, patients, pacing))
            pause = arguments.staff_pause
            runs.append((f"staff@{half}", prepare_staff, staff, server, staff_members, pause))

        def run(name, prepare, one, server, clients, context):
            results[name] = load.run(
                prepare, one, server.base_url, clients=clients, seconds=seconds, context=context
            )

        threads = [threading.Thread(target=run, args=spec) for spec in runs if spec[4]]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        while any(thread.is_alive() for thread in threads):
            time.sleep(15)
            done = sum(
                1
                for path in PAGES_DIR.glob("pages-*.tsv")
                for line in open(path)
                if line.startswith("submission")
            )
            print(
                f"  burst {time.monotonic() - started:5.0f} s: {done} submissions sent; "
                f"load {_load()}",
                file=sys.stderr,
            )
        for thread in threads:
            thread.join()
    submitted = sum(result.ok for name, result in results.items() if name.startswith("patients"))
    environment = {**os.environ}
    drained = drain(app, environment, arguments.cron_every, arguments.drain_minutes * 60)
    sink.terminate()
    sink.wait()
    load_after = _load()
    pages = page_figures()
    _report(arguments, pages, submitted, seconds, drained, load_before, load_after)


def _report(arguments, pages, submitted, seconds, drained, load_before, load_after):
    for page, figures in pages.items():
        print(
            f"{page:32} {figures['count']:6d} pages, {figures['errors']} errors, "
            f"median {figures['median_ms']:6.1f} ms, p95 {figures['p95_ms']:6.1f} ms"
        )
    rate = submitted / seconds
    first, last = drained["first"], drained["last"]
    cleared = {
        name: f"{seconds_taken / 60:.1f} min" if seconds_taken is not None else "not cleared"
        for name, seconds_taken in drained["cleared"].items()
    }
    print(
        f"{submitted} requests submitted in {seconds / 60:.1f} min ({rate:.1f}/s, goal "
        f"{arguments.rate:g}/s); backlog after the burst: {first['letters']} letters, "
        f"{first['e-mails']} e-mails; letters {cleared['letters']}, e-mails "
        f"{cleared['e-mails']} (limit {arguments.drain_minutes:g} min; left: "
        f"{last['letters']} letters, {last['e-mails']} e-mails)"
    )
    print(f"load before {load_before}, after {load_after}")
    if not arguments.json:
        return
    worst = max(figures["p95_ms"] for figures in pages.values())
    errors = sum(figures["errors"] for figures in pages.values())
    met = (
        worst < GOAL_P95_MS
        and errors == 0
        and all(value is not None for value in drained["cleared"].values())
        and arguments.drain_minutes <= GOAL_DRAIN_MINUTES
        and rate >= arguments.rate * 0.95
    )
    row = {
        "row": "closure-notice burst (PostgreSQL, two gunicorn instances)",
        "figure": (
            f"worst page p95 {worst:.0f} ms, {errors} errors, {rate:.1f} submissions/s, "
            f"letters {cleared['letters']}, e-mails {cleared['e-mails']}"
        ),
        "ratio": None,
        "goal": (
            f"{arguments.rate:g} submissions/s with {arguments.staff} staff for 10 min: p95 < "
            f"{GOAL_P95_MS} ms every page, 0 errors, backlog cleared by cron within "
            f"{GOAL_DRAIN_MINUTES} min"
        ),
        "met": met if arguments.minutes >= 10 else None,
        "context": (
            f"{arguments.minutes:g} min run; load {load_before} before, {load_after} after"
        ),
    }
    print(json.dumps(row))


if __name__ == "__main__":
    main()
