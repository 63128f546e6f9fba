"""The staff queue: order, columns, deadline badges, counts, filters, search and pages.

The keyset queries are tested first without HTTP (they are domain logic in records_app.queue),
then through the page."""

import logging
import re
from datetime import timedelta

import pytest
from markupsafe import escape

from records_app import practice, worklist
from records_app.models import RepresentativeAuthority, RequesterKind, Status
from records_app.worklist import Cursor, QueueFilters, Search, queue_page, search_page
from tests.support.clock import days_ago
from tests.support.counts import set_kept_count
from tests.support.factories import request_in
from tests.support.pages import codes_of, codes_on, count_shown

_URL_ATTRIBUTE = re.compile(r'(?:href|action|src|formaction)="([^"]*)"')


# ---- keyset pages, without HTTP ---------------------------------------------------------


def every_page_forwards(filters, size):
    page = queue_page(filters, size=size)
    pages = [page]
    while page.next:
        page = queue_page(filters, after=page.next, size=size)
        pages.append(page)
    return pages


def test_pages_cover_every_row_once_in_deadline_order_even_with_equal_deadlines(make_requests):
    same_day = make_requests(7, received_at=days_ago(3))
    spread = make_requests(6, received_at=days_ago(10), spacing=timedelta(hours=5))
    pages = every_page_forwards(QueueFilters(), size=4)
    rows = [row for page in pages for row in page.rows]
    expected = sorted(same_day + spread, key=lambda row: (row.due_at, row.id))
    assert [row.id for row in rows] == [row.id for row in expected]
    assert [len(page.rows) for page in pages] == [4, 4, 4, 1]


def test_previous_page_is_the_page_before(make_requests):
    make_requests(10, received_at=days_ago(3), spacing=timedelta(hours=1))
    first = queue_page(QueueFilters(), size=4)
    second = queue_page(QueueFilters(), after=first.next, size=4)
    back = queue_page(QueueFilters(), before=second.previous, size=4)
    assert [row.id for row in back.rows] == [row.id for row in first.rows]
    assert back.previous is None and back.next is not None


def test_first_page_has_no_previous_and_last_page_no_next(make_requests):
    make_requests(3)
    page = queue_page(QueueFilters(), size=5)
    assert (page.previous, page.next) == (None, None)


def test_a_page_past_the_end_shows_the_last_page(make_requests):
    made = make_requests(5, spacing=timedelta(hours=1))
    page = queue_page(QueueFilters(), after=Cursor.of(made[0]), size=2)
    assert [row.id for row in page.rows] == [made[1].id, made[0].id]
    assert page.next is None and page.previous is not None


def test_a_page_before_the_start_shows_the_first_page(make_requests):
    made = make_requests(5, spacing=timedelta(hours=1))
    page = queue_page(QueueFilters(), before=Cursor.of(made[-1]), size=2)
    assert [row.id for row in page.rows] == [made[-1].id, made[-2].id]
    assert page.previous is None


def test_cursor_survives_the_round_trip_through_text(make_request):
    records_request = make_request()
    cursor = Cursor.of(records_request)
    assert Cursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "text", [None, "", "abc", "12_", "_5", "1.5_2", "9" * 30 + "_1", "1_2147483648"]
)
def test_a_mangled_cursor_reads_as_none(text):
    assert Cursor.decode(text) is None


def test_search_matches_the_last_name_whatever_the_capitals(make_request):
    found = make_request(patient_last_name="McAllister")
    make_request(patient_last_name="Allister")
    page = search_page(Search(last_name="mcALLISTER"))
    assert [row.id for row in page.rows] == [found.id]


# ---- the page ---------------------------------------------------------------------------


def test_queue_shows_open_requests_earliest_deadline_first(desk, make_request, signed_in_staff):
    newer = make_request(received_at=days_ago(2))
    oldest = make_request(received_at=days_ago(20))
    middle = make_request(received_at=days_ago(10))
    closed = request_in(Status.WITHDRAWN, make_request, signed_in_staff)
    page = desk.client.get("/staff/")
    assert codes_on(page.text) == codes_of([oldest, middle, newer])
    assert closed.tracking_code not in page.text


def test_queue_row_shows_what_staff_need_at_a_glance(desk, make_request):
    records_request = make_request(
        received_at=days_ago(5),
        requester_kind=RequesterKind.REPRESENTATIVE,
        representative_name="Jo Holloway",
        representative_authority=RepresentativeAuthority.PARENT_OF_MINOR,
    )
    row = desk.client.get("/staff/").text.split(records_request.tracking_code, 1)[1]
    row = row.split("</tr>", 1)[0]
    for shown in (
        "Margaret Ann Holloway",
        "1951-04-17",
        "Representative (parent of minor)",
        "Received",
        practice.local_date(records_request.received_at).isoformat(),
        practice.local_date(records_request.due_at).isoformat(),
        "25 days left",
    ):
        assert shown in row


@pytest.mark.parametrize(
    ("received_days_ago", "row_class", "badge"),
    [
        (35, "overdue", "Overdue by 5 days"),
        (31, "overdue", "Overdue by 1 day"),
        (30, "due-soon", "Due today"),
        (29, "due-soon", "Due in 1 day"),
        (23, "due-soon", "Due in 7 days"),
        (22, "", "8 days left"),
    ],
)
def test_urgent_rows_stand_out_in_words_not_colour_alone(
    hard_hour, received_days_ago, row_class, badge, desk, make_request
):
    make_request(received_at=days_ago(received_days_ago))
    page = desk.client.get("/staff/").text
    assert f'<tr class="{row_class}">' in page
    assert badge in page


def test_counts_per_open_status_and_overdue_are_at_the_top(desk, make_request, signed_in_staff):
    make_request(received_at=days_ago(40))
    make_request(received_at=days_ago(1))
    request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    page = desk.client.get("/staff/").text
    assert count_shown(page, "Received") == 2
    assert count_shown(page, "In review") == 1
    assert count_shown(page, "Approved") == 0
    assert "<strong>1</strong> overdue" in page


def test_queue_shows_the_counts_the_lifecycle_keeps_without_counting_the_rows(desk, make_request):
    make_request()
    set_kept_count(Status.SUBMITTED, 7)

    assert count_shown(desk.client.get("/staff/").text, "Received") == 7


@pytest.mark.parametrize(
    ("overdue", "shown"),
    [(2, "<strong>2</strong> overdue"), (3, "<strong>more than 2</strong> overdue")],
)
def test_overdue_are_counted_up_to_a_limit_and_beyond_it_shown_as_more_than_it(
    overdue, shown, desk, make_requests, monkeypatch
):
    monkeypatch.setattr(worklist, "OVERDUE_COUNTED_UP_TO", 2)
    make_requests(overdue, received_at=days_ago(40))

    assert shown in desk.client.get("/staff/").text


def test_closed_statuses_are_links_to_their_lists_without_counts(
    desk, make_request, signed_in_staff
):
    request_in(Status.DENIED, make_request, signed_in_staff)
    page = desk.client.get("/staff/").text
    assert '<a href="/staff/?status=denied">Denied</a>' in page
    assert "Denied: <strong>" not in page


class TestFilters:
    @pytest.fixture
    def requests(self, make_request, make_staff, signed_in_staff):
        other = make_staff("other@example.org", name="Olive Other")
        return {
            "fresh": make_request(received_at=days_ago(2)),
            "overdue": make_request(received_at=days_ago(40)),
            "mine": request_in(Status.IN_REVIEW, make_request, signed_in_staff),
            "theirs": request_in(Status.NEEDS_INFO, make_request, other),
            "approved": request_in(Status.APPROVED, make_request, other),
            "denied": request_in(Status.DENIED, make_request, other),
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("status=needs_info&status=approved", {"theirs", "approved"}),
            ("status=denied", {"denied"}),
            ("overdue=y", {"overdue"}),
            ("assigned=mine", {"mine"}),
            ("assigned=unassigned", {"fresh", "overdue"}),
            ("status=in_review&assigned=mine", {"mine"}),
            ("status=denied&overdue=y", set()),
        ],
    )
    def test_filter_shows_only_matching_requests(self, query, expected, requests, desk):
        page = desk.client.get(f"/staff/?{query}")
        assert page.status_code == 200
        assert set(codes_on(page.text)) == {requests[name].tracking_code for name in expected}

    def test_received_date_range_counts_whole_local_days(self, hard_hour, desk, make_request):
        inside = make_request(received_at=days_ago(5))
        make_request(received_at=days_ago(9))
        make_request(received_at=days_ago(1))
        day = practice.local_date(inside.received_at).isoformat()
        page = desk.client.get(f"/staff/?received_from={day}&received_to={day}")
        assert codes_on(page.text) == [inside.tracking_code]

    def test_filters_are_kept_on_the_form(self, desk, requests):
        page = desk.client.get("/staff/?status=denied&overdue=y").text
        assert 'checked id="status-5" name="status" type="checkbox" value="denied"' in page
        assert 'checked id="overdue" name="overdue"' in page

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("received_from=soon", "Not a valid date value."),
            ("status=everything", "is not a valid choice"),
            ("assigned=everyone", "Not a valid choice."),
        ],
    )
    def test_a_filter_that_cannot_be_used_is_told_and_left_out(
        self, query, message, desk, requests
    ):
        page = desk.client.get(f"/staff/?{query}")
        assert page.status_code == 422
        assert escape(message) in page.text
        assert len(codes_on(page.text)) == 5

    def test_a_range_that_ends_before_it_starts_is_told(self, desk, requests):
        page = desk.client.get("/staff/?received_from=2026-03-02&received_to=2026-03-01")
        assert page.status_code == 422
        assert "The end of the range is before its start." in page.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "There are no open requests."),
        ("?status=denied", "No requests match these filters."),
    ],
)
def test_empty_queue_says_so(query, message, desk):
    page = desk.client.get(f"/staff/{query}")
    assert message in page.text


class TestPages:
    @pytest.fixture
    def many(self, make_requests):
        """120 open requests, 60 of them sharing one deadline, so a page edge falls among
        equal deadlines."""
        tied = make_requests(60, received_at=days_ago(4))
        spread = make_requests(60, received_at=days_ago(3), spacing=timedelta(minutes=7))
        return sorted(tied + spread, key=lambda row: (row.due_at, row.id))

    def follow(self, client, page, rel):
        link = re.search(rf'<a rel="{rel}" class="button secondary" href="([^"]+)"', page.text)
        return client.get(link.group(1).replace("&amp;", "&")) if link else None

    def test_next_links_walk_every_request_once_fifty_a_page(self, desk, many):
        page = desk.client.get("/staff/")
        seen = [codes_on(page.text)]
        while page := self.follow(desk.client, page, "next"):
            seen.append(codes_on(page.text))
        assert [len(codes) for codes in seen] == [50, 50, 20]
        assert [code for codes in seen for code in codes] == codes_of(many)

    def test_previous_link_goes_back_a_page(self, desk, many):
        first = desk.client.get("/staff/")
        second = self.follow(desk.client, first, "next")
        third = self.follow(desk.client, second, "next")
        back = self.follow(desk.client, third, "prev")
        assert codes_on(back.text) == codes_on(second.text)
        assert codes_on(self.follow(desk.client, back, "prev").text) == codes_on(first.text)

    def test_page_links_keep_the_filters(self, desk, many):
        page = desk.client.get("/staff/?status=submitted&assigned=unassigned")
        link = re.search(r'<a rel="next"[^>]* href="([^"]+)"', page.text).group(1)
        assert "status=submitted" in link and "assigned=unassigned" in link
        assert "after=" in link

    def test_a_mangled_cursor_shows_the_first_page(self, desk, many):
        page = desk.client.get("/staff/?after=nonsense")
        assert codes_on(page.text) == codes_of(many[:50])


class TestSearch:
    @pytest.fixture
    def found(self, make_request):
        make_request(patient_last_name="Okafor", date_of_birth=practice.today() - timedelta(1))
        return make_request(patient_last_name="Van der Berg")

    @pytest.mark.parametrize(
        "terms",
        [
            lambda found: {"tracking_code": found.tracking_code.lower().replace("-", " ")},
            lambda found: {"last_name": "van der berg"},
            lambda found: {"date_of_birth": "1951-04-17"},
        ],
        ids=["tracking code", "last name", "date of birth"],
    )
    def test_search_finds_the_request(self, terms, found, desk):
        response = desk.search(**terms(found))
        assert response.status_code == 200
        assert codes_on(response.text) == [found.tracking_code]

    def test_search_covers_closed_requests(self, desk, make_request, signed_in_staff):
        withdrawn = request_in(Status.WITHDRAWN, make_request, signed_in_staff)
        response = desk.search(tracking_code=withdrawn.tracking_code)
        assert codes_on(response.text) == [withdrawn.tracking_code]

    def test_search_terms_stay_out_of_urls_and_logs(self, desk, found, caplog):
        caplog.set_level(logging.DEBUG)
        response = desk.search(last_name="Van der Berg", date_of_birth="1951-04-17")
        assert codes_on(response.text) == [found.tracking_code]
        urls = _URL_ATTRIBUTE.findall(response.text) + [response.request.url]
        for term in ("van der berg", "van%20der", "van+der", "1951-04-17"):
            assert not [url for url in urls if term in url.lower()]
            assert not [rec for rec in caplog.records if term in rec.getMessage().lower()]

    def test_search_is_post_only(self, desk):
        assert desk.client.get("/staff/search?search-last_name=Holloway").status_code == 405

    def test_search_without_csrf_is_refused(self, desk, found):
        response = desk.client.post("/staff/search", data={"search-last_name": "Van der Berg"})
        assert response.status_code == 400

    def test_search_with_no_terms_asks_for_one(self, desk):
        response = desk.search(tracking_code="", last_name="")
        assert response.status_code == 422
        assert "Enter a tracking code, a last name or a date of birth." in response.text

    def test_search_with_a_code_of_the_wrong_shape_says_so(self, desk):
        response = desk.search(tracking_code="RR-12")
        assert response.status_code == 422
        assert "That is not a tracking code" in response.text

    def test_search_that_finds_nothing_says_so(self, desk, found):
        response = desk.search(last_name="Nobody")
        assert "No request matches that search." in response.text

    def test_search_results_page_on_by_post_with_the_terms_kept(self, desk, make_requests):
        many = make_requests(55, patient_last_name="Nguyen", spacing=timedelta(minutes=3))
        first = desk.search(last_name="Nguyen")
        cursor = re.search(r'form="search-form" name="after" value="([^"]+)"', first.text)
        assert 'value="Nguyen"' in first.text
        second = desk.search(last_name="Nguyen", after=cursor.group(1))
        expected = codes_of(sorted(many, key=lambda row: (row.due_at, row.id)))
        assert codes_on(first.text) + codes_on(second.text) == expected
