""" "We hold no records for this patient" (45 CFR 164.524(d)(3)): its own outcome, not a
denial. Its letter says so plainly and names where to direct the request, from the places
admins keep; it is counted apart from denials. And the bases a denial may rest on: an
unverified identity or an invalid authorization is asked for first."""

import pytest

from records_app import audit, canned_texts, lifecycle
from records_app.extensions import db
from records_app.lifecycle import Action, ActionRefused
from records_app.models import CannedTextUse, LetterKind, MessageKind, OutgoingMessage, Status
from tests.support.factories import act, request_in
from tests.support.letters import letter_text
from tests.support.pages import count_shown
from tests.support.requester import look_up
from tests.support.stored import reload

HOSPITAL = (
    "Providence St. Vincent Medical Center",
    "Procedures done at the hospital: write to its Health Information Management office, "
    "9205 SW Barnes Rd, Portland, OR 97225.",
)


def a_place(title=HOSPITAL[0], body=HOSPITAL[1]):
    place = canned_texts.add(
        CannedTextUse.RECORDS_ELSEWHERE, title, body, by=audit.Actor(label="test")
    )
    db.session.commit()
    return place


def report_no_records(records_request, clerk, places=()):
    lifecycle.report_no_records(
        records_request,
        clerk,
        records_request.version,
        searched="The practice's charts, under the names Holloway and Smith",
        places=places,
    )
    db.session.commit()


def test_no_records_closes_the_request_without_a_denial_basis(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    report_no_records(records_request, clerk)
    stored = reload(records_request)
    assert (stored.status, stored.denial_basis) == (Status.NO_RECORDS, None)
    assert stored.closed_at is not None
    assert Action.REQUEST_DENIAL_REVIEW not in lifecycle.allowed_actions(stored)


def test_no_records_needs_to_say_where_staff_looked(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    with pytest.raises(ActionRefused, match="where you looked"):
        lifecycle.report_no_records(records_request, clerk, records_request.version, searched=" ")


def test_no_records_letter_says_so_plainly_and_where_to_direct_the_request(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    report_no_records(records_request, clerk, places=[a_place()])
    text = letter_text(records_request, LetterKind.NO_RECORDS)
    assert "holds none for this patient" in text
    assert "Where we looked The practice's charts, under the names Holloway and Smith" in text
    assert "Where to send your request instead" in text
    assert f"{HOSPITAL[0]} {HOSPITAL[1]}" in text
    assert "deny" not in text.lower()
    assert "review" not in text.lower()


def test_no_records_letter_without_a_known_place_names_none(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    report_no_records(records_request, clerk)
    assert "send your request instead" not in letter_text(records_request, LetterKind.NO_RECORDS)


def test_no_records_sends_its_own_email_not_a_denial(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    report_no_records(records_request, clerk)
    kinds = [
        message.kind
        for message in db.session.scalars(
            db.select(OutgoingMessage).where(OutgoingMessage.request_id == records_request.id)
        )
    ]
    assert MessageKind.NO_RECORDS in kinds
    assert MessageKind.DENIED not in kinds


def test_staff_record_no_records_with_the_places_ticked(desk, make_request, signed_in_staff):
    place = a_place()
    a_place("Cascade Records Storage", "Write to PO Box 12, Salem, OR 97301.")
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)

    response = desk.act(
        records_request,
        "report_no_records",
        searched="The practice's charts",
        places=str(place.id),
    )

    assert response.status_code == 302
    stored = reload(records_request)
    assert stored.status == Status.NO_RECORDS
    assert stored.records_elsewhere == [list(HOSPITAL)]
    assert stored.events[-1].action == Action.REPORT_NO_RECORDS


def test_no_records_form_without_where_staff_looked_is_shown_again(
    desk, make_request, signed_in_staff
):
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    response = desk.act(records_request, "report_no_records", searched="")
    assert response.status_code == 422
    assert "Say where you looked for the records." in response.text
    assert reload(records_request).status == Status.IN_REVIEW


def test_dashboard_counts_no_records_apart_from_denials(client, signed_in_staff, make_request):
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    report_no_records(records_request, signed_in_staff)
    html = client.get("/staff/dashboard").text
    assert count_shown(html, "No records held") == 1
    assert count_shown(html, "Denied") == 0


def test_status_page_of_no_records_names_where_to_send_the_request(client, make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    report_no_records(records_request, clerk, places=[a_place()])
    html = look_up(client, records_request.tracking_code).text
    assert "This is not a refusal." in html
    assert HOSPITAL[0] in html


# ---- the bases of a denial --------------------------------------------------------------


@pytest.mark.parametrize("basis", ["identity_unverified", "authorization_invalid"])
def test_missing_proof_is_asked_for_before_it_is_a_basis_for_denial(make_request, clerk, basis):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    with pytest.raises(ActionRefused, match="Request information"):
        lifecycle.deny(
            records_request, clerk, records_request.version, basis=basis, explanation="None."
        )


def test_missing_proof_that_never_came_may_be_a_basis_for_denial(make_request, clerk):
    records_request = request_in(Status.NEEDS_INFO, make_request, clerk)
    act(records_request, Action.RECEIVE_INFO, clerk)
    lifecycle.deny(
        records_request,
        clerk,
        records_request.version,
        basis="identity_unverified",
        explanation="The photo ID we asked for did not come.",
    )
    db.session.commit()
    text = letter_text(records_request, LetterKind.DENIAL)
    assert "(45 CFR 164.514(h))" in text
    assert "You may send a new request at any time" in text
    assert "164.524(a)(2)" not in text


def test_psychotherapy_notes_are_cited_as_excepted_from_access(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    lifecycle.deny(
        records_request,
        clerk,
        records_request.version,
        basis="psychotherapy_notes",
        explanation="Only psychotherapy notes were asked for.",
    )
    db.session.commit()
    text = letter_text(records_request, LetterKind.DENIAL)
    assert "Psychotherapy notes (45 CFR 164.524(a)(1)(i))" in text
    assert "(45 CFR 164.524(a)(2))" in text
