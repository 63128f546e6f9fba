"""Re-opening a closed request (the records never arrived, a second copy, a new
authorization): back in review with its history kept, a new 30-day clock from the
re-opening, its own event, and the requester told by letter and e-mail."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from records_app import lifecycle, practice
from records_app.extensions import db
from records_app.lifecycle import Action, ActionRefused
from records_app.models import LetterKind, MessageKind, OutgoingMessage, Status
from tests.support.factories import act, request_in
from tests.support.letters import letter_text
from tests.support.stored import reload

REASON = "The records sent on 3 May never arrived."


@pytest.mark.parametrize(
    "status", [Status.FULFILLED, Status.DENIED, Status.NO_RECORDS, Status.WITHDRAWN]
)
def test_a_closed_request_is_reopened_into_review(status, make_request, clerk):
    records_request = request_in(status, make_request, clerk)
    act(records_request, Action.REOPEN, clerk)
    stored = reload(records_request)
    assert stored.status == Status.IN_REVIEW
    assert stored.closed_at is None
    assert (stored.denial_basis, stored.fulfilled_at, stored.no_records_searched) == (
        None,
        None,
        None,
    )


def test_reopening_starts_a_new_30_day_clock_and_allows_an_extension_again(
    hard_hour, make_request, clerk
):
    records_request = request_in(Status.FULFILLED, make_request, clerk)
    with time_machine.travel(timedelta(days=40), tick=False):
        act(records_request, Action.REOPEN, clerk)
        stored = reload(records_request)
        assert lifecycle.due_date(stored) == practice.today() + timedelta(days=30)
        assert lifecycle.can_extend(stored)


def test_reopening_needs_a_reason(make_request, clerk):
    records_request = request_in(Status.WITHDRAWN, make_request, clerk)
    with pytest.raises(ActionRefused, match="Say why"):
        lifecycle.reopen(records_request, clerk, records_request.version, " ")


def test_an_open_request_cannot_be_reopened(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    with pytest.raises(lifecycle.TransitionNotAllowed):
        act(records_request, Action.REOPEN, clerk)


def test_staff_reopen_through_the_request_page_and_the_history_keeps_it(
    desk, make_request, signed_in_staff
):
    records_request = request_in(Status.FULFILLED, make_request, signed_in_staff)
    events_before = len(records_request.events)

    response = desk.act(records_request, "reopen", reason=REASON)

    assert response.status_code == 302
    stored = reload(records_request)
    assert stored.status == Status.IN_REVIEW
    assert len(stored.events) == events_before + 1
    reopened = stored.events[-1]
    assert (reopened.action, reopened.from_status, reopened.reason) == (
        Action.REOPEN,
        Status.FULFILLED,
        REASON,
    )
    assert [event.action for event in stored.events[:events_before]][-1] == Action.FULFIL
    assert REASON in desk.page(stored).text


def test_reopen_form_without_a_reason_is_shown_again(desk, make_request, signed_in_staff):
    records_request = request_in(Status.WITHDRAWN, make_request, signed_in_staff)
    response = desk.act(records_request, "reopen", reason="")
    assert response.status_code == 422
    assert "Say why the request is re-opened" in response.text
    assert reload(records_request).status == Status.WITHDRAWN


def test_the_requester_is_told_by_letter_and_email(make_request, clerk):
    records_request = request_in(Status.FULFILLED, make_request, clerk)
    act(records_request, Action.REOPEN, clerk)
    text = letter_text(records_request, LetterKind.REOPENED)
    assert "Why The records sent never arrived." in text
    assert "We will act by" in text
    last_message = db.session.scalar(
        sa.select(OutgoingMessage.kind)
        .where(OutgoingMessage.request_id == records_request.id)
        .order_by(OutgoingMessage.id.desc())
        .limit(1)
    )
    assert last_message == MessageKind.REOPENED
