"""`flask requests sweep`: prints the desk's picture and, with CLOSE_UNANSWERED_AFTER_DAYS
set, closes the requests left waiting for information longer than that through the
lifecycle, with a letter and an e-mail; the clock is moved forward with time-machine."""

from datetime import timedelta

import pytest

from records_app import lifecycle
from records_app.config import ConfigurationError, load_config
from records_app.lifecycle import Action, RequestChanged
from records_app.mail import outbox
from records_app.models import LetterKind, MessageKind, Status
from tests.support.clock import days_ago
from tests.support.factories import request_in
from tests.support.letters import letter_text
from tests.support.stored import reload


def sweep(runner):
    result = runner.invoke(args=["requests", "sweep"])
    assert result.exit_code == 0, result.output
    return result


def test_sweep_prints_the_desks_picture(runner, make_request):
    overdue = make_request(received_at=days_ago(35))

    output = sweep(runner).output

    assert "Overdue: 1" in output
    assert overdue.tracking_code in output
    assert "Closing unanswered requests is off" in output


def test_sweep_closes_nothing_while_the_setting_is_off(runner, make_request, clerk, frozen_clock):
    waiting = request_in(Status.NEEDS_INFO, make_request, clerk)
    frozen_clock.shift(timedelta(days=90))

    sweep(runner)

    assert reload(waiting).status is Status.NEEDS_INFO


def test_sweep_closes_a_request_unanswered_past_the_set_days_with_a_letter_and_an_email(
    app, runner, make_request, clerk, frozen_clock
):
    app.config["CLOSE_UNANSWERED_AFTER_DAYS"] = 45
    waiting = request_in(Status.NEEDS_INFO, make_request, clerk)
    frozen_clock.shift(timedelta(days=46))

    output = sweep(runner).output

    closed = reload(waiting)
    assert closed.status is Status.WITHDRAWN
    assert closed.events[-1].action == Action.CLOSE_UNANSWERED
    assert closed.events[-1].actor_id is None
    assert f"Closed after 45 days without an answer: 1\n  {waiting.tracking_code}" in output
    text = letter_text(closed, LetterKind.CLOSED_UNANSWERED)
    assert "Please send a copy of your photo ID." in text
    assert "send a new request" in text
    assert MessageKind.CLOSED_UNANSWERED in [
        message.kind for message in outbox.messages_for(closed)
    ]


def test_sweep_leaves_a_request_asked_fewer_days_ago(
    app, runner, make_request, clerk, frozen_clock
):
    app.config["CLOSE_UNANSWERED_AFTER_DAYS"] = 45
    waiting = request_in(Status.NEEDS_INFO, make_request, clerk)
    frozen_clock.shift(timedelta(days=44))

    output = sweep(runner).output

    assert reload(waiting).status is Status.NEEDS_INFO
    assert "Closed after 45 days without an answer: 0" in output


def test_closing_unanswered_is_not_offered_to_staff_as_a_button(
    desk, make_request, signed_in_staff
):
    waiting = request_in(Status.NEEDS_INFO, make_request, signed_in_staff)

    page = desk.client.get(f"/staff/requests/{waiting.id}")

    assert "close_unanswered" not in page.text


@pytest.mark.parametrize("raw", ["7", "soon", "-3"])
def test_closing_after_fewer_than_fourteen_days_is_refused_at_start(raw, monkeypatch, tmp_path):
    monkeypatch.setenv("CLOSE_UNANSWERED_AFTER_DAYS", raw)
    with pytest.raises(ConfigurationError, match="CLOSE_UNANSWERED_AFTER_DAYS"):
        load_config(str(tmp_path))


def test_staff_acting_on_a_request_the_sweep_closed_are_told_the_sweep_changed_it(
    app, runner, make_request, clerk, frozen_clock
):
    app.config["CLOSE_UNANSWERED_AFTER_DAYS"] = 45
    waiting = request_in(Status.NEEDS_INFO, make_request, clerk)
    seen_version = waiting.version
    frozen_clock.shift(timedelta(days=46))
    sweep(runner)

    with pytest.raises(RequestChanged, match="changed by the desk's sweep"):
        lifecycle.receive_info(reload(waiting), clerk, seen_version)
