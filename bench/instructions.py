"""Instructions per submission (a whole request sent through the public form's steps) and
per bare insert, counted by valgrind's callgrind: the same ratio as `serving_bench.py cpu`,
but a count that does not move with what else the machine is doing (CPU time on these
shared machines varies by 20-50 % from one minute to the next).

    export DATABASE_URL=...        # a migrated database, filled by bench/seed.py
    .venv/bin/python bench/instructions.py [--requests 100]

Each side runs twice under callgrind, once with `--requests` more requests than the other
after the same warm-up; the difference divided by `--requests` is the cost of one request,
free of start-up and imports. Instructions only count this process: the PostgreSQL
server's work and the kernel's are not in them. About five minutes; needs valgrind
(Debian's package).
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WARM_UP = 20
COLLECTED = re.compile(r"Collected : (\d+)")


def run_requests(side: str, count: int) -> None:
    from bench import load, public_form
    from bench.serving_bench import UNLIMITED_SUBMISSIONS

    os.environ.update(UNLIMITED_SUBMISSIONS)

    if side == "submission":
        from records_app import create_app

        client = create_app().test_client()
        token = load.CSRF_INPUT.search(client.get(public_form.START_PATH).text).group(1)
        fields = {"csrf_token": token, **public_form.FORM}

        def one() -> None:
            public_form.answer_steps(public_form.client_post(client), token)
            status = client.post(public_form.SIGN_PATH, data=fields).status_code
            if status != 303:
                raise SystemExit(f"{public_form.SIGN_PATH} answered {status}")
    else:
        from bench import bare_app

        client = bare_app.app.test_client()

        def one() -> None:
            status = client.post("/insert", data=public_form.FORM).status_code
            if status != 200:
                raise SystemExit(f"/insert answered {status}")

    for _ in range(WARM_UP + count):
        one()


def instructions(side: str, count: int) -> int:
    finished = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--inner",
            side,
            "--requests",
            str(count),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(COLLECTED.search(finished.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--inner", choices=["submission", "bare"])
    arguments = parser.parse_args()
    if arguments.inner:
        run_requests(arguments.inner, arguments.requests)
        return
    per_request = {}
    for side in ("submission", "bare"):
        extra = instructions(side, arguments.requests) - instructions(side, 0)
        per_request[side] = extra / arguments.requests
        print(f"{side}: {per_request[side] / 1e6:.2f} million instructions per request")
    ratio = per_request["bare"] / per_request["submission"]
    print(f"bare insert / submission = {ratio:.2f}x")


if __name__ == "__main__":
    main()
