"""A request's page: what it shows, which actions it offers, notes and assignment."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from markupsafe import escape

from records_app import lifecycle
from records_app.extensions import db
from records_app.models import DENIAL_BASES, RecipientKind, RecordFormat, StaffNote, Status
from tests.support.clock import days_ago
from tests.support.factories import PATH_TO, request_in
from tests.support.forms import csrf_token_from
from tests.support.stored import reload

ACTION_FORMS = {
    "start_review",
    "mark_spam",
    "request_info",
    "receive_info",
    "approve",
    "deny",
    "report_no_records",
    "fulfil",
    "withdraw",
    "extend",
    "assign",
    "request_denial_review",
    "uphold_denial",
    "overturn_denial",
    "reopen",
}
OFFERED = {
    Status.SUBMITTED: {"start_review", "withdraw", "extend", "assign", "mark_spam"},
    Status.IN_REVIEW: {
        "request_info",
        "approve",
        "deny",
        "report_no_records",
        "withdraw",
        "extend",
        "assign",
    },
    Status.NEEDS_INFO: {"receive_info", "withdraw", "extend", "assign"},
    Status.APPROVED: {"fulfil", "withdraw", "extend", "assign"},
    Status.FULFILLED: {"reopen"},
    Status.DENIED: {"request_denial_review", "reopen"},
    Status.WITHDRAWN: {"reopen"},
    Status.DENIAL_REVIEW: {"uphold_denial", "overturn_denial", "withdraw", "assign"},
    Status.NO_RECORDS: {"reopen"},
    Status.WITHHELD_REVIEW: {"uphold_denial", "overturn_denial", "withdraw", "assign"},
    Status.SPAM: set(),
}


def notes() -> list[str]:
    return list(db.session.scalars(sa.select(StaffNote.body)))


def test_request_page_needs_sign_in(client, make_request):
    records_request = make_request()
    response = client.get(f"/staff/requests/{records_request.id}")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_unknown_request_is_not_found(desk):
    assert desk.client.get("/staff/requests/999999").status_code == 404


def test_page_shows_the_submitted_fields(desk, make_request):
    records_request = make_request(
        recipient_kind=RecipientKind.THIRD_PARTY,
        recipient_name="Dr. Rosa Lind",
        recipient_organization="Eastside Clinic",
        recipient_fax="(503) 555-0199",
        purpose="Continuing care",
        record_format=RecordFormat.CD_DVD,
    )
    page = desk.page(records_request).text
    for shown in (
        records_request.tracking_code,
        "Margaret Ann Holloway",
        "April 17, 1951",
        "(503) 555-0142",
        "margaret@example.net",
        "1420 SE Alder St",
        "Portland, OR 97214",
        "All records",
        "Dr. Rosa Lind",
        "Eastside Clinic",
        "(503) 555-0199",
        "Continuing care",
        "CD or DVD",
        "Margaret Ann Holloway, ",
    ):
        assert escape(shown) in page


def test_page_shows_the_due_date_and_days_left(desk, make_request):
    records_request = make_request(received_at=days_ago(10))
    due = lifecycle.due_date(records_request)
    page = desk.page(records_request).text
    assert f"{due:%B} {due.day}, {due.year}" in page
    assert "20 days left" in page


def test_page_says_when_the_deadline_was_extended_and_from_what(
    desk, make_request, signed_in_staff
):
    records_request = make_request(received_at=days_ago(10))
    original = lifecycle.due_date(records_request)
    lifecycle.extend(
        records_request,
        signed_in_staff,
        records_request.version,
        new_due_on=original + timedelta(days=10),
        reason="Records in off-site storage",
    )
    db.session.commit()
    page = desk.page(records_request).text
    assert f"Extended from {original:%B} {original.day}, {original.year}" in page
    assert "Records in off-site storage" in page


@pytest.mark.parametrize("status", list(Status))
def test_page_offers_only_the_actions_allowed_now(status, desk, make_request, signed_in_staff):
    records_request = request_in(status, make_request, signed_in_staff)
    page = desk.page(records_request).text
    shown = {action for action in ACTION_FORMS if f'id="{action}-form"' in page}
    assert shown == OFFERED[status]


def test_every_action_form_carries_csrf_and_the_version_seen(desk, make_request):
    records_request = make_request()
    page = desk.page(records_request).text
    for action in OFFERED[Status.SUBMITTED]:
        assert f'name="{action}-csrf_token" type="hidden"' in page
        assert f'name="{action}-version" type="hidden" value="{records_request.version}"' in page


def test_deny_form_says_which_bases_are_reviewable(desk, make_request, signed_in_staff):
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    page = desk.page(records_request).text
    for basis in DENIAL_BASES.values():
        marker = "reviewable" if basis.reviewable else "not reviewable"
        assert escape(f"{basis.cited} — {marker}") in page


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (
            Status.DENIED,
            ["(45 CFR 164.524(a)(3)(i)) (reviewable)", "Access could endanger the patient."],
        ),
        (Status.FULFILLED, ["by mail to Margaret Holloway", "All records, 42 pages", "$0.00"]),
        (Status.NEEDS_INFO, ["Please send a copy of your photo ID."]),
    ],
)
def test_page_shows_what_the_requester_has_been_told(
    status, shown, desk, make_request, signed_in_staff
):
    records_request = request_in(status, make_request, signed_in_staff)
    page = desk.page(records_request).text
    told = page.split('id="outcome-heading"', 1)[1].split("</section>", 1)[0]
    for text in shown:
        assert text in told


def test_history_shows_when_who_from_to_and_why(desk, make_request, signed_in_staff):
    records_request = request_in(Status.NEEDS_INFO, make_request, signed_in_staff)
    page = desk.page(records_request).text
    history = page.split('id="history"', 1)[1].split("</section>", 1)[0]
    rows = history.split("<tr>")[2:]
    assert len(rows) == len(PATH_TO[Status.NEEDS_INFO]) + 1
    assert "Requester" in rows[0] and "Received" in rows[0]
    assert "Casey Clerk" in rows[1] and "Received → In review" in rows[1]
    assert "In review → Waiting for information" in rows[2]
    assert "Please send a copy of your photo ID." in rows[2]
    assert all(" PST" in row or " PDT" in row for row in rows)


class TestNotes:
    def add(self, desk, records_request, body):
        page = desk.page(records_request)
        return desk.client.post(
            f"/staff/requests/{records_request.id}/notes",
            data={"note-body": body, "note-csrf_token": csrf_token_from(page.text)},
        )

    def test_note_is_added_with_its_author(self, desk, make_request):
        records_request = make_request()
        response = self.add(desk, records_request, "Called the patient; ID coming by mail.")
        assert response.status_code == 302
        page = desk.client.get(response.headers["Location"]).text
        assert "Called the patient; ID coming by mail." in page
        assert "Casey Clerk" in page.split('id="notes"', 1)[1]

    def test_note_does_not_change_the_version(self, desk, make_request):
        records_request = make_request()
        version = records_request.version
        self.add(desk, records_request, "A note.")
        assert reload(records_request).version == version
        assert notes() == ["A note."]

    def test_empty_note_comes_back_with_a_message(self, desk, make_request):
        records_request = make_request()
        response = self.add(desk, records_request, "   ")
        assert response.status_code == 422
        assert "Write the note." in response.text
        assert notes() == []

    def test_note_without_csrf_is_refused(self, desk, make_request):
        records_request = make_request()
        response = desk.client.post(
            f"/staff/requests/{records_request.id}/notes", data={"note-body": "Hello"}
        )
        assert response.status_code == 400
        assert notes() == []


class TestAssignment:
    def test_request_is_assigned_to_an_active_staff_member(self, desk, make_request, make_staff):
        colleague = make_staff("colleague@example.org", name="Cora Colleague")
        records_request = make_request()
        response = desk.act(records_request, "assign", assignee=str(colleague.id))
        assert response.status_code == 302
        assert reload(records_request).assigned_to_id == colleague.id
        assert records_request.events[-1].reason == "Assigned to Cora Colleague"

    def test_deactivated_staff_are_not_offered(self, desk, make_request, make_staff):
        make_staff("gone@example.org", name="Gus Gone", active=False)
        page = desk.page(make_request()).text
        assert "Gus Gone" not in page

    def test_a_deactivated_assignee_is_refused(self, desk, make_request, make_staff):
        gone = make_staff("gone@example.org", name="Gus Gone", active=False)
        records_request = make_request()
        response = desk.act(records_request, "assign", assignee=str(gone.id))
        assert response.status_code == 422
        assert reload(records_request).assigned_to_id is None

    def test_assignment_can_be_cleared(self, desk, make_request, signed_in_staff):
        records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
        desk.act(records_request, "assign", assignee="")
        assert reload(records_request).assigned_to_id is None
