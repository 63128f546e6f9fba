"""The number of requests in each status, kept by the lifecycle's steps in the
request_status_count table and read by the queue and the dashboard (records_app.queue)."""

import pytest
from flask_migrate import downgrade, upgrade

from records_app import lifecycle
from records_app.extensions import db
from records_app.lifecycle import Action, ActionRefused, RequestChanged, TransitionNotAllowed
from records_app.models import RecordsRequest, Status
from tests.support.answers import request_fields
from tests.support.counts import NO_REQUESTS, counted_from_the_requests, kept_counts
from tests.support.desk import enter_paper_request
from tests.support.factories import (
    PATH_TO,
    act,
    extend_as_far_as_allowed,
    request_in,
    reviews_a_withheld_part,
)

BEFORE_STATUS_COUNTS = "5e0c7a9d2b14"


def test_a_new_database_counts_zero_in_every_status(app):
    assert kept_counts() == NO_REQUESTS


def test_the_migration_counts_the_requests_already_there(make_request, make_staff, new_connections):
    actor = make_staff()
    for status in (Status.SUBMITTED, Status.SUBMITTED, Status.DENIED):
        request_in(status, make_request, actor)
    db.session.remove()
    downgrade(revision=BEFORE_STATUS_COUNTS)

    upgrade()

    assert kept_counts() == NO_REQUESTS | {Status.SUBMITTED: 2, Status.DENIED: 1}


def test_a_request_from_the_public_form_counts_as_received(make_request):
    make_request()

    assert kept_counts() == NO_REQUESTS | {Status.SUBMITTED: 1}


def test_a_paper_request_entered_by_staff_counts_as_received(client, signed_in_staff):
    enter_paper_request(client)

    assert kept_counts() == NO_REQUESTS | {Status.SUBMITTED: 1}


def test_a_repeated_submission_is_counted_once(app):
    for _ in range(2):
        lifecycle.receive(RecordsRequest(**request_fields()), submission_token="same-form")
        db.session.commit()

    assert kept_counts() == NO_REQUESTS | {Status.SUBMITTED: 1}


@pytest.mark.parametrize(
    ("from_status", "action"),
    [pair for pair, to_status in lifecycle.TRANSITIONS.items() if to_status != pair[0]],
    ids=lambda value: value.value,
)
def test_each_transition_moves_one_request_from_its_status_count_to_the_next(
    from_status, action, make_request, make_staff
):
    actor = make_staff()
    withheld = (from_status, action) == (Status.FULFILLED, Action.REQUEST_DENIAL_REVIEW)
    records_request = request_in(from_status, make_request, actor, part_withheld=withheld)
    before = kept_counts()

    act(records_request, action, actor)

    to_status = lifecycle.TRANSITIONS[(from_status, action)]
    assert kept_counts() == before | {
        from_status: before[from_status] - 1,
        to_status: before[to_status] + 1,
    }


def test_an_extension_or_an_assignment_leaves_the_counts_alone(make_request, make_staff):
    actor = make_staff()
    records_request = request_in(Status.IN_REVIEW, make_request, actor)
    before = kept_counts()

    extend_as_far_as_allowed(records_request, actor)
    lifecycle.assign(records_request, actor, records_request.version, None)
    db.session.commit()

    assert kept_counts() == before


@pytest.mark.parametrize(
    "paths",
    [
        pytest.param([PATH_TO[status] for status in Status], id="one request in each status"),
        pytest.param(
            [[Action.START_REVIEW, Action.REQUEST_INFO, Action.RECEIVE_INFO]] * 3,
            id="information asked for and received",
        ),
        pytest.param(
            [
                [Action.START_REVIEW, Action.DENY, Action.REQUEST_DENIAL_REVIEW, Action.WITHDRAW],
                PATH_TO[Status.DENIAL_REVIEW] + [Action.OVERTURN_DENIAL, Action.FULFIL],
                PATH_TO[Status.DENIAL_REVIEW] + [Action.UPHOLD_DENIAL],
            ],
            id="denials reviewed",
        ),
        pytest.param(
            [[Action.WITHDRAW], [Action.START_REVIEW, Action.WITHDRAW], []],
            id="withdrawn early and late",
        ),
    ],
)
def test_kept_counts_equal_a_count_of_the_requests_after_any_steps(paths, make_request, make_staff):
    actor = make_staff()
    for path in paths:
        records_request = make_request()
        for action in path:
            act(records_request, action, actor, part_withheld=reviews_a_withheld_part(path))

    assert kept_counts() == counted_from_the_requests()


def refused_for_its_status(records_request, actor):
    with pytest.raises(TransitionNotAllowed):
        act(records_request, Action.FULFIL, actor)


def refused_as_changed_meanwhile(records_request, actor):
    with pytest.raises(RequestChanged):
        lifecycle.start_review(records_request, actor, records_request.version - 1)


def refused_as_incomplete(records_request, actor):
    with pytest.raises(ActionRefused):
        lifecycle.withdraw(records_request, actor, records_request.version, reason=" ")


@pytest.mark.parametrize(
    "refused_step",
    [refused_for_its_status, refused_as_changed_meanwhile, refused_as_incomplete],
    ids=lambda step: step.__name__,
)
def test_a_refused_step_leaves_the_counts_unchanged(refused_step, make_request, make_staff):
    actor = make_staff()
    make_request()
    records_request = request_in(Status.IN_REVIEW, make_request, actor)
    before = kept_counts()

    refused_step(records_request, actor)

    assert kept_counts() == before
    db.session.rollback()
    assert kept_counts() == before
