"""The dashboard page, and the geometry of its weekly chart (records_app.staff.charts).
The figures themselves are tested in test_reports.py; these tests check that the page shows
them, in the chart and again as a table."""

import itertools
import re
from datetime import date, timedelta

from records_app import lifecycle, reports
from records_app.extensions import db
from records_app.reports import Week
from records_app.staff import charts
from records_app.staff.charts import weekly_bar_chart
from tests.support.clock import days_ago
from tests.support.pages import count_shown

DASHBOARD = "/staff/dashboard"
_TABLE_ROW = re.compile(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td></tr>')
_BAR_TITLE = re.compile(r"<title>Week of ([^:]+): (\d+) (received|fulfilled)</title>")


def weeks_of(*counts: tuple[int, int]) -> list[Week]:
    start = date(2026, 9, 7)
    return [
        Week(start + timedelta(weeks=n), received, fulfilled)
        for n, (received, fulfilled) in enumerate(counts)
    ]


# ---- chart geometry ---------------------------------------------------------------------


def test_tallest_bar_reaches_the_top_and_the_others_are_in_proportion():
    chart = weekly_bar_chart(weeks_of((4, 2), (1, 0)))
    full = chart.baseline - chart.top
    [first, second] = chart.weeks
    assert chart.scale_max == 4
    assert [bar.height for bar in first.bars] == [full, full / 2]
    assert first.bars[0].y == chart.top
    assert second.bars[0].height == full / 4


def test_an_empty_week_draws_no_height_on_the_baseline():
    chart = weekly_bar_chart(weeks_of((3, 0)))
    empty = chart.weeks[0].bars[1]
    assert (empty.series, empty.value, empty.height, empty.y) == ("fulfilled", 0, 0, chart.baseline)


def test_a_quiet_quarter_draws_flat_bars():
    chart = weekly_bar_chart(weeks_of(*[(0, 0)] * reports.WEEKS_SHOWN))
    assert chart.scale_max == 1
    assert {bar.height for week in chart.weeks for bar in week.bars} == {0}


def test_bars_stay_inside_the_plot_left_to_right_without_overlapping():
    chart = weekly_bar_chart(weeks_of(*[(5, 3)] * reports.WEEKS_SHOWN))
    bars = [bar for week in chart.weeks for bar in week.bars]
    assert bars[0].x >= chart.left
    assert bars[-1].x + bars[-1].width <= chart.right
    assert all(left.x + left.width <= right.x for left, right in itertools.pairwise(bars))
    assert [bar.series for bar in bars[:2]] == list(charts.SERIES)


def test_each_week_is_labelled_under_its_bars_with_its_start_date():
    chart = weekly_bar_chart(weeks_of((1, 1), (1, 1)))
    assert [week.label for week in chart.weeks] == ["Sep 7", "Sep 14"]
    for week in chart.weeks:
        assert week.bars[0].x < week.label_x < week.bars[-1].x + week.bars[-1].width


# ---- the page ---------------------------------------------------------------------------


def test_dashboard_needs_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_dashboard_shows_open_requests_overdue_and_due_soon(client, signed_in_staff, make_request):
    make_request(received_at=days_ago(31))
    make_request(received_at=days_ago(26))
    reviewing = make_request(received_at=days_ago(1))
    lifecycle.start_review(reviewing, signed_in_staff, reviewing.version)
    db.session.commit()

    page = client.get(DASHBOARD).text

    assert count_shown(page, "Overdue") == 1
    assert count_shown(page, "Due in the next 7 days") == 1
    assert count_shown(page, "Received") == 2
    assert count_shown(page, "In review") == 1
    assert count_shown(page, "Approved") == 0


def test_dashboard_shows_time_to_fulfil_and_share_on_time(
    hard_hour, client, signed_in_staff, make_request, fulfil
):
    for days_taken in (2, 4, 6, 8, 40):
        fulfil(make_request(received_at=days_ago(days_taken + 1)), sent_days_ago=1)

    page = client.get(DASHBOARD).text

    assert "<dt>Requests fulfilled</dt><dd>5</dd>" in page
    assert "<dt>Median time</dt><dd>6.0 days</dd>" in page
    assert "27.2 days" in page
    assert "<dt>Sent by the deadline</dt><dd>80%" in page


def test_dashboard_without_fulfilments_says_so(client, signed_in_staff, make_request):
    make_request()
    page = client.get(DASHBOARD).text
    assert "No requests fulfilled in the last 12 weeks." in page
    assert "Median time" not in page


def test_weekly_numbers_are_in_the_chart_and_again_in_a_table(
    client, signed_in_staff, make_request, fulfil
):
    make_request(received_at=days_ago(0))
    fulfil(make_request(received_at=days_ago(0)))
    fulfil(make_request(received_at=days_ago(14)), sent_days_ago=14)
    weeks = reports.dashboard().weeks

    page = client.get(DASHBOARD).text

    rows = _TABLE_ROW.findall(page)
    assert [(int(received), int(fulfilled)) for _week, received, fulfilled in rows] == [
        (week.received, week.fulfilled) for week in weeks
    ]
    bar_values = [int(value) for _week, value, _series in _BAR_TITLE.findall(page)]
    assert bar_values == [count for week in weeks for count in (week.received, week.fulfilled)]


def test_chart_is_labelled_svg_that_needs_no_javascript(client, signed_in_staff):
    page = client.get(DASHBOARD).text
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="chart-title"', page)
    assert '<title id="chart-title">' in page
    assert "<script" not in page
