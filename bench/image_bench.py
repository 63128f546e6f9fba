"""Hostile images against one gunicorn worker (issue 20, item 1): the public form's steps
answered, then its signing page sent with three 9400 x 9400 PNGs of zeros (the photo ID and
two proofs of authority), with the rest of the page right and with the signature left out,
a few times each; then a 6000 x 6000 photo, which is under
the pixel limit and is decoded. For every request: the answer's status
and time, and the worker's resident memory after it and at its peak (VmRSS and VmHWM from
/proc). Goal: every answer within 2 s, the worker under 300 MB.

    .venv/bin/python bench/image_bench.py [--rounds 3] [--root PATH]

--root serves another checkout of the app (say a worktree of main, for the figures before
the fix) with this repository's virtualenv. The database is a new SQLite file, migrated
first; the server is `gunicorn -c gunicorn.conf.py` with WEB_CONCURRENCY=1.
"""

import argparse
import http.client
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load, public_form  # noqa: E402
from bench.public_form import FORM  # noqa: E402
from bench.serving_bench import Server  # noqa: E402
from tests.support.uploads import zeros_png  # noqa: E402

SIDE = 9400
# A photo just under the default pixel limit (40 million): decoded, shrunk and stored.
LARGEST_TAKEN = 6000
MESSAGES = ("million are taken", "could not be read")
REPRESENTATIVE = {
    "requester_kind": "representative",
    "representative_name": "Bench Marker Jr",
    "representative_authority": "health_care_poa",
}


def worker_memory_mb(server: Server) -> tuple[float, float]:
    """(VmRSS, VmHWM) of gunicorn's one worker, in MB."""
    with open(f"/proc/{server.process.pid}/task/{server.process.pid}/children") as children:
        (worker,) = children.read().split()
    figures = {}
    with open(f"/proc/{worker}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                figures[name] = int(value.split()[0]) / 1024
    return figures["VmRSS"], figures["VmHWM"]


def post_with_files(session: load.Session, fields: dict, files: dict) -> tuple[int, str, float]:
    csrf_token = session.csrf_token(public_form.START_PATH)
    public_form.answer_steps(public_form.session_post(session), csrf_token, fields)
    values = {"csrf_token": csrf_token, **fields}
    for name, content in files.items():
        values[name] = [_file(one, f"{name}-{index}.png") for index, one in enumerate(content)]
    boundary, body = encode_multipart(values)
    headers = {
        "Connection": "close",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items()),
    }
    connection = http.client.HTTPConnection(session.host, session.port, timeout=300)
    started = time.perf_counter()
    try:
        connection.request("POST", public_form.SIGN_PATH, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    return response.status, text, time.perf_counter() - started


def _file(content: bytes, filename: str) -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=filename, content_type="image/png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT)
    arguments = parser.parse_args()

    hostile = zeros_png(SIDE, SIDE, colour=True)
    print(f"hostile PNG: {SIDE} x {SIDE} RGB, {len(hostile) / 1024:.0f} KiB")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        flask = [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"]
        subprocess.run(flask, cwd=arguments.root, env=env, check=True, capture_output=True)
        with Server(
            "app:app", "bench-images", root=arguments.root, **env, WEB_CONCURRENCY="1"
        ) as server:
            rss, peak = worker_memory_mb(server)
            print(f"worker at start: RSS {rss:.0f} MB, peak {peak:.0f} MB")
            three = {"photo_id": [hostile], "authority_documents": [hostile, hostile]}
            cases = {
                "3 hostile, rest of the form right": ({**FORM, **REPRESENTATIVE}, three),
                "3 hostile, the signature left out": (
                    {**FORM, **REPRESENTATIVE, "signature_name": ""},
                    three,
                ),
                f"a {LARGEST_TAKEN}-pixel-square photo (36 Mpx), rest right": (
                    FORM,
                    {"photo_id": [zeros_png(LARGEST_TAKEN, LARGEST_TAKEN, colour=True)]},
                ),
            }
            for case, (fields, files) in cases.items():
                for round_number in range(1, arguments.rounds + 1):
                    session = load.Session(server.base_url)
                    status, page, seconds = post_with_files(session, fields, files)
                    rss, peak = worker_memory_mb(server)
                    refusal = next((m for m in MESSAGES if m in page), "no refusal of a photo")
                    print(
                        f"{case}, round {round_number}: {status} ({refusal}) in {seconds:.2f} s; "
                        f"worker RSS {rss:.0f} MB, peak so far {peak:.0f} MB"
                    )


if __name__ == "__main__":
    main()
