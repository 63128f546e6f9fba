"""Letters on the staff side: listed on the request page with their dates, opened again to
print from a staff-only route, every opening audited."""

import re

from markupsafe import escape

from records_app.extensions import db
from records_app.formatting import local_time
from records_app.models import LetterKind, Status
from tests.support.audit import audit_rows
from tests.support.desk import StaffDesk
from tests.support.letters import letters_of, only_letter, written_letter
from tests.support.pdf import pdf_text
from tests.support.stored import reload


def letter_url(letter) -> str:
    return f"/staff/requests/{letter.request_id}/letters/{letter.id}"


def test_request_page_lists_the_letters_with_their_dates(client, signed_in_staff, make_request):
    records_request = make_request()
    page = client.get(f"/staff/requests/{records_request.id}").text
    for letter in letters_of(records_request):
        assert f'href="{letter_url(letter)}"' in page
        assert f"{escape(letter.kind.label)} (PDF)</a>" in page
        assert local_time(letter.created_at) in page


def test_letter_written_by_a_staff_action_is_listed_with_who_wrote_it(
    desk, make_request, signed_in_staff
):
    records_request = make_request()
    desk.act(records_request, "start_review")
    desk.act(records_request, "deny", basis="requester_not_authorized", explanation="We hold none.")
    denial = only_letter(reload(records_request), LetterKind.DENIAL)
    page = desk.page(records_request).text
    assert re.search(
        rf'href="{letter_url(denial)}">Denial letter \(PDF\)</a>\s*· [^·]+ · Casey Clerk', page
    )


def test_staff_reopen_a_letter_as_the_pdf_that_was_written(client, signed_in_staff, make_request):
    letter = only_letter(make_request(), LetterKind.ACKNOWLEDGEMENT)
    response = client.get(letter_url(letter))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "tracking code" in pdf_text(response.data).lower()


def test_letter_file_name_carries_ids_only(client, signed_in_staff, make_request):
    letter = only_letter(make_request(), LetterKind.AUTHORIZATION)
    disposition = client.get(letter_url(letter)).headers["Content-Disposition"]
    assert disposition == (
        f'inline; filename="request-{letter.request_id}-authorization-{letter.id}.pdf"'
    )


def test_each_opening_of_a_letter_is_audited_without_patient_details(
    client, signed_in_staff, make_request
):
    letter = only_letter(make_request(), LetterKind.ACKNOWLEDGEMENT)
    client.get(letter_url(letter))
    client.get(letter_url(letter))
    rows = audit_rows("letter.viewed")
    assert len(rows) == 2
    assert all(row.actor_id == signed_in_staff.id for row in rows)
    assert rows[0].request_id == letter.request_id
    assert rows[0].details == {"letter_id": letter.id, "kind": "acknowledgement"}


def test_signed_out_browser_is_sent_to_sign_in_and_gets_no_letter(client, make_request):
    letter = only_letter(make_request(), LetterKind.ACKNOWLEDGEMENT)
    response = client.get(letter_url(letter))
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]
    assert audit_rows("letter.viewed") == []


def test_letter_asked_for_under_another_request_is_not_found(client, signed_in_staff, make_request):
    letter = only_letter(make_request(), LetterKind.ACKNOWLEDGEMENT)
    other = make_request()
    response = client.get(f"/staff/requests/{other.id}/letters/{letter.id}")
    assert response.status_code == 404


def test_letter_whose_bytes_changed_is_not_sent_and_the_failure_is_audited(
    client, signed_in_staff, make_request
):
    letter = written_letter(make_request(), LetterKind.ACKNOWLEDGEMENT)
    letter.sha256 = "0" * 64
    db.session.commit()
    response = client.get(letter_url(letter))
    assert response.status_code == 500
    assert "This letter cannot be shown" in response.text
    assert not response.data.startswith(b"%PDF")
    assert len(audit_rows("letter.integrity_failed")) == 1


def test_staff_action_that_owes_a_letter_writes_it_with_the_status_change(
    desk, make_request, signed_in_staff
):
    records_request = make_request()
    desk.act(records_request, "start_review")
    desk.act(records_request, "request_info", message="A copy of your photo ID.")
    records_request = reload(records_request)
    assert records_request.status == Status.NEEDS_INFO
    letter = only_letter(records_request, LetterKind.INFORMATION_REQUEST)
    assert "A copy of your photo ID." in pdf_text(desk.client.get(letter_url(letter)).data)


def test_refused_staff_action_writes_no_letter(client, signed_in_staff, make_request):
    records_request = make_request()
    StaffDesk(client).act(
        records_request, "deny", basis="requester_not_authorized", explanation="None held."
    )
    assert letters_of(reload(records_request), LetterKind.DENIAL) == []
