"""Signing in and out (45 CFR 164.312(d) person authentication)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from records_app import accounts
from records_app.accounts import passwords
from records_app.extensions import db
from records_app.models import StaffUser, utcnow
from tests.support.accounts import NEW_PASSWORD, STAFF_PASSWORD
from tests.support.forms import csrf_token_from, post_form

INCORRECT = "The e-mail address or password is incorrect."


def sign_in_to(client, next_target: str, email="clerk@example.org"):
    url = "/staff/sign-in?" + urlencode({"next": next_target})
    return post_form(client, url, {"email": email, "password": STAFF_PASSWORD})


def test_sign_in_goes_to_the_queue_and_records_the_time(make_staff, auth):
    user = make_staff()
    response = auth.sign_in()
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    db.session.refresh(user)
    assert utcnow() - user.last_sign_in_at < timedelta(minutes=1)


def test_sign_in_ignores_the_case_of_the_email(make_staff, auth):
    make_staff()
    assert auth.sign_in("Clerk@Example.ORG").status_code == 302


def test_sign_in_sets_no_remember_me_cookie(make_staff, auth, client):
    make_staff()
    auth.sign_in()
    assert client.get_cookie("remember_token") is None


def _unknown_email(make_staff):
    make_staff()
    return "nobody@example.org", STAFF_PASSWORD


def _wrong_password(make_staff):
    make_staff()
    return "clerk@example.org", STAFF_PASSWORD + " nope"


def _deactivated(make_staff):
    make_staff(active=False)
    return "clerk@example.org", STAFF_PASSWORD


def _expired_emergency_account(make_staff):
    user, password = accounts.open_break_glass(1, "tests")
    user.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    return user.email, password


@pytest.mark.parametrize(
    "credentials",
    [_unknown_email, _wrong_password, _deactivated, _expired_emergency_account],
    ids=lambda case: case.__name__.strip("_"),
)
def test_refused_sign_in_says_the_same_whatever_was_wrong(make_staff, auth, client, credentials):
    email, password = credentials(make_staff)
    response = auth.sign_in(email, password)
    assert response.status_code == 422
    assert INCORRECT in response.text
    assert "deactivated" not in response.text and "expired" not in response.text
    assert client.get("/staff/").status_code == 302


def test_sign_in_renews_the_session(make_staff, auth, client):
    make_staff()
    client.get("/staff/sign-in")
    with client.session_transaction() as session:
        session["planted_by_attacker"] = "fixation"
    auth.sign_in()
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session
        assert session["_user_id"]


def test_sign_in_rehashes_an_older_argon2_hash(make_staff, auth):
    user = make_staff()
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(STAFF_PASSWORD)
    db.session.commit()
    assert passwords.needs_rehash(user.password_hash)
    auth.sign_in()
    db.session.refresh(user)
    assert not passwords.needs_rehash(user.password_hash)
    assert passwords.verify(user.password_hash, STAFF_PASSWORD)


def test_passwords_are_hashed_at_the_cost_the_settings_give(app):
    app.config.update(PASSWORD_HASH_TIME_COST=2, PASSWORD_HASH_MEMORY_KIB=128)
    password_hash = passwords.hash_password(STAFF_PASSWORD)
    assert password_hash.startswith("$argon2id$v=19$m=128,t=2,p=4$")
    assert passwords.verify(password_hash, STAFF_PASSWORD)


@pytest.mark.parametrize("target", ["/admin/staff", "/staff/?status=approved"])
def test_sign_in_follows_next_to_a_page_on_this_site(make_staff, client, target):
    make_staff()
    assert sign_in_to(client, target).headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example/staff",
        "///evil.example",
    ],
)
def test_sign_in_ignores_next_pointing_off_the_site(make_staff, client, target):
    make_staff()
    assert sign_in_to(client, target).headers["Location"] == "/staff/"


def test_staff_pages_redirect_to_sign_in_with_the_page_as_next(client):
    response = client.get("/staff/?status=approved")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/staff/sign-in"
    assert parse_qs(location.query)["next"] == ["/staff/?status=approved"]


def test_admin_pages_redirect_to_sign_in_when_signed_out(client):
    response = client.get("/admin/staff")
    assert urlsplit(response.headers["Location"]).path == "/staff/sign-in"


def test_sign_out_ends_the_session(signed_in_staff, auth, client):
    response = auth.sign_out()
    assert response.headers["Location"] == "/staff/sign-in"
    assert "You are signed out." in client.get("/staff/sign-in").text
    assert client.get("/staff/").status_code == 302


def test_sign_out_by_get_is_not_allowed(signed_in_staff, client):
    assert client.get("/staff/sign-out").status_code == 405


def test_sign_out_without_csrf_is_refused(signed_in_staff, client):
    assert client.post("/staff/sign-out").status_code == 400
    assert client.get("/staff/").status_code == 200


def test_a_copied_session_cookie_is_useless_after_sign_out(signed_in_staff, auth, client):
    stolen = client.get_cookie("session").value
    auth.sign_out()
    client.set_cookie("session", stolen)
    assert client.get("/staff/").status_code == 302


def change_password(client, current=STAFF_PASSWORD, new=NEW_PASSWORD, again=None):
    return post_form(
        client,
        "/staff/password",
        {"current_password": current, "new_password": new, "confirm_password": again or new},
    )


def test_change_password_sets_the_new_one(signed_in_staff, client):
    assert change_password(client).status_code == 302
    db.session.refresh(signed_in_staff)
    assert passwords.verify(signed_in_staff.password_hash, NEW_PASSWORD)


def test_change_password_needs_the_current_one(signed_in_staff, client):
    response = change_password(client, current="not my password at all")
    assert response.status_code == 422
    assert "not your current password" in response.text


def test_change_password_refuses_a_weak_one(signed_in_staff, client):
    response = change_password(client, new="casey clerk rocks ok")
    assert response.status_code == 422
    assert "your name or e-mail" in response.text


def test_a_temporary_password_must_be_changed_before_anything_else(make_staff, auth, client):
    user = make_staff()
    user.must_change_password = True
    db.session.commit()
    auth.sign_in()
    assert client.get("/staff/").headers["Location"] == "/staff/password"
    change_password(client)
    assert client.get("/staff/").status_code == 200
    assert db.session.scalar(sa.select(StaffUser.must_change_password)) is False


def test_sign_in_page_has_no_csrf_exemption(make_staff, client):
    make_staff()
    page = client.get("/staff/sign-in")
    assert csrf_token_from(page.text)
    response = client.post(
        "/staff/sign-in", data={"email": "clerk@example.org", "password": STAFF_PASSWORD}
    )
    assert response.status_code == 400


HTTPS_SITE = "https://records.example.org"


def https_sign_in(client, referrer):
    page = client.get("/staff/sign-in", base_url=HTTPS_SITE)
    return client.post(
        "/staff/sign-in",
        base_url=HTTPS_SITE,
        headers={"Referer": referrer} if referrer else {},
        data={
            "csrf_token": csrf_token_from(page.text),
            "email": "clerk@example.org",
            "password": STAFF_PASSWORD,
        },
    )


def test_sign_in_over_https_works_with_the_same_origin_referrer(client, make_staff):
    """Referrer-Policy is same-origin, so browsers send this Referer on our own forms and
    Flask-WTF's strict HTTPS check passes (DESIGN.md)."""
    make_staff()
    response = https_sign_in(client, f"{HTTPS_SITE}/staff/sign-in")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/")


@pytest.mark.parametrize("referrer", [None, "https://evil.example/staff/sign-in"])
def test_sign_in_over_https_from_another_site_or_without_referrer_is_refused(
    client, make_staff, referrer
):
    make_staff()
    response = https_sign_in(client, referrer)
    assert response.status_code == 400
    assert client.get("/staff/", base_url=HTTPS_SITE).status_code == 302
