"""The checks before release, through the request page: the fulfil step's checklist, each
box ticked by hand and recorded as an event; and, with FOUR_EYES_SENSITIVE_RELEASES on, a
second staff member's check of a release that includes sensitive records."""

import pytest
import sqlalchemy as sa

from records_app import lifecycle, practice
from records_app.extensions import db
from records_app.lifecycle import Action, RequestChanged
from records_app.models import RecipientKind, RequestEvent, StaffUser, Status
from tests.support.desk import RELEASE_CHECKS, valid_fields
from tests.support.factories import ACTION_ARGUMENTS, request_in
from tests.support.stored import reload

SENSITIVE = {
    "recipient_kind": RecipientKind.THIRD_PARTY,
    "recipient_name": "Dr. Priya Natarajan",
    "purpose": "Continuing care",
    "sensitive_initials": {"mental_health": "MH"},
}


def staff(email: str) -> StaffUser:
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))


@pytest.fixture
def four_eyes(app):
    app.config["FOUR_EYES_SENSITIVE_RELEASES"] = True


@pytest.mark.parametrize("unticked", list(RELEASE_CHECKS))
def test_release_waits_until_every_check_is_ticked(unticked, desk, make_request, signed_in_staff):
    approved = request_in(Status.APPROVED, make_request, signed_in_staff)
    fields = {**valid_fields("fulfil"), unticked: ""}

    response = desk.act(approved, "fulfil", **fields)

    assert response.status_code == 422
    assert "Tick this check: the records go out only once it holds." in response.text
    assert reload(approved).status is Status.APPROVED


def test_the_ticked_checklist_is_recorded_before_the_release(desk, make_request, signed_in_staff):
    approved = request_in(Status.APPROVED, make_request, signed_in_staff)

    desk.act(approved, "fulfil", **valid_fields("fulfil"))

    checked, released = reload(approved).events[-2:]
    assert (checked.action, released.action) == (Action.CHECK_RELEASE, Action.FULFIL)
    assert checked.actor_id == signed_in_staff.id
    assert "Psychotherapy notes are left out" in checked.reason
    assert "(checked before release)" in desk.page(approved).text


def test_without_four_eyes_one_person_releases_sensitive_records(
    desk, make_request, signed_in_staff
):
    approved = request_in(Status.APPROVED, lambda: make_request(**SENSITIVE), signed_in_staff)

    desk.act(approved, "fulfil", **valid_fields("fulfil"))

    assert reload(approved).status is Status.FULFILLED
    assert "second_check-form" not in desk.page(approved).text


def test_with_four_eyes_a_sensitive_release_waits_for_a_second_check(
    four_eyes, two_desks, make_request
):
    fran, sam = two_desks
    approved = request_in(
        Status.APPROVED, lambda: make_request(**SENSITIVE), staff("fran@example.org")
    )

    refused = fran.act(approved, "fulfil", **valid_fields("fulfil"))
    refusal = fran.client.get(refused.headers["Location"]).text
    sam.act(approved, "second_check", **RELEASE_CHECKS)
    fran.act(approved, "fulfil", **valid_fields("fulfil"))

    assert "asks for a second staff member&#39;s check first" in refusal
    assert 'id="second_check-form"' in refusal
    released = reload(approved)
    assert released.status is Status.FULFILLED
    second, _checked, _released = released.events[-3:]
    assert (second.action, second.actor_id) == (Action.SECOND_CHECK, staff("sam@example.org").id)


def test_with_four_eyes_the_second_checker_cannot_release_it(four_eyes, two_desks, make_request):
    fran, sam = two_desks
    approved = request_in(
        Status.APPROVED, lambda: make_request(**SENSITIVE), staff("fran@example.org")
    )
    sam.act(approved, "second_check", **RELEASE_CHECKS)

    response = sam.act(approved, "fulfil", **valid_fields("fulfil"))

    assert (
        "another staff member must release the records"
        in sam.client.get(response.headers["Location"]).text
    )
    assert reload(approved).status is Status.APPROVED


def test_with_four_eyes_a_release_without_sensitive_records_needs_no_second_check(
    four_eyes, desk, make_request, signed_in_staff
):
    approved = request_in(Status.APPROVED, make_request, signed_in_staff)

    page = desk.page(approved).text
    desk.act(approved, "fulfil", **valid_fields("fulfil"))

    assert 'id="second_check-form"' not in page
    assert reload(approved).status is Status.FULFILLED


def test_a_release_refused_as_out_of_date_leaves_no_checklist_event(make_request, clerk):
    approved = request_in(Status.APPROVED, make_request, clerk)
    arguments = {**ACTION_ARGUMENTS[Action.FULFIL], "sent_on": practice.today()}

    with pytest.raises(RequestChanged):
        lifecycle.fulfil(approved, clerk, approved.version - 1, **arguments)

    assert [added for added in db.session.new if isinstance(added, RequestEvent)] == []
