"""Two staff acting on one request at once: one wins; the other is told who changed it and
when, sees it as it now stands, and nothing of their action is kept (DESIGN.md,
"Concurrency": a compare-and-set on (id, version, status))."""

import threading

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import RequestEvent, Status
from tests.support.forms import csrf_token_from
from tests.support.stored import reload


def events_for(records_request, action: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RequestEvent)
        .where(RequestEvent.request_id == records_request.id, RequestEvent.action == action)
    )


def test_second_action_on_the_same_version_is_told_who_changed_it_and_sees_it_fresh(
    two_desks, make_request
):
    fran, sam = two_desks
    records_request = make_request()
    seen = str(records_request.version)
    fran.page(records_request)
    sam.page(records_request)
    assert fran.act(records_request, "start_review", version=seen).status_code == 302
    response = sam.act(records_request, "withdraw", version=seen, reason="Called to cancel")
    assert response.status_code == 302
    page = sam.client.get(response.headers["Location"]).text
    assert "This request was changed by Fran First at" in page
    assert 'id="approve-form"' in page
    assert 'name="approve-version" type="hidden" value="2"' in page
    assert reload(records_request).status == Status.IN_REVIEW
    assert events_for(records_request, "withdraw") == 0


def test_an_incomplete_form_on_a_changed_request_is_told_of_the_change_first(
    two_desks, make_request
):
    fran, sam = two_desks
    records_request = make_request()
    seen = str(records_request.version)
    fran.act(records_request, "withdraw", version=seen, reason="Called to cancel")
    response = sam.act(records_request, "withdraw", version=seen, reason="")
    assert response.status_code == 302
    page = sam.client.get(response.headers["Location"]).text
    assert "This request was changed by Fran First at" in page
    assert reload(records_request).status == Status.WITHDRAWN
    assert events_for(records_request, "withdraw") == 1


def test_simultaneous_posts_have_exactly_one_winner(two_desks, make_request):
    """Two threads, each with its own test client and so its own app context, database
    session and connection, post the same action with the same version at the same moment.
    The loser is caught by the version check if the winner committed before it loaded the
    request, else by the compare-and-set UPDATE, which waits for the winner's row lock
    (PostgreSQL) or write lock (SQLite busy timeout) and then matches no row. Either way
    the outcome is the same, so the test runs on both databases."""
    records_request = make_request()
    url = f"/staff/requests/{records_request.id}/actions/start_review"
    forms = [
        {
            "start_review-version": str(records_request.version),
            "start_review-csrf_token": csrf_token_from(desk.page(records_request).text),
        }
        for desk in two_desks
    ]
    db.session.rollback()
    barrier = threading.Barrier(len(two_desks), timeout=30)
    responses = [None] * len(two_desks)

    def post(index):
        barrier.wait()
        responses[index] = two_desks[index].client.post(url, data=forms[index])

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(two_desks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [response.status_code for response in responses] == [302, 302]
    pages = [desk.client.get(url.rsplit("/actions", 1)[0]).text for desk in two_desks]
    winners = [page for page in pages if "Review started." in page]
    losers = [page for page in pages if "This request was changed by" in page]
    assert (len(winners), len(losers)) == (1, 1)
    assert events_for(records_request, "start_review") == 1
    fresh = reload(records_request)
    assert (fresh.status, fresh.version) == (Status.IN_REVIEW, 2)
