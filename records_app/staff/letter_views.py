"""Letters already written, opened again from the request page to print or send (never
from a static or public path). Each opening is audited like an identity document's
(45 CFR 164.312(b)), and a letter whose bytes no longer match its SHA-256 is never sent."""

import logging

from flask import g
from flask_login import login_required

from .. import audit, letters
from ..access import acting_staff
from ..extensions import db
from ..models import Letter
from . import bp
from .stored_files import damaged_page, file_response, on_request_or_404

log = logging.getLogger("records_app.letters")


@bp.get("/requests/<int:request_id>/letters/<int:letter_id>")
@login_required
def letter(request_id: int, letter_id: int):
    found = on_request_or_404(Letter, letter_id, request_id)
    try:
        content = letters.read_verified(found)
    except letters.LetterDamaged:
        log.error(
            "request_id=%s letter %s failed its SHA-256 check", g.get("request_id", "-"), found.id
        )
        _audit("letter.integrity_failed", found)
        db.session.commit()
        return damaged_page("letter", "written")
    _audit("letter.viewed", found)
    db.session.commit()
    # Opened in the browser's PDF viewer, to print; the name carries ids only, no PHI.
    filename = f"request-{found.request_id}-{found.kind.value.replace('_', '-')}-{found.id}.pdf"
    return file_response(content, "application/pdf", filename, inline=True)


def _audit(action: str, found: Letter) -> None:
    audit.record_by(
        acting_staff(),
        action,
        request_id=found.request_id,
        details={"letter_id": found.id, "kind": found.kind.value},
    )
