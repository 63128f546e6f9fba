"""The figures a custodian watches: what is open, what is late, how fast records go out, and
every release made for one patient (for an accounting of disclosures, 45 CFR 164.528)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import quantiles

import sqlalchemy as sa

from records_app import fees, lifecycle, practice, worklist
from records_app.crypto.keyring import lookup
from records_app.extensions import db
from records_app.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    FeeQuote,
    FeeRule,
    RecordsRequest,
    Status,
)

WEEKS_SHOWN = 12


@dataclass(frozen=True)
class Week:
    starts_on: date
    received: int
    fulfilled: int


@dataclass(frozen=True)
class FeeFigures:
    """The fees quoted in the window under one rule (`rule` None: under every rule): how
    many, and in cents what was quoted, paid on them, is still owed and was waived."""

    rule: FeeRule | None
    quotes: int = 0
    quoted: int = 0
    collected: int = 0
    outstanding: int = 0
    waived: int = 0

    def plus(self, ledger: fees.Ledger) -> "FeeFigures":
        return FeeFigures(
            self.rule,
            self.quotes + 1,
            self.quoted + ledger.quoted,
            self.collected + ledger.paid,
            self.outstanding + ledger.outstanding,
            self.waived + ledger.waived,
        )


@dataclass(frozen=True)
class Dashboard:
    open_by_status: dict[Status, int]
    # Every outcome apart: "no records held" (164.524(d)(3)) is never counted as a denial.
    closed_by_status: dict[Status, int]
    # Sent with a part withheld (164.524(d)(1)), within those sent.
    partial_releases: int
    overdue: int
    due_within_7_days: int
    weeks: list[Week]
    fulfilled_in_window: int
    median_days_to_fulfil: float | None
    p90_days_to_fulfil: float | None
    share_within_deadline: float | None
    fees_by_rule: list[FeeFigures]
    fees_in_all: FeeFigures


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def dashboard(today: date | None = None) -> Dashboard:
    today = today or practice.today()
    first_week = _week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1)
    window_start = practice.start_of_day(first_week)
    overdue = _count(lifecycle.overdue_condition(today))
    due_soon = _count(lifecycle.due_soon_condition(today))

    received = Counter(
        _week_start(practice.local_date(received_at))
        for received_at in db.session.scalars(
            sa.select(RecordsRequest.received_at).where(
                RecordsRequest.received_at >= window_start, RecordsRequest.status != Status.SPAM
            )
        )
    )
    fulfilled_rows = db.session.execute(
        sa.select(RecordsRequest.received_at, RecordsRequest.due_at, RecordsRequest.sent_on).where(
            RecordsRequest.status == Status.FULFILLED, RecordsRequest.sent_on >= first_week
        )
    ).all()
    fulfilled = Counter(_week_start(sent_on) for _received, _due, sent_on in fulfilled_rows)
    days_taken = [
        lifecycle.days_taken(practice.local_date(received_at), sent_on)
        for received_at, _due, sent_on in fulfilled_rows
    ]
    on_time = sum(
        lifecycle.sent_in_time(sent_on, practice.local_date(due_at))
        for _received, due_at, sent_on in fulfilled_rows
    )
    weeks = [
        Week(start, received[start], fulfilled[start])
        for start in (first_week + timedelta(weeks=n) for n in range(WEEKS_SHOWN))
    ]
    return Dashboard(
        open_by_status=worklist.status_counts(OPEN_STATUSES),
        closed_by_status=worklist.status_counts(CLOSED_STATUSES),
        partial_releases=_count(
            sa.and_(
                RecordsRequest.status == Status.FULFILLED,
                RecordsRequest.withheld_description.is_not(None),
            )
        ),
        overdue=overdue,
        due_within_7_days=due_soon,
        weeks=weeks,
        fulfilled_in_window=len(days_taken),
        median_days_to_fulfil=_percentile(days_taken, 50),
        p90_days_to_fulfil=_percentile(days_taken, 90),
        share_within_deadline=on_time / len(days_taken) if days_taken else None,
        **_fee_figures(window_start),
    )


def _fee_figures(window_start) -> dict:
    """The fees quoted since the window began, by the rule they came from and in all, each
    quote's standing worked out by the fee's ledger."""
    paid = fees.paid_per_quote()
    rows = db.session.execute(
        sa.select(
            FeeQuote.rule,
            FeeQuote.amount_cents,
            FeeQuote.answer,
            FeeQuote.waived_cents,
            RecordsRequest.status,
            RecordsRequest.fee_cents,
            fees.paid_column(paid),
        )
        .join(RecordsRequest, RecordsRequest.id == FeeQuote.request_id)
        .outerjoin(paid, paid.c.quote_id == FeeQuote.id)
        .where(FeeQuote.quoted_at >= window_start)
    )
    by_rule = {rule: FeeFigures(rule) for rule in FeeRule}
    in_all = FeeFigures(None)
    for row in rows:
        ledger = fees.ledger_of_row(row)
        by_rule[row.rule] = by_rule[row.rule].plus(ledger)
        in_all = in_all.plus(ledger)
    return {
        "fees_by_rule": [figures for figures in by_rule.values() if figures.quotes],
        "fees_in_all": in_all,
    }


def _count(condition) -> int:
    counted = sa.select(sa.func.count()).select_from(RecordsRequest).where(condition)
    return db.session.scalar(counted)


def _percentile(values: list[int], percent: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    return quantiles(values, n=100, method="inclusive")[percent - 1]


def disclosure_history(last_name: str, date_of_birth: date) -> list[RecordsRequest]:
    """Every request for the patient with this last name and date of birth (spam aside: it
    disclosed nothing), oldest first,
    each with its events: what was asked, by whom, and what was released to whom and when."""
    return list(
        db.session.scalars(
            sa.select(RecordsRequest)
            .where(
                RecordsRequest.patient_last_name_lookup == lookup("patient_last_name", last_name),
                RecordsRequest.date_of_birth_lookup == lookup("date_of_birth", date_of_birth),
                RecordsRequest.status != Status.SPAM,
            )
            .order_by(RecordsRequest.received_at, RecordsRequest.id)
        )
    )
