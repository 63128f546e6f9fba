"""Identity documents, viewed by staff only from the request page (never from a static or
public path). Every view is audited here, in one place (45 CFR 164.312(b)); the stored
SHA-256 is checked first, and a document that fails the check is never sent."""

import logging

from flask import abort, g
from flask_login import login_required

from .. import audit, identity_documents
from ..access import acting_staff
from ..extensions import db
from ..identity_documents import PDF, DocumentDamaged
from ..models import IdentityDocument
from . import bp
from .stored_files import damaged_page, file_response, on_request_or_404

log = logging.getLogger("records_app.documents")


@bp.get("/requests/<int:request_id>/documents/<int:document_id>")
@login_required
def identity_document(request_id: int, document_id: int):
    document = on_request_or_404(IdentityDocument, document_id, request_id)
    try:
        content = identity_documents.read_verified(document)
    except DocumentDamaged:
        return _damaged(document)
    if content is None:  # removed under the retention rule
        abort(404)
    _audit("document.viewed", document)
    db.session.commit()
    return _as_download(document, content)


def _audit(action: str, document: IdentityDocument) -> None:
    audit.record_by(
        acting_staff(), action, request_id=document.request_id, details={"document_id": document.id}
    )


def _damaged(document: IdentityDocument):
    log.error(
        "request_id=%s identity document %s failed its SHA-256 check",
        g.get("request_id", "-"),
        document.id,
    )
    _audit("document.integrity_failed", document)
    db.session.commit()
    return damaged_page("document", "received")


def _as_download(document: IdentityDocument, content: bytes):
    """Images open in the browser; a PDF is downloaded, never rendered by the browser."""
    extension = {PDF: "pdf", "image/png": "png", "image/jpeg": "jpg"}[document.content_type]
    filename = f"request-{document.request_id}-document-{document.id}.{extension}"
    return file_response(
        content, document.content_type, filename, inline=document.content_type != PDF
    )
