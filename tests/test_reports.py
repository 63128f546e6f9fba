"""The dashboard figures and the per-patient disclosure history, through records_app.reports."""

from datetime import date, timedelta

import pytest

from records_app import lifecycle, practice, reports
from records_app.extensions import db
from records_app.models import Status
from tests.support.clock import days_ago
from tests.support.counts import set_kept_count


def test_open_requests_are_counted_by_status(make_request, make_staff, fulfil):
    clerk = make_staff()
    make_request()
    reviewing = make_request()
    lifecycle.start_review(reviewing, clerk, reviewing.version)
    db.session.commit()
    fulfil(make_request(received_at=days_ago(3)))

    figures = reports.dashboard()

    assert figures.open_by_status == {
        Status.SUBMITTED: 1,
        Status.IN_REVIEW: 1,
        Status.NEEDS_INFO: 0,
        Status.APPROVED: 0,
        Status.DENIAL_REVIEW: 0,
        Status.WITHHELD_REVIEW: 0,
    }


def test_open_requests_by_status_are_the_counts_the_lifecycle_keeps(make_request):
    make_request()
    set_kept_count(Status.IN_REVIEW, 5)

    assert reports.dashboard().open_by_status[Status.IN_REVIEW] == 5


def test_overdue_and_due_within_seven_days_are_counted_apart(hard_hour, make_request):
    make_request(received_at=days_ago(31))
    make_request(received_at=days_ago(26))
    make_request(received_at=days_ago(23))
    make_request(received_at=days_ago(1))

    figures = reports.dashboard()

    assert (figures.overdue, figures.due_within_7_days) == (1, 2)


def test_received_and_fulfilled_are_counted_per_week(hard_hour, make_request, fulfil):
    make_request(received_at=days_ago(0))
    fulfil(make_request(received_at=days_ago(0)))
    fulfil(make_request(received_at=days_ago(14)), sent_days_ago=14)

    weeks = reports.dashboard().weeks

    assert len(weeks) == reports.WEEKS_SHOWN
    assert weeks[-1].starts_on <= practice.today() < weeks[-1].starts_on + timedelta(days=7)
    assert sum(week.received for week in weeks) == 3
    assert (weeks[-1].received, weeks[-1].fulfilled) == (2, 1)
    assert sum(week.fulfilled for week in weeks) == 2


def test_days_to_fulfil_median_p90_and_share_on_time(hard_hour, make_request, fulfil):
    for days_taken in (2, 4, 6, 8, 40):
        fulfil(make_request(received_at=days_ago(days_taken + 1)), sent_days_ago=1)

    figures = reports.dashboard()

    assert figures.median_days_to_fulfil == 6
    assert figures.p90_days_to_fulfil == pytest.approx(27.2)
    assert figures.share_within_deadline == pytest.approx(0.8)


def test_dashboard_without_fulfilments_has_no_percentiles(make_request):
    make_request()
    figures = reports.dashboard()
    assert figures.median_days_to_fulfil is None
    assert figures.share_within_deadline is None


def test_disclosure_history_matches_last_name_and_birth_date_only(make_request, fulfil):
    first = fulfil(make_request(received_at=days_ago(20)), sent_to="Dr. Lee, Oak Clinic")
    second = make_request(received_at=days_ago(2))
    make_request(patient_last_name="Holloway", date_of_birth=date(1960, 1, 1))
    make_request(patient_last_name="Hall")

    history = reports.disclosure_history("  HOLLOWAY ", date(1951, 4, 17))

    assert history == [first, second]
    assert history[0].sent_to == "Dr. Lee, Oak Clinic"
