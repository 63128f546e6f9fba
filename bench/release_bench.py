"""Released records, end to end under gunicorn: one large file uploaded by staff on the
request page and downloaded by the requester from the status page, with the worker's peak
memory and the throughput of each as a ratio of `cat FILE | sha256sum` on the same machine,
all in one run.

    .venv/bin/python bench/release_bench.py [--megabytes 500] [--workdir /tmp/release-bench]

The database is DATABASE_URL when set (a PostgreSQL database of its own: the bench migrates
it and adds one staff account and one request), else a new SQLite file in the work folder.
One gunicorn sync worker serves (GUNICORN_TIMEOUT raised for the upload); curl uploads and
downloads, streaming, as a browser would. The file is plain text, the kind a large
records export is (each byte is checked as UTF-8, so nothing is skipped); the release stamp
applies to PDFs only. Printed: seconds and MB/s for the baseline, the upload (the request,
until the page answers) and the download (the whole file, its SHA-256 compared), each ratio
to the baseline, and the worker's peak resident memory (VmHWM) after both. The baseline is
timed before the upload and again after the download, and their mean taken, so that the
ratios hold the same stretch of a shared machine's load. With --json the last line is the
row for bench/all.py (goal: RSS < 150 MB and each at >= 0.3x the baseline's throughput).
"""

import argparse
import json
import os
import re
import resource
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "quiet-river-lantern-7741-x"
LINE = "Visit {:09d}: blood pressure 128/82, pulse 64, no change in medication.\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=500)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/release-bench"))
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    workdir = arguments.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    environment = _environment(workdir)
    os.environ.update(environment)
    records = workdir / "records.txt"
    _write_records(records, arguments.megabytes * 1024 * 1024)
    size = records.stat().st_size
    load_before = _load()
    print(f"file: {size / 2**20:.0f} MiB; load before: {load_before}")

    cpu_started = _children_cpu()
    baseline_before, expected = _hashed(f"cat {records} | sha256sum")
    baseline_cpu = _children_cpu() - cpu_started
    request_id, tracking_code = _prepare(environment["DATABASE_URL"])
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "app:app"],
        cwd=ROOT,
        env={
            **os.environ,
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_TIMEOUT": "1800",
            "GUNICORN_LOG_LEVEL": "warning",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base)
        staff_jar = workdir / "staff.cookies"
        _sign_in(base, staff_jar)
        worker_started = _worker_cpu(server.pid)
        upload = _upload(base, staff_jar, request_id, records)
        worker_uploaded = _worker_cpu(server.pid)
        _release(environment["DATABASE_URL"], request_id)
        download, downloaded_sha256 = _download(base, workdir, tracking_code)
        worker_downloaded = _worker_cpu(server.pid)
        worker_peak = _worker_peak_kib(server.pid)
    finally:
        server.terminate()
        server.wait()
    baseline_after, _sha256 = _hashed(f"cat {records} | sha256sum")
    baseline = (baseline_before + baseline_after) / 2
    print(f"baseline before {baseline_before:.2f} s, after {baseline_after:.2f} s")
    print(f"download SHA-256 matches the file: {downloaded_sha256 == expected}")
    upload_cpu = worker_uploaded - worker_started
    download_cpu = worker_downloaded - worker_uploaded
    print(
        f"CPU seconds: cat | sha256sum {baseline_cpu:.2f}; the worker's for the upload "
        f"{upload_cpu:.2f} (x{upload_cpu / baseline_cpu:.1f}), for the download "
        f"{download_cpu:.2f} (x{download_cpu / baseline_cpu:.1f})"
    )
    megabytes = size / 1e6
    for name, seconds in (
        ("cat | sha256sum", baseline),
        ("upload", upload),
        ("download", download),
    ):
        print(
            f"{name:16} {seconds:7.2f} s  {megabytes / seconds:8.1f} MB/s  "
            f"x{seconds / baseline:5.1f} the baseline's time"
        )
    load_after = _load()
    print(f"worker peak RSS (VmHWM): {worker_peak / 1024:.0f} MiB; load after: {load_after}")
    if arguments.json:
        peak_mb = worker_peak * 1024 / 1e6
        upload_ratio, download_ratio = baseline / upload, baseline / download
        row = {
            "row": f"file delivery, {size / 2**20:.0f} MiB upload and download",
            "figure": (
                f"upload {upload_ratio:.2f}x, download {download_ratio:.2f}x the throughput "
                f"of cat | sha256sum; worker peak RSS {peak_mb:.0f} MB"
            ),
            "ratio": round(min(upload_ratio, download_ratio), 3),
            "goal": "worker RSS < 150 MB; each >= 0.3x cat | sha256sum",
            "met": peak_mb < 150 and min(upload_ratio, download_ratio) >= 0.3,
            "context": (
                f"CPU: upload x{upload_cpu / baseline_cpu:.1f}, download "
                f"x{download_cpu / baseline_cpu:.1f} the baseline's; load {load_before} "
                f"before, {load_after} after"
            ),
        }
        print(json.dumps(row))


def _environment(workdir: Path) -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    keys = {name: os.environ.get(name) or _key() for name in ("RECORDS_KEYS", "RECORDS_LOOKUP_KEY")}
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(32),
        **keys,
        "RELEASE_MAX_MB_PER_REQUEST": str(2048),
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "32",
    }


def _key() -> str:
    from records_app.config import new_key

    return new_key()


def _write_records(path: Path, size: int) -> None:
    if path.exists() and path.stat().st_size >= size:
        return
    with path.open("w", encoding="ascii") as out:
        written, number = 0, 0
        while written < size:
            block = "".join(LINE.format(number + i) for i in range(10_000))
            out.write(block)
            written += len(block)
            number += 10_000


def _timed(command, **options) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, **options)
    return time.perf_counter() - started


def _prepare(database_url: str) -> tuple[int, str]:
    """Migrates the database and files one approved request with no e-mail address (so the
    status page lets the tracking code and date of birth download), and a staff account."""
    from flask_migrate import upgrade

    from records_app import accounts, audit, create_app, lifecycle
    from records_app.extensions import db
    from records_app.lifecycle import Action
    from records_app.models import RecordsRequest, Role, StaffUser
    from tests.support.answers import request_fields
    from tests.support.factories import act

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        clerk = db.session.query(StaffUser).filter_by(email="bench@example.org").one_or_none()
        if clerk is None:
            clerk = accounts.create(
                "bench@example.org",
                "Bench Clerk",
                Role.STAFF,
                PASSWORD,
                by=audit.Actor(label="bench"),
            )
        request = lifecycle.receive(RecordsRequest(**request_fields(email=None))).request
        for action in (Action.START_REVIEW, Action.APPROVE):
            act(request, action, clerk)
        return request.id, request.tracking_code


def _release(database_url: str, request_id: int) -> None:
    """Marks the request fulfilled, as staff do once the file is attached."""
    from records_app import create_app
    from records_app.extensions import db
    from records_app.lifecycle import Action
    from records_app.models import RecordsRequest, StaffUser
    from tests.support.factories import act

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        clerk = db.session.query(StaffUser).filter_by(email="bench@example.org").one()
        act(db.session.get(RecordsRequest, request_id), Action.FULFIL, clerk)


def _curl(*arguments: str) -> str:
    return subprocess.run(
        ["curl", "-sS", "--fail", *arguments], check=True, capture_output=True, text=True
    ).stdout


def _csrf(html: str) -> str:
    return re.search(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _sign_in(base: str, jar: Path) -> None:
    token = _csrf(_curl("-c", str(jar), "-b", str(jar), f"{base}/staff/sign-in"))
    _curl(
        "-c", str(jar), "-b", str(jar), "-o", "/dev/null",
        "-d", f"csrf_token={token}", "--data-urlencode", "email=bench@example.org",
        "--data-urlencode", f"password={PASSWORD}", f"{base}/staff/sign-in",
    )  # fmt: skip


def _upload(base: str, jar: Path, request_id: int, records: Path) -> float:
    page = _curl("-c", str(jar), "-b", str(jar), f"{base}/staff/requests/{request_id}")
    token = re.search(r'name="release-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return _timed(
        [
            "curl", "-sS", "--fail", "-o", "/dev/null", "-b", str(jar),
            "-F", f"release-csrf_token={token}",
            "-F", f"release-files=@{records};type=text/plain",
            f"{base}/staff/requests/{request_id}/released-files",
        ]
    )  # fmt: skip


def _download(base: str, workdir: Path, tracking_code: str) -> tuple[float, str]:
    jar = workdir / "requester.cookies"
    jar.unlink(missing_ok=True)
    token = _csrf(_curl("-c", str(jar), "-b", str(jar), f"{base}/status"))
    page = _curl(
        "-c", str(jar), "-b", str(jar),
        "-d", f"csrf_token={token}", "-d", f"tracking_code={tracking_code}",
        "-d", "date_of_birth=1951-04-17", f"{base}/status",
    )  # fmt: skip
    file_id = re.search(r'href="/status/records/(\d+)"', page).group(1)
    return _hashed(f"curl -sS --fail -b {jar} {base}/status/records/{file_id} | sha256sum")


def _hashed(pipeline: str) -> tuple[float, str]:
    """Seconds the shell pipeline took, and the SHA-256 it printed."""
    started = time.perf_counter()
    printed = subprocess.run(pipeline, shell=True, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, printed.stdout.split()[0]


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the baseline's shell, cat and
    sha256sum), user and system."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _worker_cpu(master_pid: int) -> float:
    """CPU seconds the gunicorn worker has used so far, user and system, from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    fields = Path(f"/proc/{children[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _worker_peak_kib(master_pid: int) -> int:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(base: str) -> None:
    for _ in range(100):
        try:
            _curl("-o", "/dev/null", f"{base}/healthz")
            return
        except subprocess.CalledProcessError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
