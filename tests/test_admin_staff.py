"""Staff accounts in the browser, for admins."""

import os
import re
import threading
import time

import pyotp
import pytest
import sqlalchemy as sa

from records_app import accounts, audit
from records_app.accounts import passwords, two_step
from records_app.extensions import db
from records_app.models import AuditEvent, Role, StaffUser
from tests.support import skips
from tests.support.accounts import add_staff
from tests.support.forms import csrf_token_from, post_form
from tests.support.stored import staff_account

BY_TEST = audit.Actor(label="test")

TEMPORARY_PASSWORD = re.compile(r'<code class="temporary-password">([^<]+)</code>')


def act_on(client, user: StaffUser, action: str, **fields):
    return post_form(
        client, f"/admin/staff/{user.id}/{action}", fields, form_page=f"/admin/staff/{user.id}"
    )


def flashed(client) -> str:
    return client.get("/admin/staff").text


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def enrol_in_two_step(user: StaffUser) -> None:
    two_step.start_enrolment(user)
    two_step.confirm_enrolment(user, pyotp.TOTP(user.totp_secret).now())
    db.session.commit()


def test_staff_list_shows_every_account(signed_in_admin, make_staff, client):
    make_staff()
    page = client.get("/admin/staff")
    assert page.status_code == 200
    assert "Casey Clerk" in page.text and "clerk@example.org" in page.text
    assert "Avery Admin" in page.text


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/admin/staff"),
        ("get", "/admin/staff/new"),
        ("get", "/admin/staff/1"),
        ("post", "/admin/staff/new"),
        ("post", "/admin/staff/1/deactivate"),
        ("post", "/admin/staff/1/reactivate"),
        ("post", "/admin/staff/1/role"),
        ("post", "/admin/staff/1/temporary-password"),
        ("post", "/admin/staff/1/two-step/reset"),
    ],
)
def test_admin_pages_are_forbidden_to_staff(signed_in_staff, client, method, path):
    token = csrf_token_from(client.get("/staff/password").text)
    response = getattr(client, method)(path, data={"csrf_token": token})
    assert response.status_code == 403


def test_adding_staff_shows_a_temporary_password_once(signed_in_admin, client):
    response = add_staff(client)
    assert response.status_code == 200
    temporary_password = TEMPORARY_PASSWORD.search(response.text).group(1)
    user = staff_account("nia@example.org")
    assert user.name == "Nia Okafor" and user.role == Role.STAFF
    assert user.must_change_password
    assert passwords.verify(user.password_hash, temporary_password)
    assert temporary_password not in client.get(f"/admin/staff/{user.id}").text
    assert temporary_password not in client.get("/admin/staff").text


def test_new_staff_must_change_the_temporary_password_at_first_sign_in(
    signed_in_admin, client, other_browser
):
    temporary_password = TEMPORARY_PASSWORD.search(add_staff(client).text).group(1)
    other_browser.sign_in("nia@example.org", temporary_password)
    response = other_browser.client.get("/staff/")
    assert response.headers["Location"] == "/staff/password"


def test_adding_staff_can_make_an_admin(signed_in_admin, client):
    add_staff(client, role="admin")
    assert staff_account("nia@example.org").role == Role.ADMIN


def test_adding_staff_stores_the_email_in_lower_case(signed_in_admin, client):
    add_staff(client, email="Nia@Example.ORG")
    assert staff_account("nia@example.org") is not None


def test_adding_staff_refuses_a_duplicate_email_beside_the_field(
    signed_in_admin, make_staff, client
):
    make_staff()
    response = add_staff(client, email="CLERK@example.org", name="Other Person")
    assert response.status_code == 422
    assert 'id="email-error"' in response.text
    assert "already an account for clerk@example.org" in response.text
    assert 'value="Other Person"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffUser)) == 2


def test_adding_staff_refuses_an_invalid_email(signed_in_admin, client):
    response = add_staff(client, email="nia-at-example")
    assert response.status_code == 422
    assert "valid e-mail address" in response.text
    assert staff_account("nia-at-example") is None


@pytest.mark.parametrize("missing", ["name", "email", "role"])
def test_adding_staff_requires_every_field(signed_in_admin, client, missing):
    fields = {"name": "Nia Okafor", "email": "nia@example.org", "role": "staff", missing: ""}
    response = post_form(client, "/admin/staff/new", fields)
    assert response.status_code == 422
    assert f'id="{missing}-error"' in response.text
    assert staff_account("nia@example.org") is None


def test_adding_staff_without_csrf_is_refused(signed_in_admin, client):
    response = client.post(
        "/admin/staff/new", data={"name": "Nia Okafor", "email": "nia@example.org"}
    )
    assert response.status_code == 400
    assert staff_account("nia@example.org") is None


def test_deactivating_signs_the_person_out(signed_in_admin, make_staff, client, other_browser):
    clerk = make_staff()
    other_browser.sign_in()
    response = act_on(client, clerk, "deactivate")
    assert response.headers["Location"] == f"/admin/staff/{clerk.id}"
    assert not staff_account("clerk@example.org").active
    assert "Casey Clerk is deactivated" in flashed(client)
    assert other_browser.client.get("/staff/").status_code == 302


def test_deactivating_the_last_active_admin_is_refused(signed_in_admin, make_staff, client):
    make_staff()
    act_on(client, signed_in_admin, "deactivate")
    assert staff_account("admin@example.org").active
    assert "the last active admin" in flashed(client)


def test_deactivating_an_admin_is_allowed_when_another_remains(signed_in_admin, make_admin, client):
    second = make_admin("second@example.org", name="Sam Second")
    act_on(client, second, "deactivate")
    assert not staff_account("second@example.org").active


def test_reactivating_lets_the_person_sign_in_again(
    signed_in_admin, make_staff, client, other_browser
):
    clerk = make_staff(active=False)
    act_on(client, clerk, "reactivate")
    assert staff_account("clerk@example.org").active
    assert other_browser.sign_in().headers["Location"] == "/staff/"


def test_changing_role_makes_staff_an_admin(signed_in_admin, make_staff, client):
    clerk = make_staff()
    act_on(client, clerk, "role", role="admin")
    assert staff_account("clerk@example.org").role == Role.ADMIN
    assert "Casey Clerk is now admin." in flashed(client)


def test_changing_role_refuses_demoting_the_last_active_admin(signed_in_admin, client):
    act_on(client, signed_in_admin, "role", role="staff")
    assert staff_account("admin@example.org").role == Role.ADMIN
    assert "the last active admin" in flashed(client)


def test_changing_role_demotes_an_admin_when_another_remains(signed_in_admin, make_admin, client):
    second = make_admin("second@example.org", name="Sam Second")
    act_on(client, second, "role", role="staff")
    assert staff_account("second@example.org").role == Role.STAFF


def test_changing_role_refuses_an_unknown_role(signed_in_admin, make_staff, client):
    clerk = make_staff()
    act_on(client, clerk, "role", role="superuser")
    assert staff_account("clerk@example.org").role == Role.STAFF
    assert "Choose a role." in flashed(client)


def test_an_unknown_account_is_not_found(signed_in_admin, client):
    assert client.get("/admin/staff/999").status_code == 404


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason=skips.needs(skips.POSTGRESQL, "row locks; SQLite ignores FOR UPDATE"),
)
def test_two_admins_removing_each_other_at_once_leave_one_admin(app, make_admin):
    first = make_admin("first@example.org", name="Fran First")
    second = make_admin("second@example.org", name="Sam Second")
    first_locked, second_started = threading.Event(), threading.Event()
    outcome = {}

    def deactivate_first():
        with app.app_context():
            accounts.deactivate(db.session.get(StaffUser, first.id), by=BY_TEST)
            first_locked.set()
            second_started.wait(5)
            time.sleep(0.3)
            db.session.commit()

    def deactivate_second():
        with app.app_context():
            first_locked.wait(5)
            second_started.set()
            try:
                accounts.deactivate(db.session.get(StaffUser, second.id), by=BY_TEST)
                db.session.commit()
                outcome["second"] = "deactivated"
            except accounts.AccountRefused:
                db.session.rollback()
                outcome["second"] = "refused"

    threads = [
        threading.Thread(target=deactivate_first),
        threading.Thread(target=deactivate_second),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome == {"second": "refused"}
    assert not staff_account("first@example.org").active
    assert staff_account("second@example.org").active


def test_a_temporary_password_is_shown_once_and_must_be_changed(
    signed_in_admin, make_staff, client, other_browser
):
    clerk = make_staff()
    response = act_on(client, clerk, "temporary-password")

    temporary_password = TEMPORARY_PASSWORD.search(response.text).group(1)
    other_browser.sign_in("clerk@example.org", temporary_password)
    assert other_browser.client.get("/staff/").headers["Location"] == "/staff/password"
    assert temporary_password not in client.get(f"/admin/staff/{clerk.id}").text


def test_a_temporary_password_signs_the_person_out_and_is_audited(
    signed_in_admin, make_staff, client, other_browser
):
    clerk = make_staff()
    other_browser.sign_in()
    act_on(client, clerk, "temporary-password")

    assert other_browser.client.get("/staff/").status_code == 302
    assert audit_actions()[-1] == "account.temporary_password_issued"


def test_turning_off_two_step_clears_it_and_signs_the_person_out(
    signed_in_admin, make_staff, client, other_browser
):
    clerk = make_staff()
    other_browser.sign_in()
    enrol_in_two_step(clerk)

    response = act_on(client, clerk, "two-step/reset")

    assert response.headers["Location"] == f"/admin/staff/{clerk.id}"
    cleared = staff_account("clerk@example.org")
    assert not cleared.has_two_step and cleared.totp_secret is None
    assert cleared.recovery_code_hashes == []
    assert "no longer has two-step sign-in" in flashed(client)
    assert other_browser.client.get("/staff/").status_code == 302
    assert audit_actions()[-1] == "account.two_step_reset"


def test_turning_off_two_step_for_an_account_without_it_is_refused(
    signed_in_admin, make_staff, client
):
    clerk = make_staff()
    act_on(client, clerk, "two-step/reset")
    assert "does not use two-step sign-in" in flashed(client)


def test_an_admin_cannot_turn_off_their_own_two_step_here(signed_in_admin, client):
    enrol_in_two_step(signed_in_admin)

    act_on(client, signed_in_admin, "two-step/reset")

    assert "cannot reset your own two-step sign-in" in flashed(client)
    assert staff_account("admin@example.org").has_two_step
