"""Benchmark: how long writing one letter of each kind takes (the PDF composed in memory, not
stored): each staff step that owes one waits for it, and `flask letters write` writes the
two of every receipt after the response.

    .venv/bin/python bench/letters_bench.py [--repeat 20]

It needs no database: the request is built in memory, as the lifecycle hands it over. Each
kind is written once to warm up, then --repeat times; the median wall time is printed.

Then the row of issue 21, "letters written per second by one writer": the two receipt
letters (acknowledgement and signed request, the letters a burst of submissions leaves for
`flask letters write`) written in turn, their rate from this process's CPU time and its wall
time; beside it, what fpdf2 spends parsing the font for each letter (`FPDF.add_font` on a
new document), which is every letter's since fpdf2 has no public way to hand one parsed font
to the next document, and the rate the letters would reach without that parse. With --json
the last line is the row for bench/all.py.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fpdf import FPDF  # noqa: E402

from records_app import create_app  # noqa: E402
from records_app.letters.page import FONT, FONT_FILE  # noqa: E402
from records_app.letters.storage import composers  # noqa: E402
from records_app.models import (
    Delivery,
    FeePayment,
    FeeQuote,
    FeeRule,
    FulfilmentMethod,
    LetterKind,
    PaymentMethod,
    QuoteAnswer,
    ReceivedVia,
    RecipientKind,
    RecordFormat,
    RecordsRequest,
    RecordsScope,
    RequesterKind,
    Status,
)


def sample_request(now: datetime) -> RecordsRequest:
    """A fulfilled request with every letter's material: an extension, a denial's words, a
    search that found nothing, a review's decision, a re-opening, a part withheld, and a fee
    quoted, accepted and partly paid."""
    records_request = RecordsRequest(
        tracking_code="RR-7KQ4-M2XD",
        received_via=ReceivedVia.ONLINE,
        received_at=now,
        original_due_at=now + timedelta(days=30),
        due_at=now + timedelta(days=45),
        extension_reason="Records are in off-site storage",
        requester_kind=RequesterKind.PATIENT,
        patient_first_name="Thị Hồng",
        patient_last_name="Nguyễn",
        date_of_birth=date(1951, 4, 17),
        phone="(503) 555-0142",
        email="patient@example.net",
        address_street="1420 SE Alder St",
        address_city="Portland",
        address_state="OR",
        address_zip="97214",
        records_scope=RecordsScope.ALL,
        record_categories=[],
        recipient_kind=RecipientKind.THIRD_PARTY,
        recipient_name="Dr. Priya Natarajan",
        recipient_organization="Cascade Vein Clinic",
        purpose="At the request of the individual",
        sensitive_initials={"mental_health": "THN"},
        record_format=RecordFormat.PAPER,
        delivery=Delivery.MAIL,
        signature_name="Nguyễn Thị Hồng",
        signed_at=now,
        info_requested_message="Please send a copy of your photo ID.",
        denial_basis="endangerment",
        denial_explanation="A clinician judged that access would put you at risk.",
        no_records_searched="The practice's charts, under the names Nguyễn and Nguyen",
        records_elsewhere=[["Providence St. Vincent", "9205 SW Barnes Rd, Portland, OR 97225"]],
        reviewer_role="A licensed psychiatrist",
        review_decision="The risk stands.",
        reopen_reason="The records sent never arrived.",
        withheld_description="Psychiatric consultation notes of 2019",
        withheld_basis="endangerment",
        withheld_explanation="The treating psychiatrist judged they could endanger the patient.",
        sent_on=now.date(),
        fulfilment_method=FulfilmentMethod.MAIL,
        records_sent="Office notes 2015-2022, 42 pages",
        sent_to="Dr. Priya Natarajan, Cascade Vein Clinic",
        status=Status.FULFILLED,
        fee_cents=5350,
    )
    records_request.fee_quote = FeeQuote(
        rule=FeeRule.DIRECTIVE,
        page_count=64,
        delivery=FulfilmentMethod.MAIL,
        lines=[
            ["The first 10 pages or fewer", 3000],
            ["Pages 11 to 50: 40 at $0.50", 2000],
            ["Pages 51 to 64: 14 at $0.25", 350],
        ],
        cap_cents=5350,
        amount_cents=5350,
        quoted_at=now,
        answer=QuoteAnswer.ACCEPTED,
        answered_at=now,
        waived_cents=0,
        payments=[
            FeePayment(
                amount_cents=2000,
                method=PaymentMethod.CHECK,
                received_on=now.date(),
                reference="Check 2041",
                recorded_at=now,
            )
        ],
    )
    return records_request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    repeat = arguments.repeat
    load_before = _load()
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        now = datetime.now(UTC)
        records_request = sample_request(now)
        for kind, compose in composers().items():
            size = len(compose(records_request, now))
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                compose(records_request, now)
                times.append(time.perf_counter() - started)
            median_ms = statistics.median(times) * 1000
            print(f"{kind.value:20} {median_ms:7.1f} ms median of {repeat}  {size:6} bytes")
        receipts = [composers()[LetterKind.ACKNOWLEDGEMENT], composers()[LetterKind.AUTHORIZATION]]
        per_second, cpu_per_second = _receipt_rate(receipts, records_request, now, repeat)
        parse = _font_parse_seconds(repeat)
        without_parse = 1 / (1 / cpu_per_second - parse)
    load_after = _load()
    print(
        f"receipt letters, one writer: {per_second:.1f}/s wall, {cpu_per_second:.1f}/s of CPU "
        f"(goal >= 100/s); the font parsed for each: {parse * 1000:.1f} ms of CPU; "
        f"without that parse: {without_parse:.1f}/s"
    )
    print(f"load before {load_before}, after {load_after}")
    if arguments.json:
        row = {
            "row": "letters written per second by one writer",
            "figure": (
                f"{cpu_per_second:.1f} letters/s of CPU ({per_second:.1f}/s wall); "
                f"{without_parse:.0f}/s if the font were parsed once"
            ),
            "ratio": None,
            "goal": ">= 100 letters/s",
            "met": cpu_per_second >= 100,
            "context": f"receipt letters in turn; load {load_before} before, {load_after} after",
        }
        print(json.dumps(row))


def _receipt_rate(receipts, records_request, now, repeat: int) -> tuple[float, float]:
    """Letters a second, wall and CPU, writing the receipt letters in turn."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for compose in receipts:
            compose(records_request, now)
    written = repeat * len(receipts)
    return written / (time.perf_counter() - wall), written / (time.process_time() - cpu)


def _font_parse_seconds(repeat: int) -> float:
    """CPU seconds fpdf2 takes to parse the letters' font into a new document, the median."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        FPDF().add_font(FONT, "", FONT_FILE)
        times.append(time.process_time() - started)
    return statistics.median(times)


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
