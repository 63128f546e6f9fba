"""Fill a database with N realistic synthetic requests in every status, fast (bulk inserts).

    DATABASE_URL=... .venv/bin/python bench/seed.py --count 1000000 [--fulfilled-share 0.6]

The database must be migrated first (`flask --app app db upgrade`). Names, dates of birth
and addresses are invented; no real person's data is used. Tracking codes are derived from a
counter so that seeding never collides with itself (they still have the issued shape).
"""

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from records_app import create_app, lifecycle  # noqa: E402
from records_app.crypto import keyring
from records_app.extensions import db  # noqa: E402
from records_app.models import OPEN_STATUSES, RecordsRequest, RequestEvent, Status  # noqa: E402
from records_app.tracking import ALPHABET  # noqa: E402

FIRST_NAMES = (
    "Ada Alma Bea Carl Dora Earl Edna Faye Glen Hank Iris June Lois Mabel Ned Opal Ray Ruth Vera"
).split()
LAST_NAMES = (
    "Abbott Baker Chen Diaz Evans Fischer Garcia Holloway Ito Jensen Kowalski Larsen Nguyen "
    "Olsen Patel Quinn Rivera Schmidt Tanaka Young"
).split()
CITIES = [("Portland", "OR", "97214"), ("Beaverton", "OR", "97005"), ("Vancouver", "WA", "98660")]
BATCH = 5000
STATUS_WEIGHTS = {
    Status.SUBMITTED: 8,
    Status.IN_REVIEW: 6,
    Status.NEEDS_INFO: 3,
    Status.APPROVED: 3,
    Status.DENIED: 2,
    Status.WITHDRAWN: 1,
}


def tracking_code(number: int) -> str:
    symbols = []
    for _ in range(8):
        number, digit = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[digit])
    return f"RR-{''.join(symbols[:4])}-{''.join(symbols[4:])}"


def choose_status(rng: random.Random, fulfilled_share: float) -> Status:
    if rng.random() < fulfilled_share:
        return Status.FULFILLED
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    return rng.choices(statuses, weights)[0]


def synthetic_request(
    number: int, rng: random.Random, now: datetime, share: float, given: dict | None = None
) -> dict:
    """One request's row, sealed as the app seals it; `given` replaces invented values (its
    lookup hashes are taken from what it gives)."""
    status = choose_status(rng, share)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    city, state, zip_code = rng.choice(CITIES)
    closed = status not in OPEN_STATUSES
    received_at = now - timedelta(days=rng.uniform(2, 720) if closed else rng.uniform(0, 45))
    due_at = lifecycle.first_due_at(received_at)
    closed_at = min(received_at + timedelta(days=rng.uniform(1, 40)), now) if closed else None
    row = {
        "tracking_code": tracking_code(number),
        "status": status,
        "version": 1,
        "received_via": "online",
        "received_at": received_at,
        "original_due_at": due_at,
        "due_at": due_at,
        "closed_at": closed_at,
        "requester_kind": "patient",
        "patient_first_name": first,
        "patient_middle_name": None,
        "patient_last_name": last,
        "date_of_birth": date(1930, 1, 1) + timedelta(days=rng.randrange(0, 30000)),
        "phone": f"(503) 555-{rng.randrange(10000):04d}",
        "email": f"patient{number}@example.net",
        "address_street": f"{rng.randrange(100, 9999)} SE Alder St",
        "address_city": city,
        "address_state": state,
        "address_zip": zip_code,
        "records_scope": "all",
        "record_categories": [],
        "recipient_kind": "patient",
        "record_format": "paper",
        "delivery": "mail",
        "sensitive_initials": {},
        "signature_name": f"{first} {last}",
        "signed_at": received_at,
        "fee_cents": 0,
        "created_at": received_at,
        "denial_basis": "no_records" if status == Status.DENIED else None,
        "denial_explanation": "No records held." if status == Status.DENIED else None,
        "sent_on": None,
        "fulfilment_method": None,
        "records_sent": None,
        "sent_to": None,
        "fulfilled_at": None,
    }
    if status == Status.FULFILLED:
        row.update(
            sent_on=closed_at.date(),
            fulfilment_method=rng.choice(["mail", "secure_email", "pickup", "fax"]),
            records_sent=f"All records, {rng.randrange(5, 300)} pages",
            sent_to=f"{first} {last}",
            fulfilled_at=closed_at,
        )
    row.update(given or {})
    for field in ("tracking_code", "patient_last_name", "date_of_birth"):
        row[f"{field}_lookup"] = keyring.lookup(field, row[field])
    return row


def seed(count: int, fulfilled_share: float, seed_value: int) -> None:
    rng = random.Random(seed_value)
    now = datetime.now(UTC)
    request_table = RecordsRequest.__table__
    event_table = RequestEvent.__table__
    start_id = (db.session.scalar(db.select(db.func.max(RecordsRequest.id))) or 0) + 1
    started = time.perf_counter()
    for batch_start in range(0, count, BATCH):
        numbers = range(start_id + batch_start, start_id + min(batch_start + BATCH, count))
        rows = [{"id": n, **synthetic_request(n, rng, now, fulfilled_share)} for n in numbers]
        db.session.execute(request_table.insert(), rows)
        db.session.execute(
            event_table.insert(),
            [
                {
                    "request_id": row["id"],
                    "occurred_at": row["received_at"],
                    "action": "receive",
                    "from_status": None,
                    "to_status": Status.SUBMITTED,
                    "reason": "Received online (synthetic)",
                }
                for row in rows
            ],
        )
        db.session.commit()
        done = batch_start + len(rows)
        print(f"\r{done:,} / {count:,} requests", end="", flush=True)
    if db.engine.dialect.name == "postgresql":
        # The rows above carry their own ids, which PostgreSQL's id sequence does not see:
        # move it past them, or the app's next request would collide with one.
        db.session.execute(
            db.text(
                "SELECT setval(pg_get_serial_sequence('records_request', 'id'), "
                "(SELECT max(id) FROM records_request))"
            )
        )
        db.session.commit()
    # The rows went in around the lifecycle, so its status counts do not include them yet.
    lifecycle.recount()
    db.session.commit()
    print(f"\nseeded {count:,} requests in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--fulfilled-share", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    app = create_app()
    with app.app_context():
        seed(arguments.count, arguments.fulfilled_share, arguments.seed)


if __name__ == "__main__":
    main()
