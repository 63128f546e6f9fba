"""Staff mark requests as spam from the queue, many in one action, through HTTP: closed
with no letter and no e-mail, audited, and left out of the dashboard, the exports and the
disclosure history."""

from datetime import timedelta

import sqlalchemy as sa

from records_app import letters, practice, reports
from records_app.exports import ExportFilters, all_request_rows
from records_app.extensions import db
from records_app.lifecycle import Action
from records_app.models import MessageStatus, OutgoingMessage, Status
from tests.support.audit import audit_rows
from tests.support.clock import days_ago
from tests.support.factories import act, request_in
from tests.support.forms import csrf_token_from
from tests.support.requester import look_up
from tests.support.stored import reload


def mark(client, *records_requests, versions=None):
    page = client.get("/staff/").text
    seen = versions or [r.version for r in records_requests]
    return client.post(
        "/staff/queue/spam",
        data={
            "csrf_token": csrf_token_from(page),
            "selected": [
                f"{r.id}:{version}" for r, version in zip(records_requests, seen, strict=True)
            ],
        },
        follow_redirects=True,
    )


def test_the_queue_offers_a_box_for_each_new_request_only(
    desk, client, make_request, signed_in_staff
):
    new = make_request()
    in_review = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    page = client.get("/staff/").text

    assert f'value="{new.id}:{new.version}" id="select-{new.id}"' in page
    assert f'id="select-{in_review.id}"' not in page


def test_marking_several_as_spam_closes_each_in_one_action(desk, client, make_requests):
    first, second = make_requests(2)
    page = mark(client, first, second).text

    assert "Marked 2 requests as spam: closed, with no letter and no e-mail." in page
    assert [reload(first).status, reload(second).status] == [Status.SPAM, Status.SPAM]
    assert reload(first).events[-1].action == "mark_spam"
    assert reload(first).closed_at is not None


def test_each_request_marked_as_spam_is_audited(desk, client, make_requests):
    first, second = make_requests(2)
    mark(client, first, second)

    assert sorted(row.request_id for row in audit_rows("request.mark_spam")) == sorted(
        [first.id, second.id]
    )


def test_spam_gets_no_e_mail_and_no_letter(
    desk, client, make_requests, mail_server, send_queued_mail
):
    [spam] = make_requests(1)
    mark(client, spam)
    send_queued_mail()
    db.session.expire_all()

    assert mail_server.received == []
    assert db.session.scalars(sa.select(OutgoingMessage.status)).all() == [MessageStatus.CANCELLED]
    assert letters.pending_count() == 0
    assert list(letters.write_pending()) == []


def test_a_request_that_changed_since_the_queue_was_shown_is_left_and_named(
    desk, client, make_requests, signed_in_staff
):
    spam, changed = make_requests(2)
    seen_versions = [spam.version, changed.version]
    act(reload(changed), Action.START_REVIEW, signed_in_staff)
    page = mark(client, spam, changed, versions=seen_versions).text

    assert "Marked 1 request as spam" in page
    assert (
        f"Left as they were, because they changed or are no longer new: {changed.tracking_code}"
        in page
    )
    assert reload(changed).status == Status.IN_REVIEW


def test_marking_with_nothing_ticked_changes_nothing(desk, client, make_requests):
    [untouched] = make_requests(1)
    page = client.get("/staff/").text
    response = client.post(
        "/staff/queue/spam", data={"csrf_token": csrf_token_from(page)}, follow_redirects=True
    )

    assert "Tick the requests to mark as spam." in response.text
    assert reload(untouched).status == Status.SUBMITTED


def test_spam_is_left_out_of_the_dashboard_exports_and_disclosure_history(
    desk, client, make_request
):
    real = make_request(received_at=days_ago(2))
    spam = make_request(received_at=days_ago(2))
    mark(client, spam)
    today = practice.today()
    this_month = ExportFilters(start=today - timedelta(days=20), end=today)

    assert [row[0] for row in all_request_rows(this_month)] == [real.tracking_code]
    assert sum(week.received for week in reports.dashboard().weeks) == 1
    assert Status.SPAM not in reports.dashboard().closed_by_status
    assert [r.id for r in reports.disclosure_history("Holloway", real.date_of_birth)] == [real.id]


def test_the_status_page_of_a_request_marked_as_spam_says_it_is_closed(
    desk, client, make_request, app
):
    spam = make_request()
    mark(client, spam)

    assert "This request was closed." in look_up(app.test_client(), spam.tracking_code).text
