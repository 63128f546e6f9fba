"""The audit trail as the tests read it back."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import AuditEvent


def audit_rows(action: str | None = None) -> list[AuditEvent]:
    """The audit rows as the database holds them now (this test's session starts afresh),
    oldest first; only those of one action when it is given."""
    db.session.rollback()
    statement = sa.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        statement = statement.where(AuditEvent.action == action)
    return list(db.session.scalars(statement))


def only_audit_row(action: str) -> AuditEvent:
    rows = audit_rows(action)
    assert len(rows) == 1, [row.action for row in audit_rows()]
    return rows[0]
