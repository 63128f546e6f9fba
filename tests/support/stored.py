"""What the database holds, read past what this test's own session remembers."""

import sqlalchemy as sa

from records_app.extensions import db
from records_app.models import RecordsRequest, RequestDraft, StaffUser


def reload(records_request):
    """The request as the database holds it now, not as this test's session last saw it."""
    db.session.rollback()
    return db.session.get(RecordsRequest, records_request.id)


def stored_requests() -> list[RecordsRequest]:
    return list(db.session.scalars(sa.select(RecordsRequest).order_by(RecordsRequest.id)))


def stored_drafts() -> list[RequestDraft]:
    return list(db.session.scalars(sa.select(RequestDraft).order_by(RequestDraft.id)))


def only_request() -> RecordsRequest:
    requests = stored_requests()
    assert len(requests) == 1
    return requests[0]


def holds(table: str, text: str) -> bool:
    """Whether any cell of the table, read raw from the database, contains the text: how
    the encryption tests show that patient details are not stored in plaintext."""
    rows = db.session.execute(sa.text(f"SELECT * FROM {table}")).all()
    cells = (
        bytes(cell) if isinstance(cell, bytes | memoryview) else str(cell).encode()
        for row in rows
        for cell in row
    )
    return any(text.encode() in cell for cell in cells)


def staff_account(email: str) -> StaffUser | None:
    """The staff account with this e-mail address as the database holds it now."""
    db.session.expire_all()
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))
