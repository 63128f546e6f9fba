"""Each staff action through HTTP: the allowed path, a refusal from a wrong state, a missing
answer, a missing CSRF token, and a signed-out browser. The lifecycle rules themselves are
tested in test_lifecycle.py; these tests check that the web layer carries them out."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from markupsafe import escape

from records_app import lifecycle, practice
from records_app.extensions import db
from records_app.models import FulfilmentMethod, RequestEvent, Status
from tests.support.clock import days_ago
from tests.support.desk import ALLOWED, REVIEW_DECISION, StaffDesk, valid_fields
from tests.support.factories import request_in
from tests.support.forms import csrf_token_from
from tests.support.pages import input_value
from tests.support.stored import reload

# Every action, each from a status that allows it: for the CSRF and sign-in checks.
EVERY_ACTION = [
    *[(start, action) for start, action, _expected in ALLOWED],
    (Status.SUBMITTED, "extend"),
    (Status.IN_REVIEW, "assign"),
]

NOT_POSSIBLE = "is not possible while the request is"
REFUSED = [
    (Status.SUBMITTED, "approve", NOT_POSSIBLE),
    (Status.SUBMITTED, "deny", NOT_POSSIBLE),
    (Status.IN_REVIEW, "fulfil", NOT_POSSIBLE),
    (Status.APPROVED, "start_review", NOT_POSSIBLE),
    (Status.NEEDS_INFO, "approve", NOT_POSSIBLE),
    (Status.DENIED, "withdraw", NOT_POSSIBLE),
    (Status.FULFILLED, "request_info", NOT_POSSIBLE),
    (Status.WITHDRAWN, "receive_info", NOT_POSSIBLE),
    (Status.WITHDRAWN, "extend", NOT_POSSIBLE),
    (Status.DENIED, "assign", "“Assign” is not possible while the request is denied."),
]

# An action with an answer left out, the field's id and the message beside it.
MISSING_ANSWERS = [
    ("request_info", "message", "Write what the requester needs to send."),
    ("approve", "identity_verified", "Confirm that you verified the requester's identity."),
    ("approve", "authorization_valid", "Confirm that the authorization is complete and valid."),
    ("deny", "basis", "Choose the basis for the denial."),
    ("deny", "explanation", "Explain the denial in plain language."),
    ("fulfil", "records_sent", "Describe what was sent."),
    ("fulfil", "sent_to", "Say who the records were sent to."),
    ("fulfil", "sent_on", "Enter the date the records were sent."),
    ("withdraw", "reason", "Say how the requester cancelled the request."),
    ("request_denial_review", "how", "Say how and when the requester asked for the review."),
]
STATUS_FOR = {
    "request_info": Status.IN_REVIEW,
    "approve": Status.IN_REVIEW,
    "deny": Status.IN_REVIEW,
    "fulfil": Status.APPROVED,
    "withdraw": Status.SUBMITTED,
    "start_review": Status.SUBMITTED,
    "request_denial_review": Status.DENIED,
}


def snapshot(records_request) -> tuple:
    """What an action would change: the status, the version and the number of events."""
    fresh = reload(records_request)
    return fresh.status, fresh.version, event_count(fresh)


def event_count(records_request) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RequestEvent)
        .where(RequestEvent.request_id == records_request.id)
    )


@pytest.mark.parametrize(("start", "action", "expected"), ALLOWED)
def test_allowed_action_changes_the_status_and_records_an_event(
    start, action, expected, desk, make_request, signed_in_staff
):
    records_request = request_in(start, make_request, signed_in_staff)
    events_before = event_count(records_request)
    response = desk.act(records_request, action, **valid_fields(action))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/requests/{records_request.id}")
    assert reload(records_request).status == expected
    # Sending the records also records the checklist ticked before them.
    assert event_count(records_request) == events_before + (2 if action == "fulfil" else 1)
    assert records_request.events[-1].actor_id == signed_in_staff.id


def test_allowed_action_tells_the_staff_member_what_happened(desk, make_request):
    records_request = make_request()
    response = desk.act(records_request, "start_review")
    page = desk.client.get(response.headers["Location"])
    assert "Review started." in page.text


@pytest.mark.parametrize(("start", "action", "message"), REFUSED)
def test_action_from_a_wrong_state_is_refused_and_changes_nothing(
    start, action, message, desk, make_request, signed_in_staff
):
    records_request = request_in(start, make_request, signed_in_staff)
    before = snapshot(records_request)
    response = desk.act(records_request, action, **valid_fields(action))
    assert response.status_code == 302
    page = desk.client.get(response.headers["Location"])
    assert message in page.text
    assert snapshot(records_request) == before


@pytest.mark.parametrize(("action", "field", "message"), MISSING_ANSWERS)
def test_missing_answer_comes_back_beside_the_field_and_changes_nothing(
    action, field, message, desk, make_request, signed_in_staff
):
    status = STATUS_FOR[action]
    records_request = request_in(status, make_request, signed_in_staff)
    fields = {**valid_fields(action)}
    fields.pop(field)
    response = desk.act(records_request, action, **fields)
    assert response.status_code == 422
    assert f'<p class="field-error" id="{action}-{field}-error">' in response.text
    assert escape(message) in response.text
    assert reload(records_request).status == status


def test_missing_answer_keeps_what_was_typed(desk, make_request, signed_in_staff):
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    response = desk.act(records_request, "deny", basis="requester_not_authorized", explanation="")
    assert '<option selected value="requester_not_authorized">' in response.text


@pytest.mark.parametrize(("start", "action"), EVERY_ACTION)
def test_action_without_csrf_token_is_refused_and_changes_nothing(
    start, action, desk, make_request, signed_in_staff
):
    records_request = request_in(start, make_request, signed_in_staff)
    before = snapshot(records_request)
    response = desk.act(records_request, action, csrf=False, **valid_fields(action))
    assert response.status_code == 400
    assert snapshot(records_request) == before


@pytest.mark.parametrize(("start", "action"), EVERY_ACTION)
def test_action_when_signed_out_goes_to_sign_in_and_changes_nothing(
    start, action, client, auth, make_request, signed_in_staff
):
    """The post carries a valid CSRF token for the signed-out browser (from the sign-in
    page), so that it is the sign-in check, not the CSRF check, that turns it away."""
    records_request = request_in(start, make_request, signed_in_staff)
    before = snapshot(records_request)
    page = StaffDesk(client).page(records_request)
    auth.sign_out()
    data = {f"{action}-{name}": value for name, value in valid_fields(action).items()}
    data[f"{action}-version"] = StaffDesk.version_on(page.text, action, records_request)
    data[f"{action}-csrf_token"] = csrf_token_from(client.get("/staff/sign-in").text)
    response = client.post(f"/staff/requests/{records_request.id}/actions/{action}", data=data)
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]
    assert snapshot(records_request) == before


def test_fulfilment_records_how_the_records_went_and_charges_the_quoted_fee_in_cents(
    desk, make_request, signed_in_staff
):
    records_request = request_in(Status.APPROVED, make_request, signed_in_staff, quoted_cents=650)
    fields = {**valid_fields("fulfil"), "method": "secure_email", "carrier_tracking": "1Z999"}
    desk.act(records_request, "fulfil", **fields)
    fulfilled = reload(records_request)
    assert fulfilled.status == Status.FULFILLED
    assert fulfilled.fulfilment_method == FulfilmentMethod.SECURE_EMAIL
    assert fulfilled.fee_cents == 650
    assert fulfilled.carrier_tracking == "1Z999"
    assert fulfilled.sent_on == practice.today()


def test_fulfilment_form_offers_today_the_requested_recipient_and_says_no_fee_was_quoted(
    desk, make_request, signed_in_staff
):
    records_request = request_in(Status.APPROVED, make_request, signed_in_staff)
    page = desk.page(records_request).text
    assert input_value(page, "fulfil-sent_on") == practice.today().isoformat()
    assert input_value(page, "fulfil-sent_to") == "Margaret Ann Holloway"
    assert "No fee was quoted, so none is charged." in page
    assert 'name="fulfil-fee"' not in page


def test_fulfilment_date_in_the_future_is_refused_with_a_message(
    desk, make_request, signed_in_staff
):
    records_request = request_in(Status.APPROVED, make_request, signed_in_staff)
    tomorrow = (practice.today() + timedelta(days=1)).isoformat()
    response = desk.act(
        records_request, "fulfil", **{**valid_fields("fulfil"), "sent_on": tomorrow}
    )
    page = desk.client.get(response.headers["Location"])
    assert "The date sent cannot be in the future." in page.text
    assert reload(records_request).status == Status.APPROVED


def test_denial_keeps_the_basis_and_explanation(desk, make_request, signed_in_staff):
    records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
    desk.act(records_request, "deny", basis="endangerment", explanation="A clinician judged so.")
    denied = reload(records_request)
    assert (denied.denial_basis, denied.denial_explanation) == (
        "endangerment",
        "A clinician judged so.",
    )


class TestExtend:
    def extend_fields(self, records_request, days=20):
        new_due_on = lifecycle.due_date(records_request) + timedelta(days=days)
        return {"new_due_on": new_due_on.isoformat(), "reason": "Records are in storage."}

    def test_extension_moves_the_due_date_and_shows_the_original(self, desk, make_request):
        records_request = make_request(received_at=days_ago(10))
        original = records_request.due_at
        response = desk.act(records_request, "extend", **self.extend_fields(records_request))
        assert response.status_code == 302
        assert reload(records_request).due_at == original + timedelta(days=20)
        page = desk.page(records_request).text
        assert "Extended from" in page
        assert "Records are in storage." in page

    def test_second_extension_is_refused_with_a_message(self, desk, make_request):
        records_request = make_request(received_at=days_ago(10))
        desk.act(records_request, "extend", **self.extend_fields(records_request, days=5))
        due_after_first = reload(records_request).due_at
        response = desk.act(records_request, "extend", **self.extend_fields(records_request))
        page = desk.client.get(response.headers["Location"])
        assert "already been extended once" in page.text
        assert reload(records_request).due_at == due_after_first

    def test_extension_beyond_thirty_days_is_refused_with_a_message(self, desk, make_request):
        records_request = make_request(received_at=days_ago(10))
        original = records_request.due_at
        response = desk.act(records_request, "extend", **self.extend_fields(records_request, 31))
        page = desk.client.get(response.headers["Location"])
        assert "at most 30 days after the original" in page.text
        assert reload(records_request).due_at == original

    def test_extend_form_shows_the_latest_allowed_date(self, desk, make_request):
        records_request = make_request(received_at=days_ago(10))
        latest = lifecycle.latest_extension_date(records_request)
        page = desk.page(records_request).text
        assert f"No later than {latest:%B} {latest.day}, {latest.year}" in page
        assert f'max="{latest.isoformat()}"' in page

    def test_extension_without_a_date_comes_back_beside_the_field(self, desk, make_request):
        records_request = make_request(received_at=days_ago(10))
        response = desk.act(records_request, "extend", new_due_on="", reason="Storage.")
        assert response.status_code == 422
        assert "Enter the new due date." in response.text

    def test_extend_is_not_offered_once_the_first_thirty_days_are_over(self, desk, make_request):
        records_request = make_request(received_at=days_ago(31))
        assert 'id="extend-form"' not in desk.page(records_request).text


def test_unknown_action_is_not_found(desk, make_request):
    records_request = make_request()
    response = desk.act(records_request, "teleport")
    assert response.status_code == 404


class TestDenialReview:
    @pytest.fixture
    def under_review(self, make_request, make_staff):
        """A request denied on a reviewable basis by someone other than the signed-in clerk,
        whose requester asked for a review."""
        return request_in(
            Status.DENIAL_REVIEW, make_request, make_staff("denier@example.org", name="Dana Denier")
        )

    @pytest.mark.parametrize(
        ("action", "expected"),
        [("uphold_denial", Status.DENIED), ("overturn_denial", Status.APPROVED)],
    )
    def test_a_colleague_records_the_reviewers_decision(
        self, desk, under_review, signed_in_staff, action, expected
    ):
        response = desk.act(under_review, action, **REVIEW_DECISION)

        assert response.status_code == 302
        assert reload(under_review).status == expected
        assert "Reviewed by Dr. Ana Ruiz" in desk.page(under_review).text

    def test_the_decision_needs_the_reviewer_to_have_taken_no_part(self, desk, under_review):
        fields = {**REVIEW_DECISION, "reviewer_took_no_part": ""}

        response = desk.act(under_review, "uphold_denial", **fields)

        assert response.status_code == 422
        assert "took no part in the original denial" in response.text
        assert reload(under_review).status == Status.DENIAL_REVIEW

    def test_the_person_who_denied_records_an_independent_reviewers_decision(
        self, client, make_request, signed_in_staff
    ):
        under_review = request_in(Status.DENIAL_REVIEW, make_request, signed_in_staff)

        response = StaffDesk(client).act(under_review, "uphold_denial", **REVIEW_DECISION)

        assert response.status_code == 302
        assert reload(under_review).status == Status.DENIED

    def test_naming_the_person_who_denied_as_reviewer_is_refused(
        self, client, make_request, signed_in_staff
    ):
        under_review = request_in(Status.DENIAL_REVIEW, make_request, signed_in_staff)
        fields = {**REVIEW_DECISION, "reviewer": f"{signed_in_staff.name}, RN"}

        response = StaffDesk(client).act(under_review, "uphold_denial", **fields)

        page = client.get(response.headers["Location"]).text
        assert f"{signed_in_staff.name} denied this request" in page
        assert reload(under_review).status == Status.DENIAL_REVIEW

    def test_a_denial_that_cannot_be_reviewed_offers_no_review(
        self, desk, make_request, signed_in_staff
    ):
        records_request = request_in(Status.IN_REVIEW, make_request, signed_in_staff)
        desk.act(
            records_request,
            "deny",
            basis="requester_not_authorized",
            explanation="No records held.",
        )

        assert "Record a request for review" not in desk.page(records_request).text
