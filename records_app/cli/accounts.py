"""`flask users ...`: staff accounts. Whoever can run these commands can already read the
database, so they need no sign-in; they are how the first admin is made and how access is
restored when no admin can sign in."""

import sys
from datetime import datetime

import click
from flask.cli import AppGroup

from records_app import accounts
from records_app.cli.common import cli_actor, refusals_reported
from records_app.extensions import db
from records_app.models import Role, StaffUser

users = AppGroup("users", help="Manage staff accounts.")

ROLE_CHOICE = click.Choice([role.value for role in Role])


def stdin_is_terminal() -> bool:
    """Its own function so that tests can stand in for a person at a terminal."""
    return sys.stdin.isatty()


def read_new_password() -> str:
    """Asks twice, hidden, on a terminal. Otherwise reads the first line of standard input,
    so a script can pipe the password in without it showing in the process list."""
    if not stdin_is_terminal():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("No password was given on standard input.")
        return password
    password = click.prompt("Password", hide_input=True)
    if click.prompt("Password again", hide_input=True) != password:
        raise click.ClickException("The two passwords are not the same. Nothing was changed.")
    return password


def _timestamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", type=ROLE_CHOICE, default=Role.STAFF.value, show_default=True)
def create_user(email: str, name: str, role: str) -> None:
    """Create a staff account; asks for its password."""
    with refusals_reported():
        email, name = accounts.check_new_account(email, name)
        user = accounts.create(email, name, Role(role), read_new_password(), by=cli_actor())
    db.session.commit()
    click.echo(f"Created {user.role} account for {user.name} <{user.email}>.")


@users.command("list")
def list_users() -> None:
    """List staff accounts (never their passwords)."""
    header = ("E-MAIL", "NAME", "ROLE", "ACTIVE", "LAST SIGN-IN", "EXPIRES")
    rows = [header] + [_row(user) for user in accounts.all_accounts()]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _row(user: StaffUser) -> tuple[str, ...]:
    return (
        user.email,
        user.name,
        str(user.role),
        "yes" if user.active else "no",
        _timestamp(user.last_sign_in_at),
        _timestamp(user.expires_at),
    )


@users.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Deactivate an account and sign it out everywhere."""
    with refusals_reported():
        user = accounts.find(email)
        accounts.deactivate(user, by=cli_actor())
    db.session.commit()
    click.echo(f"Deactivated {user.email}; its sessions have ended.")


@users.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set an account's password; asks for it, and signs the account out everywhere."""
    with refusals_reported():
        user = accounts.find(email)
        accounts.set_password(user, read_new_password(), by=cli_actor())
    db.session.commit()
    click.echo(f"Password changed for {user.email}; its sessions have ended.")


@users.command("break-glass")
@click.option(
    "--hours",
    type=click.IntRange(1, accounts.BREAK_GLASS_MAX_HOURS),
    required=True,
    help=f"How long the account works (at most {accounts.BREAK_GLASS_MAX_HOURS}).",
)
@click.option("--reason", required=True, help="Why emergency access is needed; it is logged.")
def break_glass(hours: int, reason: str) -> None:
    """Open a temporary admin account for emergency access (45 CFR 164.312(a)(2)(ii))."""
    with refusals_reported():
        user, password = accounts.open_break_glass(hours, reason)
    db.session.commit()
    click.echo(f"Emergency admin account: {user.email}")
    click.echo(f"Password (shown only now): {password}")
    click.echo(f"It stops working at {_timestamp(user.expires_at)}.")
