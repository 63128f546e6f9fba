"""Partial release (45 CFR 164.524(d)(1)): the records are sent except a part withheld on a
basis of its own; the requester gets one letter saying what was sent and, for the part
withheld, the content of a denial ((d)(2)); a reviewable part may be reviewed as a whole
denial is; pages, exports and the dashboard show the release as partial."""

from datetime import date

import pytest

from records_app import exports, lifecycle, practice
from records_app.extensions import db
from records_app.lifecycle import Action, ActionRefused
from records_app.models import LetterKind, RecipientKind, Status
from tests.support.desk import valid_fields
from tests.support.factories import ACTION_ARGUMENTS, PART_WITHHELD, act, request_in
from tests.support.letters import letter_text, letters_of
from tests.support.pages import count_shown
from tests.support.requester import look_up
from tests.support.stored import reload

PSYCHOTHERAPY = {
    "withheld": "Psychotherapy notes of 2019",
    "withheld_basis": "psychotherapy_notes",
    "withheld_explanation": "Psychotherapy notes are kept apart from the medical record.",
}
TO_AN_ATTORNEY = {
    "recipient_kind": RecipientKind.THIRD_PARTY,
    "recipient_name": "Jordan Avery",
    "recipient_organization": "Avery & Lund LLP",
    "recipient_address": "900 SW 5th Ave, Portland, OR 97204",
    "purpose": "At the request of the individual",
    "authorization_expires_on": date(2027, 6, 30),
}


def released(records_request, clerk, part):
    """Approved and sent today, with `part` withheld."""
    act(records_request, Action.START_REVIEW, clerk)
    act(records_request, Action.APPROVE, clerk)
    arguments = ACTION_ARGUMENTS[Action.FULFIL] | part
    lifecycle.fulfil(
        records_request, clerk, records_request.version, sent_on=practice.today(), **arguments
    )
    db.session.commit()
    return records_request


def test_a_release_keeps_the_part_withheld_with_its_basis(make_request, clerk):
    records_request = released(make_request(), clerk, PART_WITHHELD)
    stored = reload(records_request)
    assert stored.status == Status.FULFILLED
    assert stored.is_partial_release
    assert (stored.withheld_description, stored.withheld_basis) == (
        "Psychiatric consultation notes of 2019",
        "endangerment",
    )
    assert "withheld: Psychiatric consultation notes of 2019" in stored.events[-1].reason


def test_one_letter_says_what_was_sent_and_the_denial_of_the_part_withheld(make_request, clerk):
    records_request = released(make_request(), clerk, PART_WITHHELD)
    assert [letter.kind for letter in letters_of(records_request)][-1] == LetterKind.COVER_LETTER
    assert letters_of(records_request, LetterKind.WITHHELD_NOTICE) == []
    text = letter_text(records_request, LetterKind.COVER_LETTER)
    assert "What was sent All records, 42 pages" in text
    assert "not this part: Psychiatric consultation notes of 2019" in text
    assert "(45 CFR 164.524(a)(3)(i))" in text
    assert "The treating psychiatrist judged they could endanger the patient." in text
    assert "You have the right to have this denial reviewed" in text
    assert "TDD 1-800-537-7697" in text


def test_an_unreviewable_part_withheld_gives_no_review(make_request, clerk):
    records_request = released(make_request(), clerk, PSYCHOTHERAPY)
    text = letter_text(records_request, LetterKind.COVER_LETTER)
    assert "Psychotherapy notes (45 CFR 164.524(a)(1)(i))" in text
    assert "does not give a right to have a denial on this basis reviewed" in text
    assert "You have the right to have this denial reviewed" not in text
    assert Action.REQUEST_DENIAL_REVIEW not in lifecycle.allowed_actions(reload(records_request))


def test_records_sent_to_a_third_party_leave_the_reasons_to_the_requesters_letter(
    make_request, clerk
):
    records_request = released(make_request(**TO_AN_ATTORNEY), clerk, PART_WITHHELD)
    cover = letter_text(records_request, LetterKind.COVER_LETTER)
    assert "we have written to the requester" in cover
    assert "164.524(a)(3)(i)" not in cover
    notice = letter_text(records_request, LetterKind.WITHHELD_NOTICE)
    assert "Dear Margaret Ann Holloway" in notice
    assert "not this part: Psychiatric consultation notes of 2019" in notice
    assert "You have the right to have this denial reviewed" in notice


def test_a_part_withheld_needs_its_basis_and_explanation(make_request, clerk):
    records_request = request_in(Status.APPROVED, make_request, clerk)
    arguments = ACTION_ARGUMENTS[Action.FULFIL] | {"withheld": "Notes of 2019"}
    with pytest.raises(ActionRefused, match="basis"):
        lifecycle.fulfil(
            records_request, clerk, records_request.version, sent_on=practice.today(), **arguments
        )


def test_the_fulfil_form_without_a_basis_for_the_part_withheld_is_shown_again(
    desk, make_request, signed_in_staff
):
    records_request = request_in(Status.APPROVED, make_request, signed_in_staff)
    fields = valid_fields("fulfil") | {"withheld": "Notes of 2019", "withheld_explanation": ""}
    response = desk.act(records_request, "fulfil", **fields)
    assert response.status_code == 422
    assert "Choose the basis for withholding that part." in response.text
    assert "Explain in plain language why that part is withheld." in response.text
    assert reload(records_request).status == Status.APPROVED


# ---- review of the part withheld ---------------------------------------------------------


def test_an_upheld_review_leaves_the_release_as_it_was(make_request, clerk):
    records_request = request_in(Status.WITHHELD_REVIEW, make_request, clerk)
    assert records_request.fulfilled_at is not None
    act(records_request, Action.UPHOLD_DENIAL, clerk)
    stored = reload(records_request)
    assert stored.status == Status.FULFILLED
    assert stored.is_partial_release
    assert "Decision Our decision stands" in letter_text(stored, LetterKind.REVIEW_DECISION)


def test_an_overturned_review_approves_the_part_for_release(make_request, clerk):
    records_request = request_in(Status.WITHHELD_REVIEW, make_request, clerk)
    act(records_request, Action.OVERTURN_DENIAL, clerk)
    stored = reload(records_request)
    assert stored.status == Status.APPROVED
    assert not stored.is_partial_release
    assert "Our decision is overturned" in letter_text(stored, LetterKind.REVIEW_DECISION)


# ---- shown as partial --------------------------------------------------------------------


def test_the_status_page_shows_the_part_withheld_and_how_to_disagree(client, make_request, clerk):
    records_request = request_in(Status.FULFILLED, make_request, clerk, part_withheld=True)
    html = look_up(client, records_request.tracking_code).text
    assert "What we did not send" in html
    assert "Psychiatric consultation notes of 2019" in html
    assert "If you disagree" in html
    assert "How to complain" in html


def test_the_export_and_dashboard_show_a_partial_release(client, signed_in_staff, make_request):
    request_in(Status.FULFILLED, make_request, signed_in_staff, part_withheld=True)
    today = practice.today()
    [row] = list(exports.fulfilled_rows(exports.ExportFilters(start=today, end=today)))
    column = exports.FULFILLED_COLUMNS.index(exports.Column("Part withheld", 30))
    assert row[column] == (
        "Psychiatric consultation notes of 2019 (Access is reasonably likely to endanger the "
        "life or physical safety of the patient or another person (45 CFR 164.524(a)(3)(i)))"
    )
    html = client.get("/staff/dashboard").text
    assert count_shown(html, "Sent with a part withheld") == 1
