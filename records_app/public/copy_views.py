"""The requester's copy of what they signed (45 CFR 164.508(c)(4): the individual gets a
copy of a signed authorization), from the confirmation page just after sending the form and
from the status page after a lookup. Only the request remembered in the visitor's session is
served, never one named in the URL; each copy given is audited."""

from flask import redirect, url_for

from records_app import audit, letters
from records_app.extensions import db
from records_app.models import Letter, LetterKind, RecordsRequest
from records_app.public import bp
from records_app.public.views import LOOKED_UP_SESSION_KEY, RECEIVED_SESSION_KEY
from records_app.web.access import acting_requester
from records_app.web.files import damaged_page, file_response
from records_app.web.remembered import recall


@bp.get("/request/received/signed-request.pdf")
def signed_copy_after_sending():
    return _signed_copy(recall(RECEIVED_SESSION_KEY))


@bp.get("/status/yours/signed-request.pdf")
def signed_copy_after_lookup():
    return _signed_copy(recall(LOOKED_UP_SESSION_KEY))


def _signed_copy(records_request: RecordsRequest | None):
    if records_request is None:
        return redirect(url_for("public.status"))
    signed = db.session.scalars(
        db.select(Letter).where(
            Letter.request_id == records_request.id, Letter.kind == LetterKind.AUTHORIZATION
        )
    ).first()
    if signed is None:
        return redirect(url_for("public.status"))
    try:
        content = letters.read_verified(signed)
    except letters.LetterDamaged:
        db.session.rollback()
        return damaged_page("letter", "written")
    audit.record_by(
        acting_requester(),
        "letter.signed_copy_given",
        request_id=records_request.id,
        details={"letter_id": signed.id},
    )
    db.session.commit()
    return file_response(content, "application/pdf", "signed-request.pdf", inline=False)
