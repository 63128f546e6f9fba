"""What every command group shares: who the audit trail says acted, and how an account
rule's refusal reaches the person at the terminal."""

import getpass
from contextlib import contextmanager

import click

from records_app import accounts, audit
from records_app.extensions import db


@contextmanager
def refusals_reported():
    """An account rule's refusal becomes an error message and exit status 1, with nothing
    written."""
    try:
        yield
    except accounts.AccountRefused as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from refused


def cli_actor() -> audit.Actor:
    """The audit trail's "who" for a command: the operating-system user who ran it."""
    return audit.Actor(label=f"cli:{getpass.getuser()}")
