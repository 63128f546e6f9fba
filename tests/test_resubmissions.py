"""A new request that nearly repeats an open one (issue 18): the rule, through the domain
function, and what the public form and staff see, through HTTP. Flagged, never refused."""

from datetime import date

import pytest

from records_app import lifecycle
from records_app.extensions import db
from records_app.models import RecipientKind, Status
from records_app.resubmissions import SIMILAR_WITHIN, similar_open_request
from tests.support.answers import form_answers
from tests.support.audit import only_audit_row
from tests.support.clock import days_ago
from tests.support.stored import stored_requests

TO_A_DOCTOR = {"recipient_kind": RecipientKind.THIRD_PARTY, "recipient_name": "Dr. Priya Natarajan"}


@pytest.mark.parametrize(
    "first, second",
    [
        ({}, {}),
        ({}, {"patient_last_name": "HOLLOWAY ", "patient_first_name": "Maggie"}),
        (TO_A_DOCTOR, {**TO_A_DOCTOR, "recipient_name": "dr. priya natarajan"}),
    ],
)
def test_a_request_for_the_same_patient_and_recipient_repeats_an_open_one(
    make_request, first, second
):
    earlier = make_request(received_at=days_ago(3), **first)
    later = make_request(**second)

    assert similar_open_request(later) == earlier


@pytest.mark.parametrize(
    "second",
    [
        {"date_of_birth": date(1951, 4, 18)},
        {"patient_last_name": "Dunn"},
        {"recipient_kind": RecipientKind.THIRD_PARTY, "recipient_name": "Dr. Ruiz"},
    ],
)
def test_another_patient_or_recipient_is_no_repeat(make_request, second):
    make_request(received_at=days_ago(3))
    assert similar_open_request(make_request(**second)) is None


def test_records_to_another_third_party_are_no_repeat(make_request):
    make_request(received_at=days_ago(3), **TO_A_DOCTOR)
    later = make_request(**{**TO_A_DOCTOR, "recipient_name": "Reyes Estate Law"})

    assert similar_open_request(later) is None


def test_a_closed_request_is_not_repeated(make_request, clerk):
    earlier = make_request(received_at=days_ago(3))
    lifecycle.withdraw(earlier, clerk, earlier.version, reason="Asked twice")
    db.session.commit()

    assert similar_open_request(make_request()) is None


def test_an_open_request_older_than_the_window_is_not_repeated(make_request):
    make_request(received_at=days_ago(SIMILAR_WITHIN.days + 1))
    assert similar_open_request(make_request()) is None


def test_a_request_sent_again_is_taken_and_flagged_for_staff(submit_request):
    submit_request()
    response = submit_request(form_answers(signature_name="Margaret A. Holloway"))

    assert response.status_code == 303
    first, second = stored_requests()
    assert (first.similar_to_id, second.similar_to_id) == (None, first.id)
    assert second.status == Status.SUBMITTED


def test_the_flag_is_audited_with_ids_only(submit_request):
    submit_request()
    submit_request()

    first, second = stored_requests()
    row = only_audit_row("request.flagged_similar")
    assert (row.request_id, row.details) == (second.id, {"similar_to_id": first.id})


def test_staff_see_the_possible_repeat_on_the_queue_and_the_request_page(
    client, signed_in_staff, make_request
):
    earlier = make_request(received_at=days_ago(3))
    later = make_request()
    later.similar_to = earlier
    db.session.commit()

    assert client.get("/staff/").text.count("Possible repeat") == 1
    page = client.get(f"/staff/requests/{later.id}").text
    assert f'href="/staff/requests/{earlier.id}" class="code">{earlier.tracking_code}</a>' in page


def test_a_request_unlike_any_other_is_not_flagged(submit_request):
    submit_request()
    assert stored_requests()[0].similar_to_id is None
