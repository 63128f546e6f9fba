"""The admin audit log page (45 CFR 164.312(b): activity is examined, not only recorded):
newest first, filtered from the query string, 100 rows a page, exported as CSV, admins only."""

import csv
import io
import re
from datetime import timedelta

import pytest

from records_app import audit, practice
from records_app.extensions import db
from tests.support.audit import only_audit_row

AUDIT_LOG = "/admin/audit"
EXPORT = "/admin/audit/export.csv"


@pytest.fixture
def trail(make_request, make_staff, signed_in_admin):
    """Rows from two people about two requests, after any rows of the admin signing in."""
    clerk = make_staff()
    first, second = make_request(), make_request()
    audit.record("request.viewed", actor=clerk, request_id=first.id)
    audit.record("request.start_review", actor=clerk, request_id=second.id)
    audit.record("request.viewed", actor=signed_in_admin, request_id=second.id)
    db.session.commit()
    return {"clerk": clerk, "admin": signed_in_admin, "first": first, "second": second}


_ROWS = re.compile(r"<td>([a-z_.]+)</td>\s*<td>(?:<a [^>]+>)?(\d*)")


def row_marks(html: str) -> list[str]:
    """Each table row's action and request id, top to bottom."""
    return [
        f"{action}:{request_id}"
        for action, request_id in _ROWS.findall(html)
        if action.startswith("request.")
    ]


def exported(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_staff_who_are_not_admins_are_refused_the_page(client, signed_in_staff):
    assert client.get(AUDIT_LOG).status_code == 403


def test_staff_who_are_not_admins_are_refused_the_export(client, signed_in_staff):
    assert client.get(EXPORT).status_code == 403


def test_admins_see_the_log_linked_from_the_navigation(client, signed_in_admin):
    assert f'href="{AUDIT_LOG}"' in client.get("/staff/").text


def test_newest_rows_come_first(client, trail):
    marks = row_marks(client.get(AUDIT_LOG).text)

    assert marks == [
        f"request.viewed:{trail['second'].id}",
        f"request.start_review:{trail['second'].id}",
        f"request.viewed:{trail['first'].id}",
    ]


def test_filter_by_staff_member(client, trail):
    page = client.get(AUDIT_LOG, query_string={"staff": trail["clerk"].id})

    assert row_marks(page.text) == [
        f"request.start_review:{trail['second'].id}",
        f"request.viewed:{trail['first'].id}",
    ]


def test_filter_by_request(client, trail):
    page = client.get(AUDIT_LOG, query_string={"request_id": trail["first"].id})

    assert row_marks(page.text) == [f"request.viewed:{trail['first'].id}"]


def test_filter_by_action(client, trail):
    page = client.get(AUDIT_LOG, query_string={"action": "request.start_review"})

    assert row_marks(page.text) == [f"request.start_review:{trail['second'].id}"]


@pytest.mark.parametrize(
    ("start_days", "end_days", "shown"), [(0, 0, 3), (1, 1, 0), (-2, -1, 0), (-1, 1, 3)]
)
def test_filter_by_date_range(client, trail, start_days, end_days, shown):
    today = practice.today()
    dates = {
        "start": (today + timedelta(days=start_days)).isoformat(),
        "end": (today + timedelta(days=end_days)).isoformat(),
    }

    assert len(row_marks(client.get(AUDIT_LOG, query_string=dates).text)) == shown


def test_a_range_that_ends_before_it_starts_is_refused(client, trail):
    page = client.get(AUDIT_LOG, query_string={"start": "2026-05-02", "end": "2026-05-01"})

    assert page.status_code == 422
    assert "The end of the range is before its start." in page.text


def test_pages_hold_100_rows_and_link_to_older_ones(client, signed_in_admin):
    for n in range(105):
        audit.record("test.row", details={"n": n})
    db.session.commit()

    first = client.get(AUDIT_LOG, query_string={"action": "test.row"}).text
    older = re.search(r'rel="next"[^>]*href="([^"]+)"', first)
    assert first.count("<td>test.row</td>") == 100
    second = client.get(older.group(1).replace("&amp;", "&")).text
    assert second.count("<td>test.row</td>") == 5
    assert 'rel="next"' not in second


def test_csv_export_holds_the_filtered_rows(client, trail):
    response = client.get(EXPORT, query_string={"staff": trail["clerk"].id})

    rows = exported(response)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert [(row["Action"], row["Request id"]) for row in rows] == [
        ("request.start_review", str(trail["second"].id)),
        ("request.viewed", str(trail["first"].id)),
    ]
    assert {row["Staff id"] for row in rows} == {str(trail["clerk"].id)}


def test_csv_export_is_itself_audited_with_its_filters_and_row_count(client, trail):
    client.get(EXPORT, query_string={"request_id": trail["first"].id}).get_data()

    row = only_audit_row("audit.exported")
    assert row.actor_id == trail["admin"].id
    assert (row.details["request_id"], row.details["rows"]) == (trail["first"].id, 1)
