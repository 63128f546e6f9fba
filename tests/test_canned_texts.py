"""Canned texts: admins add, edit and retire them (audited as settings changes); staff pick
one on the request-information and deny forms, with or without words of their own."""

import pytest
import sqlalchemy as sa
from markupsafe import escape

from records_app import audit, canned_texts
from records_app.extensions import db
from records_app.models import AuditEvent, CannedText, CannedTextUse, LetterKind, Status
from tests.support.forms import error_links, post_form
from tests.support.letters import letter_text, only_letter
from tests.support.pdf import pdf_text
from tests.support.stored import reload

BY_TEST = audit.Actor(label="test")


def add_text(use=CannedTextUse.REQUEST_INFO, title="Photo ID", body="Please send photo ID."):
    text = canned_texts.add(use, title, body, by=BY_TEST)
    db.session.commit()
    return text


def stored_texts() -> list[CannedText]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(CannedText).order_by(CannedText.id)))


def audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


# ---- admin pages ------------------------------------------------------------------------


def test_admin_adds_a_canned_text_and_the_change_is_audited(client, signed_in_admin):
    response = post_form(
        client,
        "/admin/canned-texts/new",
        {"use": "request_info", "title": "Photo ID", "body": "Please send a photo ID."},
    )
    assert response.status_code == 302
    [text] = stored_texts()
    assert (text.use, text.title, text.body) == (
        CannedTextUse.REQUEST_INFO,
        "Photo ID",
        "Please send a photo ID.",
    )
    [row] = audited("settings.canned_text_added")
    assert (row.actor_id, row.details) == (
        signed_in_admin.id,
        {"canned_text_id": text.id, "use": "request_info"},
    )


def test_admin_edits_a_canned_text_and_the_change_is_audited(client, signed_in_admin):
    text = add_text()
    url = f"/admin/canned-texts/{text.id}"
    post_form(client, url, {"title": "Photo ID", "body": "A driver's license will do."})
    assert stored_texts()[0].body == "A driver's license will do."
    assert len(audited("settings.canned_text_edited")) == 1


def test_retired_text_stays_listed_but_is_no_longer_offered(client, signed_in_admin):
    text = add_text()
    post_form(
        client,
        f"/admin/canned-texts/{text.id}/retire",
        {},
        form_page="/admin/canned-texts",
    )
    assert stored_texts()[0].is_retired
    assert canned_texts.offered(CannedTextUse.REQUEST_INFO) == []
    assert "Retired" in client.get("/admin/canned-texts").text
    assert len(audited("settings.canned_text_retired")) == 1


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("use", "Choose what it is for."),
        ("title", "Give the text a short title."),
        ("body", "Write the text."),
    ],
)
def test_missing_answer_is_refused_beside_its_field_and_nothing_is_written(
    client, signed_in_admin, missing, message
):
    answers = {"use": "denial", "title": "No records", "body": "We found none."}
    answers.pop(missing)
    response = post_form(client, "/admin/canned-texts/new", answers)
    assert response.status_code == 422
    assert error_links(response.text)[missing] == message
    for kept in answers.values():
        assert escape(kept) in response.text
    assert stored_texts() == []


def test_second_text_with_the_same_title_for_the_same_use_is_refused(client, signed_in_admin):
    add_text()
    response = post_form(
        client,
        "/admin/canned-texts/new",
        {"use": "request_info", "title": "Photo ID", "body": "Other words."},
    )
    assert response.status_code == 422
    assert "already has this title" in error_links(response.text)["title"]
    assert len(stored_texts()) == 1


def test_canned_text_pages_are_forbidden_to_staff(client, signed_in_staff):
    assert client.get("/admin/canned-texts").status_code == 403
    assert client.get("/admin/canned-texts/new").status_code == 403


def test_seed_adds_the_default_texts_once(runner):
    first = runner.invoke(args=["canned-texts", "seed"])
    second = runner.invoke(args=["canned-texts", "seed"])
    assert first.exit_code == second.exit_code == 0
    defaults = sum(len(texts) for texts in canned_texts.DEFAULTS.values())
    assert f"Added {defaults} default canned texts" in first.output
    assert "nothing was added" in second.output
    assert len(stored_texts()) == defaults


# ---- on the request page ----------------------------------------------------------------


@pytest.fixture
def in_review(desk, make_request):
    records_request = make_request()
    desk.act(records_request, "start_review")
    return reload(records_request)


def test_request_info_form_offers_the_texts_in_use(desk, in_review):
    add_text(title="Photo ID", body="Please send a copy of your photo ID.")
    retired = add_text(title="Old wording", body="Outdated.")
    canned_texts.retire(retired, by=BY_TEST)
    db.session.commit()
    page = desk.page(in_review).text
    assert "Photo ID: Please send a copy of your photo ID.</option>" in page
    assert "Old wording" not in page


def test_chosen_text_is_sent_followed_by_the_staff_members_words(desk, in_review):
    text = add_text(body="Please send a copy of your photo ID.")
    desk.act(in_review, "request_info", canned_text=str(text.id), message="The back as well.")
    records_request = reload(in_review)
    assert records_request.status == Status.NEEDS_INFO
    expected = "Please send a copy of your photo ID.\n\nThe back as well."
    assert records_request.info_requested_message == expected
    letter = letter_text(records_request, LetterKind.INFORMATION_REQUEST)
    assert "Please send a copy of your photo ID. The back as well." in letter


def test_chosen_text_alone_is_enough(desk, in_review):
    text = add_text(body="Please send a copy of your photo ID.")
    desk.act(in_review, "request_info", canned_text=str(text.id), message="")
    assert reload(in_review).info_requested_message == "Please send a copy of your photo ID."


def test_text_retired_while_the_page_was_open_is_refused_with_a_message(desk, in_review):
    text = add_text()
    canned_texts.retire(text, by=BY_TEST)
    db.session.commit()
    response = desk.act(in_review, "request_info", canned_text=str(text.id), message="")
    assert response.status_code == 422
    assert error_links(response.text)["request_info-canned_text"] == (
        "That standard text is no longer offered; choose another or write your own."
    )
    assert reload(in_review).status == Status.IN_REVIEW


def test_text_for_the_other_use_is_refused(desk, in_review):
    denial_text = add_text(use=CannedTextUse.DENIAL, title="No records", body="None held.")
    response = desk.act(in_review, "request_info", canned_text=str(denial_text.id), message="")
    assert response.status_code == 422
    assert reload(in_review).status == Status.IN_REVIEW


def test_deny_form_uses_a_canned_explanation(desk, in_review):
    text = add_text(use=CannedTextUse.DENIAL, title="No records", body="We found no records.")
    desk.act(
        in_review,
        "deny",
        basis="requester_not_authorized",
        canned_text=str(text.id),
        explanation="",
    )
    records_request = reload(in_review)
    assert records_request.denial_explanation == "We found no records."
    denial = only_letter(records_request, LetterKind.DENIAL)
    assert "We found no records." in pdf_text(
        desk.client.get(f"/staff/requests/{records_request.id}/letters/{denial.id}").data
    )
