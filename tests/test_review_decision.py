"""The review of a denial (45 CFR 164.524(a)(4), (d)(4)): the requester gets a letter with
the reviewer's decision, naming the reviewer's role; upheld, it gives the complaint routes;
overturned, it says the records will be sent. Withdrawing a request for review is told as
that, not as a cancelled request."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.lifecycle import Action
from records_app.models import LetterKind, MessageKind, OutgoingMessage, Status
from tests.support.desk import REVIEW_DECISION
from tests.support.factories import act, colleague_of, request_in
from tests.support.letters import letter_text
from tests.support.stored import reload


def decided(make_request, clerk, decision: Action) -> str:
    records_request = request_in(Status.DENIAL_REVIEW, make_request, clerk)
    act(records_request, decision, clerk)
    return letter_text(records_request, LetterKind.REVIEW_DECISION)


def messages_of(records_request) -> list[MessageKind]:
    return list(
        db.session.scalars(
            sa.select(OutgoingMessage.kind)
            .where(OutgoingMessage.request_id == records_request.id)
            .order_by(OutgoingMessage.id)
        )
    )


def test_upheld_review_letter_names_the_reviewers_role_and_the_complaint_routes(
    make_request, clerk
):
    text = decided(make_request, clerk, Action.UPHOLD_DENIAL)
    assert "Reviewer A licensed psychiatrist, who took no part in our decision" in text
    assert "Decision Our decision stands" in text
    assert "Reasons The risk stands." in text
    assert "How to complain" in text
    assert "Office for Civil Rights" in text
    assert "Dr. Ana Ruiz" not in text


def test_overturned_review_letter_says_the_records_will_be_sent(make_request, clerk):
    text = decided(make_request, clerk, Action.OVERTURN_DENIAL)
    assert "Decision Our decision is overturned" in text
    assert "we will send the records as you asked" in text
    assert "How to complain" not in text


def test_the_requester_hears_that_the_review_was_decided(make_request, clerk):
    records_request = request_in(Status.DENIAL_REVIEW, make_request, clerk)
    act(records_request, Action.OVERTURN_DENIAL, clerk)
    assert messages_of(records_request)[-1] == MessageKind.REVIEW_DECIDED


def test_withdrawing_a_review_is_told_as_a_withdrawn_review(make_request, clerk):
    records_request = request_in(Status.DENIAL_REVIEW, make_request, clerk)
    act(records_request, Action.WITHDRAW, clerk)
    assert reload(records_request).status == Status.DENIED
    assert messages_of(records_request)[-1] == MessageKind.REVIEW_WITHDRAWN


def test_withdrawing_a_request_is_told_as_a_cancelled_request(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    act(records_request, Action.WITHDRAW, clerk)
    assert messages_of(records_request)[-1] == MessageKind.WITHDRAWN


def test_the_decision_form_needs_the_reviewers_role(desk, make_request, signed_in_staff):
    records_request = request_in(Status.DENIAL_REVIEW, make_request, colleague_of(signed_in_staff))
    response = desk.act(
        records_request, "uphold_denial", **{**REVIEW_DECISION, "reviewer_role": ""}
    )
    assert response.status_code == 422
    assert "Say what kind of professional the reviewer is" in response.text
    assert reload(records_request).status == Status.DENIAL_REVIEW
