"""Stored files opened by staff from the request page (never from a static or public path):
identity documents, and letters already written, to print or send. Every opening is audited
here, in one place (45 CFR 164.312(b)); the stored SHA-256 is checked first, and a file that
fails the check is never sent."""

import logging

from flask import abort, g
from flask_login import login_required

from records_app import audit, letters
from records_app.documents import identity
from records_app.documents.identity import PDF, DocumentDamaged
from records_app.extensions import db
from records_app.models import IdentityDocument, Letter
from records_app.staff import bp
from records_app.web.access import acting_staff
from records_app.web.files import damaged_page, file_response, on_request_or_404

log = logging.getLogger("records_app.files")


@bp.get("/requests/<id:request_id>/documents/<id:document_id>")
@login_required
def identity_document(request_id: int, document_id: int):
    document = on_request_or_404(IdentityDocument, document_id, request_id)
    details = {"document_id": document.id}
    try:
        content = identity.read_verified(document)
    except DocumentDamaged:
        _log_damaged("identity document", document.id)
        _audit("document.integrity_failed", document.request_id, details)
        db.session.commit()
        return damaged_page("document", "received")
    if content is None:  # removed under the retention rule
        abort(404)
    _audit("document.viewed", document.request_id, details)
    db.session.commit()
    # Images open in the browser; a PDF is downloaded, never rendered by the browser.
    extension = {PDF: "pdf", "image/png": "png", "image/jpeg": "jpg"}[document.content_type]
    filename = f"request-{document.request_id}-document-{document.id}.{extension}"
    return file_response(
        content, document.content_type, filename, inline=document.content_type != PDF
    )


@bp.get("/requests/<id:request_id>/letters/<id:letter_id>")
@login_required
def letter(request_id: int, letter_id: int):
    found = on_request_or_404(Letter, letter_id, request_id)
    details = {"letter_id": found.id, "kind": found.kind.value}
    try:
        content = letters.read_verified(found)
    except letters.LetterDamaged:
        _log_damaged("letter", found.id)
        _audit("letter.integrity_failed", found.request_id, details)
        db.session.commit()
        return damaged_page("letter", "written")
    _audit("letter.viewed", found.request_id, details)
    db.session.commit()
    # Opened in the browser's PDF viewer, to print; the name carries ids only, no PHI.
    filename = f"request-{found.request_id}-{found.kind.value.replace('_', '-')}-{found.id}.pdf"
    return file_response(content, "application/pdf", filename, inline=True)


def _log_damaged(what: str, file_id: int) -> None:
    log.error(
        "request_id=%s %s %s failed its SHA-256 check", g.get("request_id", "-"), what, file_id
    )


def _audit(action: str, request_id: int, details: dict) -> None:
    audit.record_by(acting_staff(), action, request_id=request_id, details=details)
