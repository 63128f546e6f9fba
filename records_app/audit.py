"""The audit trail: one row per thing a person did with protected information
(45 CFR 164.312(b)). Callers pass ids and counts only; the row never holds names, dates of
birth or contact details, so the trail itself can be read and exported freely by admins."""

from .extensions import db
from .models import AuditEvent, StaffUser


def record(
    action: str,
    *,
    actor: StaffUser | None = None,
    actor_label: str | None = None,
    request_id: int | None = None,
    details: dict | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Adds the row to the caller's transaction, so it commits (or not) with the action."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        actor_label=actor_label or (actor.email if actor else "system"),
        request_id=request_id,
        details=details or {},
        ip_address=ip_address,
    )
    db.session.add(event)
    db.session.flush()
    return event
