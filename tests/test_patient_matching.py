"""Likely matches from the patient index for a request: the candidates share the request's
date of birth (found by its lookup hash), their names are compared fuzzily, and each match
says why. Staff confirm one on the request page; admins search by name and date of birth."""

from datetime import date

import pytest

from records_app import patient_index
from records_app.lifecycle import Action
from records_app.models import Status
from tests.support.factories import request_in
from tests.support.forms import post_form
from tests.support.patients import add_patient
from tests.support.stored import reload

# The request's patient (tests/support/answers.py): Margaret Ann Holloway, born 17 April
# 1951, also known as Margaret Dunn on the public form's answers.
MATCHING_CASES = [
    # (first, last, former names, expected reason)
    ("Margaret", "Holloway", [], "Same date of birth; same name"),
    (
        "Margaret",
        "Holoway",
        [],
        "Same date of birth; name spelled a little differently (97% alike)",
    ),
    (
        "Magaret",
        "Holloway",
        [],
        "Same date of birth; name spelled a little differently (97% alike)",
    ),
    ("Holloway", "Margaret", [], "Same date of birth; first and last names swapped"),
    (
        "Margaret",
        "Reyes",
        ["Holloway"],
        "Same date of birth; same name, as a former name in the index (Holloway)",
    ),
    ("MARGARET", "holloway", [], "Same date of birth; same name"),
    ("Margarét", "Hollóway", [], "Same date of birth; same name"),
]


@pytest.mark.parametrize(("first", "last", "former", "reason"), MATCHING_CASES)
def test_a_patient_born_the_same_day_with_a_close_name_is_a_likely_match(
    first, last, former, reason, make_request
):
    patient = add_patient("A-1", first, last, former_names=former)
    records_request = make_request()

    matches = patient_index.matches_for(records_request)

    assert [(match.patient.id, match.reason) for match in matches.likely] == [(patient.id, reason)]


def test_another_name_on_the_request_matches_the_index(make_request):
    patient = add_patient("A-1", "Margaret", "Dunn")
    records_request = make_request(patient_other_names="Margaret Dunn")

    (match,) = patient_index.matches_for(records_request).likely

    assert match.patient.id == patient.id
    assert match.reason == (
        "Same date of birth; same name, as another name on the request (Margaret Dunn)"
    )


def test_the_same_name_with_another_date_of_birth_is_not_a_match(make_request):
    add_patient("A-1", "Margaret", "Holloway", born=date(1951, 4, 18))
    records_request = make_request()

    matches = patient_index.matches_for(records_request)

    assert (matches.likely, matches.others_born_that_day) == ([], 0)


def test_someone_else_born_the_same_day_is_not_offered_but_counted(make_request):
    add_patient("A-1", "John", "Smith")
    records_request = make_request()

    matches = patient_index.matches_for(records_request)

    assert (matches.likely, matches.others_born_that_day) == ([], 1)


def test_matches_are_ranked_closest_first(make_request):
    typo = add_patient("A-1", "Margaret", "Holoway")
    exact = add_patient("A-2", "Margaret", "Holloway")
    swapped = add_patient("A-3", "Holloway", "Margret")
    records_request = make_request()

    likely = patient_index.matches_for(records_request).likely

    assert [match.patient.id for match in likely] == [exact.id, typo.id, swapped.id]
    assert [match.score for match in likely] == sorted((m.score for m in likely), reverse=True)


def test_the_request_page_shows_the_likely_matches_and_why(desk, make_request):
    add_patient("A-77", "Margaret", "Holoway", chart_location="Iron Mountain, carton 12")
    records_request = make_request()

    page = desk.page(records_request).text

    assert "A-77" in page
    assert "Iron Mountain, carton 12" in page
    assert "name spelled a little differently" in page
    assert "This is the patient" in page


def test_without_a_match_the_page_leads_to_the_no_records_answer(
    desk, make_request, signed_in_staff
):
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)

    page = desk.page(records_request).text

    assert '<a href="#report_no_records-form">No records held</a>' in page
    assert 'id="report_no_records-form"' in page


def test_confirming_a_match_is_an_event_and_shows_where_the_chart_is(
    client, desk, make_request, signed_in_staff
):
    patient = add_patient("A-77", "Margaret", "Holloway", chart_location="Box 12")
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)

    response = post_form(
        client,
        f"/staff/requests/{records_request.id}/chart/{patient.id}",
        {},
        form_page=f"/staff/requests/{records_request.id}",
        follow_redirects=True,
    )

    assert "Chart kept at Box 12" in response.text
    stored = reload(records_request)
    assert stored.status is Status.IN_REVIEW
    event = stored.events[-1]
    assert (event.action, event.actor_id) == (Action.CONFIRM_CHART, signed_in_staff.id)
    assert event.reason == "Record A-77; chart kept at Box 12"
    assert patient_index.confirmed_match(stored).patient_id == patient.id


def test_a_patient_born_another_day_cannot_be_confirmed(client, desk, make_request):
    other = add_patient("A-78", "Margaret", "Holloway", born=date(1960, 1, 1))
    records_request = make_request()

    response = post_form(
        client,
        f"/staff/requests/{records_request.id}/chart/{other.id}",
        {},
        form_page=f"/staff/requests/{records_request.id}",
        follow_redirects=True,
    )

    assert "not born on the date of birth the request gives" in response.text
    assert patient_index.confirmed_match(records_request) is None


def test_an_admin_searches_the_index_by_name_and_date_of_birth(client, signed_in_admin):
    add_patient("A-1", "Margaret", "Holloway", former_names=["Dunn"])
    add_patient("A-2", "Margaret", "Holloway", born=date(1951, 4, 18))

    response = post_form(
        client,
        "/admin/patients/search",
        {"first_name": "Margaret", "last_name": "Dunn", "date_of_birth": "04/17/1951"},
        form_page="/admin/patients",
    )

    assert response.status_code == 200
    assert "A-1" in response.text
    assert "A-2" not in response.text
    assert "as a former name in the index (Dunn)" in response.text


def test_a_search_without_a_date_of_birth_is_refused_beside_the_field(client, signed_in_admin):
    response = post_form(
        client,
        "/admin/patients/search",
        {"first_name": "Margaret", "last_name": "Holloway", "date_of_birth": ""},
        form_page="/admin/patients",
    )

    assert response.status_code == 422
    assert "Enter the date of birth." in response.text
    assert 'value="Holloway"' in response.text
