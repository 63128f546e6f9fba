"""Optional two-step sign-in with an authenticator app (TOTP) and single-use recovery codes
(NIST SP 800-63B 5.1.2 and 5.1.4; 45 CFR 164.312(d) person authentication)."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa
import time_machine

from records_app.accounts import two_step
from records_app.extensions import db, limiter
from records_app.models import AuditEvent
from tests.support.forms import csrf_token_from, post_form

CODE_PAGE = "/staff/sign-in/code"
ENROL_PAGE = "/staff/two-step"
CODE_REFUSED = "That code is not right."
STEP = timedelta(seconds=30)


@pytest.fixture
def clock():
    """Time stands still unless a test moves it: a code is accepted only once, so a test
    moves on one 30-second step before it needs a fresh code."""
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def enrolled_staff(make_staff, clock):
    """A staff member with two-step sign-in on, and their recovery codes."""
    user = make_staff()
    two_step.start_enrolment(user)
    user.recovery_codes = two_step.confirm_enrolment(user, pyotp.TOTP(user.totp_secret).now())
    db.session.commit()
    clock.shift(STEP)
    return user


def enter_code(client, code):
    return post_form(client, CODE_PAGE, {"code": code})


def key_on_page(html):
    return re.search(r'<p class="setup-key"><code>([A-Z2-7 ]+)</code>', html).group(1)


def test_enrolment_page_shows_the_key_in_groups_of_four_and_the_setup_link(signed_in_staff, client):
    page = client.get(ENROL_PAGE).text
    key = key_on_page(page)
    assert all(len(group) == 4 for group in key.split())
    db.session.refresh(signed_in_staff)
    assert key.replace(" ", "") == signed_in_staff.totp_secret
    assert "otpauth://totp/" in page


def test_enrolment_turns_on_after_a_right_code_and_shows_ten_recovery_codes(
    signed_in_staff, client, clock
):
    secret = key_on_page(client.get(ENROL_PAGE).text).replace(" ", "")
    response = post_form(client, ENROL_PAGE, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    assert len(re.findall(r"<li><code>[0-9a-f-]{19}</code></li>", response.text)) == 10
    db.session.refresh(signed_in_staff)
    assert signed_in_staff.has_two_step


def test_enrolment_refuses_a_wrong_code(signed_in_staff, client):
    client.get(ENROL_PAGE)
    response = post_form(client, ENROL_PAGE, {"code": "000000"})
    assert response.status_code == 422
    assert CODE_REFUSED in response.text
    db.session.refresh(signed_in_staff)
    assert not signed_in_staff.has_two_step


def test_recovery_codes_are_shown_once_and_stored_only_as_hashes(enrolled_staff, auth, client):
    stored = enrolled_staff.recovery_code_hashes
    assert len(stored) == 10
    assert not set(enrolled_staff.recovery_codes) & set(stored)
    auth.sign_in()
    enter_code(client, enrolled_staff.recovery_codes[0])
    assert enrolled_staff.recovery_codes[1] not in client.get(ENROL_PAGE).text


def test_the_password_alone_does_not_sign_in(enrolled_staff, auth, client):
    response = auth.sign_in()
    assert response.headers["Location"] == CODE_PAGE
    assert client.get("/staff/").status_code == 302


def test_sign_in_with_the_right_code(enrolled_staff, auth, client):
    auth.sign_in(next_path="/staff/dashboard")
    response = enter_code(client, pyotp.TOTP(enrolled_staff.totp_secret).now())
    assert response.headers["Location"] == "/staff/dashboard"
    assert client.get("/staff/").status_code == 200


def test_a_wrong_code_is_refused(enrolled_staff, auth, client):
    auth.sign_in()
    response = enter_code(client, "123456")
    assert response.status_code == 422
    assert CODE_REFUSED in response.text
    assert client.get("/staff/").status_code == 302


def test_wrong_codes_count_towards_the_lockout(enrolled_staff, auth, client):
    auth.sign_in()
    for _ in range(10):
        limiter.reset()
        enter_code(client, "123456")
    limiter.reset()
    enter_code(client, pyotp.TOTP(enrolled_staff.totp_secret).now())
    assert client.get("/staff/").status_code == 302
    db.session.refresh(enrolled_staff)
    assert enrolled_staff.locked_until is not None


def test_a_code_is_accepted_only_once(enrolled_staff, auth, client, other_browser):
    code = pyotp.TOTP(enrolled_staff.totp_secret).now()
    auth.sign_in()
    enter_code(client, code)
    other_browser.sign_in()
    assert enter_code(other_browser.client, code).status_code == 422


def test_a_recovery_code_works_once(enrolled_staff, auth, client):
    recovery_code = enrolled_staff.recovery_codes[3]
    auth.sign_in()
    enter_code(client, recovery_code.upper())
    assert client.get("/staff/").status_code == 200
    auth.sign_out()
    auth.sign_in()
    assert enter_code(client, recovery_code).status_code == 422
    db.session.refresh(enrolled_staff)
    assert len(enrolled_staff.recovery_code_hashes) == 9


def test_the_code_step_expires_after_5_minutes(enrolled_staff, auth, client, clock):
    auth.sign_in()
    page = client.get(CODE_PAGE)
    clock.shift(timedelta(minutes=5, seconds=1))
    code = pyotp.TOTP(enrolled_staff.totp_secret).now()
    response = client.post(CODE_PAGE, data={"csrf_token": csrf_token_from(page.text), "code": code})
    assert response.headers["Location"] == "/staff/sign-in"
    assert client.get("/staff/").status_code == 302


def test_the_code_page_without_a_password_first_goes_to_sign_in(client):
    assert client.get(CODE_PAGE).headers["Location"] == "/staff/sign-in"


def test_sign_in_with_a_recovery_code_is_audited(enrolled_staff, auth, client):
    auth.sign_in()
    enter_code(client, enrolled_staff.recovery_codes[0])
    row = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "auth.signed_in"))
    assert row.details == {"second_step": "recovery_code"}


def test_admin_is_sent_to_enrol_when_the_practice_requires_it(app, make_admin, auth, client):
    app.config["REQUIRE_ADMIN_TWO_STEP"] = True
    make_admin()
    auth.sign_in("admin@example.org")
    assert client.get("/admin/staff").headers["Location"] == ENROL_PAGE
    assert "The practice requires admins" in client.get(ENROL_PAGE).text


def test_admin_may_go_on_without_two_step_when_not_required(make_admin, auth, client):
    make_admin()
    auth.sign_in("admin@example.org")
    assert client.get("/admin/staff").status_code == 200


def test_staff_are_not_sent_to_enrol_when_only_admins_must(app, signed_in_staff, client):
    app.config["REQUIRE_ADMIN_TWO_STEP"] = True
    assert client.get("/staff/").status_code == 200


def test_the_secret_stays_out_of_the_logs(signed_in_staff, client, caplog):
    caplog.set_level(logging.DEBUG)
    secret = key_on_page(client.get(ENROL_PAGE).text).replace(" ", "")
    post_form(client, ENROL_PAGE, {"code": "000000"})
    assert secret not in caplog.text
