"""Command-line interface: `flask users ...`."""

from flask import Flask
from flask.cli import AppGroup

users = AppGroup("users", help="Manage staff accounts.")


def register(app: Flask) -> None:
    app.cli.add_command(users)
