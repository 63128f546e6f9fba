"""Command-line interface: `flask users ...`, `flask export ...`, `flask audit ...`,
`flask retention ...`, `flask mail ...`, `flask letters ...`, `flask keys ...`,
`flask canned-texts ...`, `flask queue ...`, `flask release ...`, `flask digest ...`,
`flask requests ...`, `flask patients ...` and `flask drafts ...`.

Whoever can run these commands can already read the database, so they need no sign-in; they
are how the first admin is made and how access is restored when no admin can sign in.
"""

from flask import Flask

from records_app.cli.accounts import users
from records_app.cli.desk import digest_group, requests_group
from records_app.cli.export import export
from records_app.cli.patients import patients_group
from records_app.cli.records import (
    canned_texts_group,
    drafts_group,
    letters_group,
    mail_group,
    queue_group,
    retention_group,
)
from records_app.cli.release import release_group
from records_app.cli.security import audit_group, keys_group


def register(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(export)
    app.cli.add_command(audit_group)
    app.cli.add_command(retention_group)
    app.cli.add_command(mail_group)
    app.cli.add_command(letters_group)
    app.cli.add_command(keys_group)
    app.cli.add_command(canned_texts_group)
    app.cli.add_command(queue_group)
    app.cli.add_command(release_group)
    app.cli.add_command(digest_group)
    app.cli.add_command(requests_group)
    app.cli.add_command(patients_group)
    app.cli.add_command(drafts_group)
