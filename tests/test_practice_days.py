"""Deadlines and dates are counted in the practice's calendar days, so every rule that
depends on today gives the same answer at any hour: a minute before and a minute after the
practice's midnight, with a daylight-saving change in the 30 days behind or ahead, and at
the hour two dashboard tests once failed at (the `hard_hour` fixture, tests/support/clock.py).
Requests are received "N days ago" as the practice counts days (`days_ago`)."""

from datetime import timedelta

import pytest

from records_app import lifecycle, practice, reports, worklist
from records_app.exports import FULFILLED_COLUMNS, ExportFilters, fulfilled_rows
from records_app.models import Status
from tests.support.answers import paper_answers
from tests.support.clock import days_ago, days_before_today
from tests.support.desk import enter_paper_request
from tests.support.factories import act, extend_as_far_as_allowed, request_in
from tests.support.forms import error_links
from tests.support.stored import only_request, stored_requests

# Received this many days ago: (days left, overdue, due soon).
DEADLINES = {
    31: (-1, True, False),
    30: (0, False, True),
    23: (7, False, True),
    22: (8, False, False),
    1: (29, False, False),
}


def test_a_request_received_now_is_due_on_the_thirtieth_practice_day(hard_hour, make_request):
    records_request = make_request()

    assert practice.local_date(records_request.received_at) == practice.today()
    assert lifecycle.due_date(records_request) == practice.today() + timedelta(days=30)
    assert lifecycle.days_left(records_request) == 30


def test_days_left_overdue_and_due_soon_count_practice_days(hard_hour, make_request):
    answers = {}
    for received_days_ago in DEADLINES:
        records_request = make_request(received_at=days_ago(received_days_ago))
        answers[received_days_ago] = (
            lifecycle.days_left(records_request),
            lifecycle.is_overdue(records_request),
            lifecycle.is_due_soon(records_request),
        )

    assert answers == DEADLINES


def test_the_queue_and_the_dashboard_count_overdue_and_due_soon_as_each_request_does(
    hard_hour, make_request
):
    made = {days: make_request(received_at=days_ago(days)) for days in DEADLINES}

    overdue_in_the_queue = worklist.queue_page(worklist.QueueFilters(overdue_only=True)).rows
    figures = reports.dashboard()

    assert [row.id for row in overdue_in_the_queue] == [made[31].id]
    assert (figures.overdue, figures.due_within_7_days) == (1, 2)


def test_the_dashboard_counts_days_to_fulfil_in_practice_days(hard_hour, make_request, fulfil):
    for days_taken in (2, 4, 6, 8, 40):
        fulfil(make_request(received_at=days_ago(days_taken + 1)), sent_days_ago=1)

    figures = reports.dashboard()

    assert figures.median_days_to_fulfil == 6
    assert figures.p90_days_to_fulfil == pytest.approx(27.2)
    assert figures.share_within_deadline == pytest.approx(0.8)


def test_the_dashboard_puts_each_request_in_the_practice_week_it_came_and_went(
    hard_hour, make_request, fulfil
):
    make_request()
    fulfil(make_request(received_at=days_ago(14)), sent_days_ago=14)

    weeks = reports.dashboard().weeks

    assert weeks[-1].starts_on <= practice.today() < weeks[-1].starts_on + timedelta(days=7)
    assert [(week.received, week.fulfilled) for week in weeks[-3:]] == [(1, 1), (0, 0), (1, 0)]


def test_an_export_range_holds_the_days_at_both_ends_and_nothing_outside(
    hard_hour, make_request, fulfil
):
    sent = {
        days: fulfil(make_request(received_at=days_ago(60)), sent_days_ago=days)
        for days in (1, 2, 10, 11)
    }
    filters = ExportFilters(start=days_before_today(10), end=days_before_today(2))

    codes = [row[0] for row in fulfilled_rows(filters)]

    assert codes == [sent[10].tracking_code, sent[2].tracking_code]


def test_an_export_row_counts_the_days_taken_and_the_deadline_in_practice_days(
    hard_hour, make_request, fulfil
):
    fulfil(make_request(received_at=days_ago(30)))
    filters = ExportFilters(start=practice.today(), end=practice.today())

    [row] = fulfilled_rows(filters)

    cells = dict(zip((column.title for column in FULFILLED_COLUMNS), row, strict=True))
    assert (cells["Received"], cells["Due"], cells["Fulfilled"]) == (
        days_before_today(30),
        practice.today(),
        practice.today(),
    )
    assert (cells["Days taken"], cells["Within deadline"]) == (30, "yes")


def test_a_paper_request_starts_its_clock_on_the_day_it_arrived(hard_hour, client, signed_in_staff):
    enter_paper_request(client, paper_answers(received_on=days_before_today(10).isoformat()))

    stored = only_request()
    assert practice.local_date(stored.received_at) == days_before_today(10)
    assert lifecycle.due_date(stored) == days_before_today(10) + timedelta(days=30)
    assert lifecycle.days_left(stored) == 20


@pytest.mark.parametrize(
    ("received_days_ago", "refusal"),
    [
        (0, None),
        (365, None),
        (-1, "The date received cannot be after today."),
        (366, "That date is more than a year ago."),
    ],
    ids=["today", "a year ago", "tomorrow", "a year and a day ago"],
)
def test_a_paper_request_may_be_dated_from_a_year_ago_to_today(
    hard_hour, client, signed_in_staff, received_days_ago, refusal
):
    received_on = days_before_today(received_days_ago).isoformat()

    response = enter_paper_request(client, paper_answers(received_on=received_on))

    if refusal is None:
        assert response.status_code == 303
        assert len(stored_requests()) == 1
    else:
        assert error_links(response.text)["received_on"].startswith(refusal)
        assert stored_requests() == []


def test_an_extension_reaches_thirty_days_past_the_original_due_day_and_no_further(
    hard_hour, make_request, clerk
):
    records_request = make_request(received_at=days_ago(10))
    original_due_on = lifecycle.due_date(records_request)
    latest = lifecycle.latest_extension_date(records_request)
    assert (original_due_on, latest) == (
        practice.today() + timedelta(days=20),
        practice.today() + timedelta(days=50),
    )

    with pytest.raises(lifecycle.ActionRefused, match="at most 30 days"):
        lifecycle.extend(
            records_request,
            clerk,
            records_request.version,
            new_due_on=latest + timedelta(days=1),
            reason="Records are in off-site storage",
        )
    extend_as_far_as_allowed(records_request, clerk)

    assert lifecycle.due_date(records_request) == latest
    assert lifecycle.days_left(records_request) == 50


@pytest.mark.parametrize(("received_days_ago", "offered"), [(29, True), (31, False)])
def test_an_extension_is_offered_while_the_first_thirty_days_last(
    hard_hour, make_request, received_days_ago, offered
):
    records_request = make_request(received_at=days_ago(received_days_ago))

    assert lifecycle.can_extend(records_request) is offered


def test_a_denial_review_is_due_thirty_practice_days_after_it_was_asked_for(
    hard_hour, make_request, clerk
):
    records_request = request_in(Status.DENIED, make_request, clerk)

    act(records_request, lifecycle.Action.REQUEST_DENIAL_REVIEW, clerk)

    assert lifecycle.due_date(records_request) == practice.today() + timedelta(days=30)
    assert lifecycle.days_left(records_request) == lifecycle.DENIAL_REVIEW_DAYS
