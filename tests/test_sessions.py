"""Server-side sessions: 45 CFR 164.312(a)(2)(iii) automatic log-off, and sessions that end
when the account changes in another browser."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from records_app import accounts
from records_app.extensions import db
from tests.support.accounts import STAFF_PASSWORD
from tests.support.forms import csrf_token_from, post_form

ADMIN_PAGE = "/admin/staff"


def is_sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == (
        "/staff/sign-in"
    )


def keep_busy(client, traveller, duration: timedelta, step=timedelta(minutes=10)):
    """Uses the site every `step` for `duration`, never idle long enough to be signed out."""
    for _ in range(int(duration / step)):
        traveller.shift(step)
        assert client.get(ADMIN_PAGE).status_code == 200


def test_idle_session_ends_with_a_clear_message(signed_in_staff, client):
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16), tick=False):
        response = client.get("/staff/?status=approved")
        assert is_sent_to_sign_in(response)
        assert "after 15 minutes without activity" in client.get(response.headers["Location"]).text


def test_signing_in_after_the_idle_limit_returns_to_the_page(signed_in_staff, client):
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16), tick=False):
        sign_in_page = client.get("/staff/?status=approved").headers["Location"]
        assert parse_qs(urlsplit(sign_in_page).query)["next"] == ["/staff/?status=approved"]
        response = post_form(
            client, sign_in_page, {"email": "clerk@example.org", "password": STAFF_PASSWORD}
        )
        assert response.headers["Location"] == "/staff/?status=approved"


def test_activity_keeps_the_session_alive(signed_in_admin, client):
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        keep_busy(client, traveller, timedelta(hours=1))


def test_session_ends_after_12_hours_even_when_busy(make_admin, auth, client):
    make_admin()
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        auth.sign_in("admin@example.org")
        keep_busy(client, traveller, timedelta(hours=12))
        traveller.shift(timedelta(minutes=10))
        response = client.get(ADMIN_PAGE)
        assert is_sent_to_sign_in(response)
        assert "12-hour limit" in client.get(response.headers["Location"]).text


def test_emergency_account_is_signed_out_when_it_expires(auth, client):
    user, password = accounts.open_break_glass(1, "Admin away")
    db.session.commit()
    auth.sign_in(user.email, password)
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        keep_busy(client, traveller, timedelta(minutes=50))
        traveller.shift(timedelta(minutes=11))
        response = client.get(ADMIN_PAGE)
        assert is_sent_to_sign_in(response)
        assert (
            "emergency access account has expired" in client.get(response.headers["Location"]).text
        )


def test_deactivation_signs_the_person_out_in_their_browser(
    signed_in_staff, client, make_admin, other_browser
):
    make_admin()
    other_browser.sign_in("admin@example.org")
    post_form(
        other_browser.client,
        f"/admin/staff/{signed_in_staff.id}/deactivate",
        {},
        form_page=f"/admin/staff/{signed_in_staff.id}",
    )
    response = client.get("/staff/")
    assert is_sent_to_sign_in(response)
    assert "deactivated" in client.get(response.headers["Location"]).text


def test_password_change_signs_out_other_browsers_but_not_this_one(
    signed_in_admin, client, other_browser
):
    other_browser.sign_in("admin@example.org")
    new_password = "plum orchard lantern velvet"
    post_form(
        client,
        "/staff/password",
        {
            "current_password": STAFF_PASSWORD,
            "new_password": new_password,
            "confirm_password": new_password,
        },
    )
    assert client.get(ADMIN_PAGE).status_code == 200
    assert is_sent_to_sign_in(other_browser.client.get(ADMIN_PAGE))


def test_sign_out_in_one_browser_leaves_the_other_signed_in(signed_in_admin, client, other_browser):
    other_browser.sign_in("admin@example.org")
    post_form(client, "/staff/sign-out", {}, form_page=ADMIN_PAGE)
    assert is_sent_to_sign_in(client.get(ADMIN_PAGE))
    assert other_browser.client.get(ADMIN_PAGE).status_code == 200


def test_a_post_after_the_idle_limit_returns_to_the_page_that_held_the_form(
    signed_in_admin, client
):
    form_page = f"/admin/staff/{signed_in_admin.id}"
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        token = csrf_token_from(client.get(form_page).text)
        traveller.shift(timedelta(minutes=16))
        response = client.post(
            f"/admin/staff/{signed_in_admin.id}/role",
            data={"csrf_token": token, "role": "staff"},
            headers={"Referer": f"http://localhost{form_page}"},
        )
        assert is_sent_to_sign_in(response)
        assert parse_qs(urlsplit(response.headers["Location"]).query)["next"] == [form_page]


@pytest.mark.parametrize("page", ["/", "/request", "/status", "/staff/sign-in"])
def test_public_pages_set_no_remember_cookie(client, page):
    client.get("/")
    response = client.get(page)
    assert not any(
        cookie.startswith("remember_token=") for cookie in response.headers.getlist("Set-Cookie")
    )
