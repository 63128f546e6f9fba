"""A third party the requester directed the records to gets a link by e-mail: a random
token kept as its hash, opened with the patient's date of birth (five tries, then it locks
and staff are told), for a set number of days; staff may revoke it and send a new one."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import RequestEvent, Status, ThirdPartyLink
from tests.support.audit import audit_rows
from tests.support.desk import valid_fields
from tests.support.factories import request_in
from tests.support.forms import csrf_token_from
from tests.support.releases import (
    THIRD_PARTY,
    attach_through_page,
    link_url,
    newest_link,
    open_link,
    released_request,
    sha256_of,
)
from tests.support.stored import reload

LETTER = b"Referral letter and visit notes.\n"


@pytest.fixture
def linked(make_request, clerk):
    """A third party's request released with one file, and the token of its link."""
    released = released_request(make_request, clerk, [(LETTER, "notes.txt")], **THIRD_PARTY)
    return released, newest_link().token_for_mail


def events(action):
    query = sa.select(RequestEvent).where(RequestEvent.action == action).order_by(RequestEvent.id)
    return list(db.session.scalars(query))


def test_releasing_to_a_third_party_e_mails_them_a_link_kept_only_as_a_hash(
    desk, make_request, signed_in_staff, mail_server, send_queued_mail
):
    approved = request_in(Status.APPROVED, make_request, signed_in_staff)
    approved.recipient_kind, approved.recipient_email = "third_party", "dr@clinic.example"
    db.session.commit()
    attach_through_page(desk.client, approved, (LETTER, "notes.txt"))
    desk.act(approved, "fulfil", **valid_fields("fulfil"))
    send_queued_mail()
    (message,) = [m for m in mail_server.messages if m["To"] == "dr@clinic.example"]
    token = re.search(r"/records/link\?t=(\S+)", message.get_content()).group(1)
    assert len(token) >= 22  # at least 128 bits, URL-safe base64
    link = newest_link()
    assert link.token_hash == sha256_of(token.encode()) and link.token_for_mail is None
    assert "Margaret" not in message.get_content()


def test_the_third_party_downloads_after_giving_the_date_of_birth(client, linked):
    released, token = linked
    page = open_link(client, token)
    assert page.status_code == 303
    files = client.get("/records/link")
    assert "notes.txt" in files.text
    file_id = released.released_files[0].id
    assert client.get(f"/records/link/files/{file_id}").data == LETTER
    (download,) = events("download_records")
    assert download.reason == "notes.txt downloaded by the third party from 127.0.0.1"
    assert events("open_link") and audit_rows("release.downloaded")


def test_the_token_leaves_the_address_at_once(client, linked):
    _, token = linked
    response = client.get(link_url(token))
    assert response.status_code == 303 and response.location == "/records/link"


def test_files_are_not_sent_before_the_date_of_birth(client, linked):
    released, token = linked
    client.get(link_url(token))
    response = client.get(f"/records/link/files/{released.released_files[0].id}")
    assert response.status_code == 303 and LETTER not in response.data


def test_a_wrong_date_of_birth_gets_the_same_calm_message_and_is_counted(client, linked):
    _, token = linked
    for tries in (1, 2):
        response = open_link(client, token, "1960-01-01")
        assert response.status_code == 422
        assert "That date of birth does not match our records." in response.text
        assert len(events("wrong_birth_date")) == tries


def test_five_wrong_dates_of_birth_lock_the_link_and_staff_are_told(
    client, linked, other_browser, make_staff
):
    released, token = linked
    for _ in range(5):
        response = open_link(client, token, "1960-01-01")
    assert response.status_code == 403 and "This link is locked" in response.text
    assert client.get(link_url(token)).status_code == 403
    assert events("lock_link")
    make_staff("other@example.org", name="Olive Other")
    other_browser.sign_in("other@example.org")
    staff_page = other_browser.client.get(f"/staff/requests/{released.id}")
    assert "A link was locked" in staff_page.text


def test_an_expired_link_is_refused_with_how_to_reach_the_custodian(client, linked, frozen_clock):
    _, token = linked
    frozen_clock.shift(timedelta(days=30, seconds=1))
    response = client.get(link_url(token))
    assert response.status_code == 410
    assert "This link has expired" in response.text and "contact Records Custodian" in response.text


def test_the_link_lasts_the_days_set(app, make_request, clerk):
    app.config["RELEASE_LINK_DAYS"] = 7
    released_request(make_request, clerk, [(LETTER, "notes.txt")], **THIRD_PARTY)
    link = newest_link()
    assert link.expires_at - link.created_at == timedelta(days=7)


def test_an_unknown_token_finds_nothing(client, linked):
    response = client.get(link_url("not-a-token"))
    assert response.status_code == 404 and "This link does not work" in response.text


def test_staff_revoke_a_link_and_it_no_longer_opens(client, linked, auth):
    released, token = linked
    auth.sign_in()
    link_id = newest_link().id
    page = client.get(f"/staff/requests/{released.id}")
    client.post(
        f"/staff/requests/{released.id}/link/{link_id}/revoke",
        data={"csrf_token": csrf_token_from(page.text)},
    )
    response = client.application.test_client().get(link_url(token))
    assert response.status_code == 410 and "This link was withdrawn" in response.text
    assert audit_rows("release.link_revoked")


def test_a_new_link_revokes_the_old_one(client, linked, auth):
    released, _ = linked
    auth.sign_in()
    page = client.get(f"/staff/requests/{released.id}")
    client.post(
        f"/staff/requests/{released.id}/link", data={"csrf_token": csrf_token_from(page.text)}
    )
    links = db.session.scalars(sa.select(ThirdPartyLink).order_by(ThirdPartyLink.id)).all()
    assert len(links) == 2 and links[0].revoked_at and not links[1].revoked_at
    assert reload(released).status == Status.FULFILLED
