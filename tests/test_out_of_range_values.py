"""Values past what the desk or its database can hold are a 404 or a message, never a 500:
ids of 2^31 or more (PostgreSQL's INTEGER ends there, SQLite's at 2^63) in URLs and filters,
and dates past year 2199 in filters. A download that fails once streaming has begun is cut
off, logged without values."""

import logging

import pytest

from records_app.models import Status
from records_app.web.errors import StreamBroken, stream_without_values
from tests.support.stored import reload

TOO_LARGE = [2**31, 2**63, 10**30]


@pytest.mark.parametrize("too_large", TOO_LARGE)
@pytest.mark.parametrize(
    "url",
    [
        "/staff/requests/{}",
        "/staff/requests/{}/documents/1",
        "/staff/requests/1/letters/{}",
    ],
)
def test_a_too_large_id_in_a_staff_url_is_not_found(client, signed_in_staff, url, too_large):
    assert client.get(url.format(too_large)).status_code == 404


@pytest.mark.parametrize("too_large", TOO_LARGE)
@pytest.mark.parametrize("url", ["/admin/staff/{}", "/admin/canned-texts/{}"])
def test_a_too_large_id_in_an_admin_url_is_not_found(client, signed_in_admin, url, too_large):
    assert client.get(url.format(too_large)).status_code == 404


@pytest.mark.parametrize("too_large", TOO_LARGE)
@pytest.mark.parametrize("name", ["request_id", "staff"])
def test_a_too_large_id_in_the_audit_filters_is_told(client, signed_in_admin, name, too_large):
    response = client.get("/admin/audit", query_string={name: too_large})
    assert response.status_code == 422


@pytest.mark.parametrize("too_large", TOO_LARGE)
def test_a_too_large_audit_page_cursor_shows_the_first_page(client, signed_in_admin, too_large):
    assert client.get("/admin/audit", query_string={"older_than": too_large}).status_code == 200


@pytest.mark.parametrize("too_large", TOO_LARGE)
def test_a_too_large_canned_text_id_is_refused_with_a_message(desk, make_request, too_large):
    in_review = make_request()
    desk.act(in_review, "start_review")

    response = desk.act(reload(in_review), "request_info", canned_text=str(too_large))

    assert response.status_code == 422
    assert reload(in_review).status == Status.IN_REVIEW


@pytest.mark.parametrize(
    "url, name",
    [
        ("/staff/", "received_to"),
        ("/staff/", "received_from"),
        ("/admin/audit", "end"),
        ("/admin/audit", "start"),
        ("/admin/audit/export.csv", "end"),
    ],
)
@pytest.mark.parametrize("far_date", ["9999-12-31", "0001-01-01"])
def test_a_date_out_of_range_in_a_filter_is_told(client, signed_in_admin, url, name, far_date):
    response = client.get(url, query_string={name: far_date})
    assert response.status_code == 422
    assert "Enter a date between 1800 and 2199." in response.text


def test_a_stream_that_fails_is_cut_off_and_logged_without_values(app, caplog):
    def chunks():
        yield "first,row\r\n"
        raise ValueError("Margaret Holloway 1951-04-17")

    with app.test_request_context(), caplog.at_level(logging.DEBUG):
        stream = stream_without_values(chunks())
        assert next(stream) == "first,row\r\n"
        with pytest.raises(StreamBroken) as broken:
            next(stream)
    assert broken.value.__cause__ is None and broken.value.__suppress_context__
    assert "ValueError" in caplog.text
    assert "Holloway" not in caplog.text


@pytest.mark.parametrize("statuses", [[""], ["", "submitted"]])
def test_an_empty_status_in_the_queue_filter_is_no_status_ticked(client, desk, statuses):
    assert client.get("/staff/", query_string={"status": statuses}).status_code == 200


@pytest.mark.parametrize("arguments", [{"status": ["", "0"]}, {"assigned": " "}])
def test_a_filter_choice_that_is_not_offered_is_told(client, desk, arguments):
    assert client.get("/staff/", query_string=arguments).status_code == 422
