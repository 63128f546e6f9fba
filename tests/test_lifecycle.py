"""The lifecycle rules, through the lifecycle module's verbs (no HTTP)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from records_app import lifecycle, practice
from records_app.extensions import db
from records_app.lifecycle import (
    Action,
    ActionRefused,
    RequestChanged,
    TransitionNotAllowed,
    receipt,
)
from records_app.models import (
    ReceivedVia,
    RecordsRequest,
    RequestEvent,
    Status,
)
from tests.support.answers import request_fields
from tests.support.clock import days_ago
from tests.support.factories import ACTION_ARGUMENTS, act, colleague_of, request_in
from tests.support.stored import reload

# The transition table, written out: in this status, this action leads to that status.
# Every pair of a status and one of these actions that is not a row here is refused. An
# extension or an assignment leaves the status as it was.
TRANSITION_TABLE = [
    (Status.SUBMITTED, Action.START_REVIEW, Status.IN_REVIEW),
    (Status.SUBMITTED, Action.WITHDRAW, Status.WITHDRAWN),
    # Closed with no letter and no e-mail; only while nobody has started on it.
    (Status.SUBMITTED, Action.MARK_SPAM, Status.SPAM),
    (Status.SUBMITTED, Action.EXTEND, Status.SUBMITTED),
    (Status.SUBMITTED, Action.ASSIGN, Status.SUBMITTED),
    (Status.IN_REVIEW, Action.REQUEST_INFO, Status.NEEDS_INFO),
    (Status.IN_REVIEW, Action.APPROVE, Status.APPROVED),
    (Status.IN_REVIEW, Action.DENY, Status.DENIED),
    # 45 CFR 164.524(d)(3): holding no records is its own outcome, not a denial.
    (Status.IN_REVIEW, Action.REPORT_NO_RECORDS, Status.NO_RECORDS),
    (Status.IN_REVIEW, Action.WITHDRAW, Status.WITHDRAWN),
    (Status.IN_REVIEW, Action.EXTEND, Status.IN_REVIEW),
    (Status.IN_REVIEW, Action.ASSIGN, Status.IN_REVIEW),
    (Status.NEEDS_INFO, Action.RECEIVE_INFO, Status.IN_REVIEW),
    (Status.NEEDS_INFO, Action.WITHDRAW, Status.WITHDRAWN),
    (Status.NEEDS_INFO, Action.EXTEND, Status.NEEDS_INFO),
    (Status.NEEDS_INFO, Action.ASSIGN, Status.NEEDS_INFO),
    (Status.APPROVED, Action.FULFIL, Status.FULFILLED),
    (Status.APPROVED, Action.WITHDRAW, Status.WITHDRAWN),
    (Status.APPROVED, Action.EXTEND, Status.APPROVED),
    (Status.APPROVED, Action.ASSIGN, Status.APPROVED),
    (Status.DENIED, Action.REQUEST_DENIAL_REVIEW, Status.DENIAL_REVIEW),
    (Status.DENIAL_REVIEW, Action.UPHOLD_DENIAL, Status.DENIED),
    (Status.DENIAL_REVIEW, Action.OVERTURN_DENIAL, Status.APPROVED),
    # 45 CFR 164.524(d)(1): a part withheld from a release is reviewed as a denial is.
    (Status.FULFILLED, Action.REQUEST_DENIAL_REVIEW, Status.WITHHELD_REVIEW),
    (Status.WITHHELD_REVIEW, Action.UPHOLD_DENIAL, Status.FULFILLED),
    (Status.WITHHELD_REVIEW, Action.OVERTURN_DENIAL, Status.APPROVED),
    (Status.WITHHELD_REVIEW, Action.WITHDRAW, Status.FULFILLED),
    (Status.WITHHELD_REVIEW, Action.ASSIGN, Status.WITHHELD_REVIEW),
    # Withdrawing a request for review leaves the denial standing.
    (Status.DENIAL_REVIEW, Action.WITHDRAW, Status.DENIED),
    # A review runs on its own deadline, which is not extended.
    (Status.DENIAL_REVIEW, Action.ASSIGN, Status.DENIAL_REVIEW),
    # A closed request is re-opened into review with a new clock.
    (Status.FULFILLED, Action.REOPEN, Status.IN_REVIEW),
    (Status.DENIED, Action.REOPEN, Status.IN_REVIEW),
    (Status.NO_RECORDS, Action.REOPEN, Status.IN_REVIEW),
    (Status.WITHDRAWN, Action.REOPEN, Status.IN_REVIEW),
    # The fee's steps leave the status as it is. A quote comes before release; its answer
    # may come while staff wait for information; a payment or a waiver after release too.
    (Status.IN_REVIEW, Action.SEND_QUOTE, Status.IN_REVIEW),
    (Status.APPROVED, Action.SEND_QUOTE, Status.APPROVED),
    *[
        (status, answer, status)
        for status in (Status.IN_REVIEW, Status.NEEDS_INFO, Status.APPROVED)
        for answer in (Action.ACCEPT_QUOTE, Action.DECLINE_QUOTE)
    ],
    *[
        (status, step, status)
        for status in (Status.IN_REVIEW, Status.NEEDS_INFO, Status.APPROVED, Status.FULFILLED)
        for step in (Action.RECORD_PAYMENT, Action.WAIVE_FEE)
    ],
    # The sweep closes a request left waiting for information (CLOSE_UNANSWERED_AFTER_DAYS).
    (Status.NEEDS_INFO, Action.CLOSE_UNANSWERED, Status.WITHDRAWN),
    # A second staff member's check of a release leaves it approved.
    (Status.APPROVED, Action.SECOND_CHECK, Status.APPROVED),
]
# The fee's steps after the quote need one to act on.
ACT_ON_A_QUOTE = (
    Action.ACCEPT_QUOTE,
    Action.DECLINE_QUOTE,
    Action.RECORD_PAYMENT,
    Action.WAIVE_FEE,
)
ACTIONS_IN_THE_TABLE = list(dict.fromkeys(action for _status, action, _to in TRANSITION_TABLE))
REFUSED = [
    (status, action)
    for status in Status
    for action in ACTIONS_IN_THE_TABLE
    if (status, action) not in {(row[0], row[1]) for row in TRANSITION_TABLE}
]


def _ids(value):
    return value.value if isinstance(value, Status | Action) else None


def test_the_lifecycle_allows_exactly_the_transitions_written_out_here():
    assert lifecycle.TRANSITIONS == {
        (status, action): to for status, action, to in TRANSITION_TABLE
    }


@pytest.mark.parametrize(("status", "action", "expected"), TRANSITION_TABLE, ids=_ids)
def test_an_allowed_action_leads_to_the_status_the_table_gives(
    status, action, expected, make_request, clerk
):
    quoted = 420 if action in ACT_ON_A_QUOTE else None
    withheld = (status, action) == (Status.FULFILLED, Action.REQUEST_DENIAL_REVIEW)
    records_request = request_in(
        status, make_request, clerk, quoted_cents=quoted, part_withheld=withheld
    )

    act(records_request, action, clerk)

    assert reload(records_request).status == expected
    assert records_request.events[-1].action == action


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=_ids)
def test_an_action_the_table_does_not_allow_is_refused_and_changes_nothing(
    status, action, make_request, clerk
):
    records_request = request_in(status, make_request, clerk)
    before = (records_request.version, len(records_request.events))

    with pytest.raises(TransitionNotAllowed):
        act(records_request, action, clerk)

    unchanged = reload(records_request)
    assert (unchanged.status, unchanged.version, len(unchanged.events)) == (status, *before)


def test_every_transition_writes_one_event_with_who_from_and_to(make_request, make_staff):
    actor = make_staff()
    records_request = request_in(Status.APPROVED, make_request, actor)
    events = db.session.scalars(
        sa.select(RequestEvent)
        .where(RequestEvent.request_id == records_request.id)
        .order_by(RequestEvent.id)
    ).all()
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("receive", None, Status.SUBMITTED),
        ("start_review", Status.SUBMITTED, Status.IN_REVIEW),
        ("approve", Status.IN_REVIEW, Status.APPROVED),
    ]
    assert [e.actor_id for e in events] == [None, actor.id, actor.id]


def test_due_date_is_thirty_practice_days_after_receipt(hard_hour, make_request):
    records_request = make_request(received_at=days_ago(3))
    received_on = practice.local_date(records_request.received_at)
    assert lifecycle.due_date(records_request) == received_on + timedelta(days=30)
    assert lifecycle.days_left(records_request) == 27


def test_received_date_in_the_future_is_refused(hard_hour, make_request):
    with pytest.raises(ActionRefused):
        make_request(received_at=days_ago(-1))


def test_a_tracking_code_already_issued_is_drawn_again(make_request, monkeypatch):
    issued = make_request().tracking_code
    drawn = iter([issued, "RR-HJKM-NPQR"])
    monkeypatch.setattr(receipt, "new_tracking_code", lambda: next(drawn))

    second = make_request()

    assert second.tracking_code == "RR-HJKM-NPQR"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecordsRequest)) == 2


def test_when_every_tracking_code_drawn_is_taken_nothing_is_written(make_request, monkeypatch):
    issued = make_request().tracking_code
    monkeypatch.setattr(receipt, "new_tracking_code", lambda: issued)

    with pytest.raises(RuntimeError, match="unique tracking code"):
        make_request()
    db.session.rollback()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecordsRequest)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RequestEvent)) == 1


def test_receiving_a_request_reads_nothing_back(app):
    statements = []

    def note(_connection, _cursor, statement, *_rest):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        stored = lifecycle.receive(RecordsRequest(**request_fields())).request
        held = (stored.status, stored.version, stored.received_via)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)

    assert held == (Status.SUBMITTED, 1, ReceivedVia.ONLINE)
    assert not any(sql.lstrip().upper().startswith("SELECT") for sql in statements)


def test_start_review_assigns_the_request_to_the_reviewer_when_unassigned(make_request, make_staff):
    actor = make_staff()
    records_request = request_in(Status.IN_REVIEW, make_request, actor)
    assert records_request.assigned_to_id == actor.id


def test_approval_needs_identity_and_authorization_confirmed(make_request, make_staff):
    actor = make_staff()
    records_request = request_in(Status.IN_REVIEW, make_request, actor)
    with pytest.raises(ActionRefused):
        lifecycle.approve(
            records_request,
            actor,
            records_request.version,
            identity_verified=True,
            authorization_valid=False,
        )


def test_denial_needs_a_known_basis(make_request, make_staff):
    actor = make_staff()
    records_request = request_in(Status.IN_REVIEW, make_request, actor)
    with pytest.raises(ActionRefused):
        lifecycle.deny(
            records_request, actor, records_request.version, basis="mood", explanation="No."
        )


def test_closing_a_request_records_when(make_request, make_staff):
    actor = make_staff()
    records_request = request_in(Status.DENIED, make_request, actor)
    assert records_request.closed_at is not None
    assert records_request.denial_basis == "endangerment"


def test_a_stale_version_is_refused_and_names_who_changed_it(make_request, make_staff):
    first = make_staff("first@example.org", name="Fran First")
    second = make_staff("second@example.org", name="Sam Second")
    records_request = make_request()
    seen_version = records_request.version
    lifecycle.start_review(records_request, first, seen_version)
    db.session.commit()
    with pytest.raises(RequestChanged) as raised:
        lifecycle.withdraw(records_request, second, seen_version, reason="Called to cancel")
    assert raised.value.changed_by == "Fran First"
    db.session.rollback()
    assert db.session.get(type(records_request), records_request.id).status == Status.IN_REVIEW


class TestExtension:
    def extend(self, records_request, actor, days=20, reason="Records are in off-site storage"):
        new_due_on = lifecycle.due_date(records_request) + timedelta(days=days)
        lifecycle.extend(
            records_request, actor, records_request.version, new_due_on=new_due_on, reason=reason
        )
        db.session.commit()

    def test_extension_moves_the_due_date_and_keeps_the_original(
        self, hard_hour, make_request, make_staff
    ):
        actor = make_staff()
        records_request = make_request(received_at=days_ago(10))
        original, original_due_on = records_request.due_at, lifecycle.due_date(records_request)
        self.extend(records_request, actor, days=30)
        assert lifecycle.due_date(records_request) == original_due_on + timedelta(days=30)
        assert lifecycle.days_left(records_request) == 50
        assert records_request.original_due_at == original
        assert records_request.events[-1].action == Action.EXTEND

    def test_second_extension_is_refused(self, make_request, make_staff):
        actor = make_staff()
        records_request = make_request(received_at=days_ago(10))
        self.extend(records_request, actor, days=5)
        with pytest.raises(ActionRefused):
            self.extend(records_request, actor, days=10)

    def test_extension_beyond_thirty_days_is_refused(self, hard_hour, make_request, make_staff):
        actor = make_staff()
        records_request = make_request(received_at=days_ago(10))
        with pytest.raises(ActionRefused):
            self.extend(records_request, actor, days=31)

    def test_extension_needs_a_reason(self, make_request, make_staff):
        actor = make_staff()
        records_request = make_request(received_at=days_ago(10))
        with pytest.raises(ActionRefused):
            self.extend(records_request, actor, reason="  ")

    def test_extension_after_the_first_thirty_days_is_refused(
        self, hard_hour, make_request, make_staff
    ):
        actor = make_staff()
        records_request = make_request(received_at=days_ago(31))
        assert not lifecycle.can_extend(records_request)
        with pytest.raises(ActionRefused):
            self.extend(records_request, actor)

    def test_extension_of_a_closed_request_is_refused(self, make_request, make_staff):
        actor = make_staff()
        records_request = request_in(Status.WITHDRAWN, make_request, actor)
        with pytest.raises(TransitionNotAllowed):
            self.extend(records_request, actor)

    def test_extend_is_offered_only_while_allowed(self, hard_hour, make_request, make_staff):
        records_request = make_request(received_at=days_ago(29))
        assert Action.EXTEND in lifecycle.allowed_actions(records_request)
        with time_machine.travel(records_request.original_due_at + timedelta(minutes=1)):
            assert Action.EXTEND not in lifecycle.allowed_actions(records_request)


# Received this many practice days ago: days left, overdue, due soon.
DEADLINES = {
    32: (-2, True, False),
    31: (-1, True, False),
    30: (0, False, True),
    25: (5, False, True),
    23: (7, False, True),
    22: (8, False, False),
    1: (29, False, False),
}


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


def test_fulfilment_date_cannot_be_in_the_future(make_request, make_staff):
    actor = make_staff()
    records_request = request_in(Status.APPROVED, make_request, actor)
    arguments = dict(ACTION_ARGUMENTS[Action.FULFIL], sent_on=practice.today() + timedelta(days=2))
    with pytest.raises(ActionRefused):
        lifecycle.fulfil(records_request, actor, records_request.version, **arguments)


class TestDenialReview:
    """45 CFR 164.524(a)(3)-(4) and (d)(4): a denial on a reviewable basis may be reviewed by
    a licensed professional who took no part in it, and the practice acts on the decision."""

    def test_review_is_offered_only_for_a_reviewable_basis(self, make_request, make_staff):
        actor = make_staff()
        reviewable = request_in(Status.DENIED, make_request, actor)
        not_reviewable = request_in(Status.IN_REVIEW, make_request, actor)
        lifecycle.deny(
            not_reviewable,
            actor,
            not_reviewable.version,
            basis="requester_not_authorized",
            explanation="None.",
        )
        db.session.commit()

        assert Action.REQUEST_DENIAL_REVIEW in lifecycle.allowed_actions(reviewable)
        assert Action.REQUEST_DENIAL_REVIEW not in lifecycle.allowed_actions(not_reviewable)
        with pytest.raises(ActionRefused, match="not reviewable"):
            act(not_reviewable, Action.REQUEST_DENIAL_REVIEW, actor)

    def test_a_review_request_reopens_the_request_with_its_own_deadline(
        self, hard_hour, make_request, make_staff
    ):
        records_request = request_in(Status.DENIAL_REVIEW, make_request, make_staff())

        assert records_request.status.is_open
        assert records_request.closed_at is None
        assert records_request.denial_basis == "endangerment"
        assert lifecycle.days_left(records_request) == lifecycle.DENIAL_REVIEW_DAYS
        assert not records_request.is_extended
        assert Action.EXTEND not in lifecycle.allowed_actions(records_request)

    def test_the_person_who_denied_may_record_another_reviewers_decision(
        self, make_request, make_staff
    ):
        denier = make_staff()
        records_request = request_in(Status.DENIAL_REVIEW, make_request, denier)

        lifecycle.decide_denial_review(
            records_request,
            denier,
            records_request.version,
            upheld=True,
            **ACTION_ARGUMENTS[Action.UPHOLD_DENIAL],
        )

        assert records_request.status is Status.DENIED
        assert records_request.events[-1].actor_id == denier.id

    @pytest.mark.parametrize(
        "reviewer", ["Casey Clerk", "Dr. casey clerk, MD, OR license MD123", "CLERK, Casey"]
    )
    def test_the_person_who_denied_cannot_be_named_the_reviewer(
        self, reviewer, make_request, make_staff
    ):
        denier = make_staff(name="Casey Clerk")
        records_request = request_in(Status.DENIAL_REVIEW, make_request, denier)
        arguments = {**ACTION_ARGUMENTS[Action.UPHOLD_DENIAL], "reviewer": reviewer}

        with pytest.raises(ActionRefused, match="Casey Clerk denied this request"):
            lifecycle.decide_denial_review(
                records_request, denier, records_request.version, upheld=True, **arguments
            )

    def test_a_reviewer_who_shares_only_a_first_name_with_the_denier_is_accepted(
        self, make_request, make_staff
    ):
        denier = make_staff(name="Casey Clerk")
        records_request = request_in(Status.DENIAL_REVIEW, make_request, denier)
        arguments = {**ACTION_ARGUMENTS[Action.UPHOLD_DENIAL], "reviewer": "Dr. Casey Ruiz, MD"}

        lifecycle.decide_denial_review(
            records_request, denier, records_request.version, upheld=True, **arguments
        )

        assert records_request.status is Status.DENIED

    def test_the_reviewer_must_be_named_and_independent(self, make_request, make_staff):
        records_request = request_in(Status.DENIAL_REVIEW, make_request, make_staff())
        colleague = colleague_of(make_staff("other@example.org", name="Oli Other"))
        arguments = {
            "reviewer": "Dr. Ana Ruiz, MD",
            "reviewer_role": "A licensed psychiatrist",
            "decision": "The risk stands.",
        }

        with pytest.raises(ActionRefused, match="took no part"):
            lifecycle.decide_denial_review(
                records_request,
                colleague,
                records_request.version,
                upheld=True,
                reviewer_took_no_part=False,
                **arguments,
            )
        with pytest.raises(ActionRefused, match="Name the reviewing professional"):
            lifecycle.decide_denial_review(
                records_request,
                colleague,
                records_request.version,
                upheld=True,
                reviewer_took_no_part=True,
                reviewer=" ",
                reviewer_role="A licensed psychiatrist",
                decision="The risk stands.",
            )

    def test_an_upheld_denial_closes_again_and_names_the_reviewer(self, make_request, make_staff):
        records_request = request_in(Status.DENIAL_REVIEW, make_request, make_staff())

        act(records_request, Action.UPHOLD_DENIAL, records_request.events[-1].actor)

        assert records_request.status is Status.DENIED
        assert records_request.closed_at is not None
        assert records_request.events[-1].reason == (
            "Reviewed by Dr. Ana Ruiz, MD (A licensed psychiatrist): The risk stands."
        )

    def test_an_overturned_denial_is_approved_and_loses_its_basis(self, make_request, make_staff):
        records_request = request_in(Status.DENIAL_REVIEW, make_request, make_staff())

        act(records_request, Action.OVERTURN_DENIAL, records_request.events[-1].actor)

        assert records_request.status is Status.APPROVED
        assert records_request.denial_basis is None
        assert Action.FULFIL in lifecycle.allowed_actions(records_request)
