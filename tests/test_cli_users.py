"""`flask users ...`: the first admin, scripted accounts, and emergency access."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from records_app import accounts
from records_app.accounts import passwords
from records_app.cli import accounts as staff_accounts
from records_app.extensions import db
from records_app.models import AuditEvent, Role, StaffSession, StaffUser, utcnow
from tests.support.accounts import NEW_PASSWORD, STAFF_PASSWORD
from tests.support.stored import staff_account


def create(runner, email="newton@example.org", *, name="Nia Okafor", role="staff", stdin=None):
    return runner.invoke(
        args=["users", "create", email, "--name", name, "--role", role],
        input=f"{NEW_PASSWORD}\n" if stdin is None else stdin,
    )


@pytest.fixture
def terminal(monkeypatch):
    """Standard input as a person at a terminal, so the command prompts instead of reading."""
    monkeypatch.setattr(staff_accounts, "stdin_is_terminal", lambda: True)


def live_sessions(user: StaffUser) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
    )


def test_create_reads_the_password_from_piped_stdin(runner):
    result = create(runner)
    assert result.exit_code == 0, result.output
    user = staff_account("newton@example.org")
    assert user.name == "Nia Okafor" and user.role == Role.STAFF and user.active
    assert passwords.verify(user.password_hash, NEW_PASSWORD)
    assert user.password_hash.startswith("$argon2id$")


def test_create_on_a_terminal_asks_for_the_password_twice(runner, terminal):
    result = create(runner, stdin=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password again" in result.output
    assert NEW_PASSWORD not in result.output
    assert passwords.verify(staff_account("newton@example.org").password_hash, NEW_PASSWORD)


def test_create_refuses_two_different_passwords(runner, terminal):
    result = create(runner, stdin=f"{NEW_PASSWORD}\n{NEW_PASSWORD} typo\n")
    assert result.exit_code == 1
    assert "not the same" in result.output
    assert staff_account("newton@example.org") is None


def test_create_refuses_empty_stdin(runner):
    result = create(runner, stdin="")
    assert result.exit_code == 1
    assert "No password" in result.output
    assert staff_account("newton@example.org") is None


def test_create_makes_an_admin(runner):
    assert create(runner, role="admin").exit_code == 0
    assert staff_account("newton@example.org").role == Role.ADMIN


def test_create_refuses_an_unknown_role(runner):
    result = create(runner, role="superuser")
    assert result.exit_code == 2
    assert staff_account("newton@example.org") is None


def test_create_stores_the_email_in_lower_case(runner):
    assert create(runner, "Nia.Okafor@Example.ORG").exit_code == 0
    assert staff_account("nia.okafor@example.org") is not None


def test_create_refuses_a_duplicate_email_whatever_its_case(runner, make_staff):
    make_staff("clerk@example.org")
    result = create(runner, "CLERK@example.org")
    assert result.exit_code == 1
    assert "already an account for clerk@example.org" in result.output


@pytest.mark.parametrize("email", ["not-an-email", "someone@", "a@b", "two@@example.org"])
def test_create_refuses_an_invalid_email(runner, email):
    result = create(runner, email)
    assert result.exit_code == 1
    assert "valid e-mail address" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffUser)) == 0


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short but ok", "at least 15 characters"),
        ("x" * 1025, "at most 1024"),
        ("1q2w3e4r5t6y7u8i", "too common"),
        ("okafor rides a bicycle", "your name or e-mail"),
        ("newton rides a bicycle", "your name or e-mail"),
    ],
)
def test_create_refuses_a_weak_password(runner, password, problem):
    result = create(runner, stdin=f"{password}\n")
    assert result.exit_code == 1
    assert problem in result.output
    assert staff_account("newton@example.org") is None


def test_create_refuses_a_blank_name(runner):
    result = create(runner, name="   ")
    assert result.exit_code == 1
    assert "name" in result.output


def test_list_shows_accounts_without_password_hashes(runner, make_staff, make_admin):
    make_staff()
    make_admin()
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert "clerk@example.org" in result.output and "Casey Clerk" in result.output
    assert "admin@example.org" in result.output and "admin" in result.output
    assert "LAST SIGN-IN" in result.output
    assert "argon2" not in result.output


def test_deactivate_ends_the_accounts_live_sessions(runner, signed_in_staff, client):
    result = runner.invoke(args=["users", "deactivate", "Clerk@example.org"])
    assert result.exit_code == 0, result.output
    assert not staff_account("clerk@example.org").active
    assert live_sessions(signed_in_staff) == 0
    assert client.get("/staff/").status_code == 302


def test_deactivate_refuses_an_unknown_email(runner):
    result = runner.invoke(args=["users", "deactivate", "nobody@example.org"])
    assert result.exit_code == 1
    assert "No staff account" in result.output


def test_deactivate_refuses_the_last_active_admin(runner, make_admin, make_staff):
    make_admin()
    make_staff()
    result = runner.invoke(args=["users", "deactivate", "admin@example.org"])
    assert result.exit_code == 1
    assert "last active admin" in result.output
    assert staff_account("admin@example.org").active


def test_deactivate_allows_an_admin_when_another_remains(runner, make_admin):
    make_admin()
    make_admin("second@example.org", name="Sam Second")
    assert runner.invoke(args=["users", "deactivate", "admin@example.org"]).exit_code == 0
    assert not staff_account("admin@example.org").active


def test_set_password_changes_it_and_ends_live_sessions(runner, signed_in_staff):
    result = runner.invoke(args=["users", "set-password", "clerk@example.org"], input=NEW_PASSWORD)
    assert result.exit_code == 0, result.output
    user = staff_account("clerk@example.org")
    assert passwords.verify(user.password_hash, NEW_PASSWORD)
    assert live_sessions(user) == 0


def test_set_password_refuses_a_weak_password(runner, make_staff):
    make_staff()
    result = runner.invoke(args=["users", "set-password", "clerk@example.org"], input="tooshort\n")
    assert result.exit_code == 1
    assert "at least 15 characters" in result.output
    assert passwords.verify(staff_account("clerk@example.org").password_hash, STAFF_PASSWORD)


def test_set_password_refuses_an_unknown_email(runner):
    result = runner.invoke(args=["users", "set-password", "nobody@example.org"], input="x\n")
    assert result.exit_code == 1
    assert "No staff account" in result.output


def break_glass(runner, hours="4", reason="Only admin is in hospital"):
    return runner.invoke(args=["users", "break-glass", "--hours", hours, "--reason", reason])


def test_break_glass_opens_an_expiring_admin_and_shows_its_password_once(runner):
    result = break_glass(runner)
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(StaffUser))
    assert user.role == Role.ADMIN and user.active
    assert "Only admin is in hospital" in user.name
    assert timedelta(hours=3, minutes=59) < user.expires_at - utcnow() <= timedelta(hours=4)
    password = result.output.split("Password (shown only now): ")[1].split()[0]
    assert accounts.authenticate(user.email, password) == user


def test_break_glass_is_recorded_in_the_audit_trail(runner):
    break_glass(runner)
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.action == "break_glass_opened"
    assert event.details == {"account_id": db.session.scalar(sa.select(StaffUser.id)), "hours": 4}


@pytest.mark.parametrize("hours", ["0", "25", "-1"])
def test_break_glass_lasts_between_one_and_24_hours(runner, hours):
    result = break_glass(runner, hours=hours)
    assert result.exit_code == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffUser)) == 0


def test_break_glass_requires_a_reason(runner):
    result = break_glass(runner, reason="  ")
    assert result.exit_code == 1
    assert "reason" in result.output


def test_break_glass_admin_does_not_count_as_another_admin(runner, make_admin):
    make_admin()
    assert break_glass(runner).exit_code == 0
    result = runner.invoke(args=["users", "deactivate", "admin@example.org"])
    assert result.exit_code == 1
    assert "last active admin" in result.output
