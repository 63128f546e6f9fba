"""Standard wordings for a request for information and a denial's explanation, and the places
that may hold records the practice does not (named in a "no records held" letter), kept by
admins so that staff pick one instead of typing the same words again. Changes are audited as
settings changes, with ids only; a text is retired, never deleted, so that the audit trail's
ids keep pointing at what they were."""

import sqlalchemy as sa

from records_app import audit
from records_app.extensions import db
from records_app.models import CannedText, CannedTextUse, utcnow

# Added by `flask canned-texts seed` to a desk that has none yet.
DEFAULTS: dict[CannedTextUse, dict[str, str]] = {
    CannedTextUse.REQUEST_INFO: {
        "Photo ID": (
            "Please send a copy of a current photo ID of the person who signed the request, "
            "such as a driver's license, state ID card or passport."
        ),
        "Proof of authority": (
            "Please send a copy of the document that makes you the patient's personal "
            "representative, such as the court order, guardianship papers, health care power "
            "of attorney, or letters testamentary for the patient's estate."
        ),
        "Dates of care": (
            "Please tell us the dates, or at least the years, when the patient was seen at "
            "the practice, so that we can find the right records."
        ),
        "Signature missing": (
            "The request we received is not signed. Please sign and date the enclosed copy "
            "and send it back to us."
        ),
    },
    CannedTextUse.DENIAL: {
        "Identity not verified": (
            "We asked for proof of identity and did not receive it, so we cannot release the "
            "records. You may send a new request with a copy of a photo ID at any time."
        ),
    },
}


class CannedTextRefused(ValueError):
    """A change that breaks a rule; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def offered(use: CannedTextUse) -> list[CannedText]:
    """The texts staff may pick for `use`, by title."""
    return list(
        db.session.scalars(
            sa.select(CannedText)
            .where(CannedText.use == use, CannedText.retired_at.is_(None))
            .order_by(CannedText.title)
        )
    )


def all_texts() -> list[CannedText]:
    return list(
        db.session.scalars(
            sa.select(CannedText).order_by(
                CannedText.retired_at.is_not(None), CannedText.use, CannedText.title
            )
        )
    )


def find_offered(use: CannedTextUse, text_id: int) -> CannedText | None:
    text = db.session.get(CannedText, text_id)
    return text if text and text.use == use and not text.is_retired else None


def with_addition(text: CannedText | None, addition: str) -> str:
    """What the requester reads: the standard text, then the staff member's own words."""
    parts = [text.body if text else "", addition.strip()]
    return "\n\n".join(part for part in parts if part)


def add(use: CannedTextUse, title: str, body: str, *, by: audit.Actor) -> CannedText:
    _ensure_title_free(use, title)
    text = CannedText(use=use, title=title, body=body)
    db.session.add(text)
    db.session.flush()
    _audit(by, "settings.canned_text_added", text)
    return text


def edit(text: CannedText, title: str, body: str, *, by: audit.Actor) -> CannedText:
    if text.is_retired:
        raise CannedTextRefused("A retired text is kept as it was; add a new one.", "body")
    _ensure_title_free(text.use, title, other_than=text)
    text.title = title
    text.body = body
    text.updated_at = utcnow()
    db.session.flush()
    _audit(by, "settings.canned_text_edited", text)
    return text


def retire(text: CannedText, *, by: audit.Actor) -> None:
    if text.is_retired:
        raise CannedTextRefused("That text is already retired.", "title")
    text.retired_at = utcnow()
    db.session.flush()
    _audit(by, "settings.canned_text_retired", text)


def seed_defaults(*, by: audit.Actor) -> int:
    """Adds the default texts to a desk that has no canned texts at all, so that running it
    again, or after admins have changed the list, changes nothing. Returns how many it added."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(CannedText)):
        return 0
    added = [
        add(use, title, body, by=by)
        for use, texts in DEFAULTS.items()
        for title, body in texts.items()
    ]
    return len(added)


def _ensure_title_free(
    use: CannedTextUse, title: str, *, other_than: CannedText | None = None
) -> None:
    clash = db.session.scalar(
        sa.select(CannedText).where(CannedText.use == use, CannedText.title == title)
    )
    if clash is not None and clash is not other_than:
        raise CannedTextRefused(
            "Another text for the same use already has this title; choose another.", "title"
        )


def _audit(by: audit.Actor, action: str, text: CannedText) -> None:
    audit.record_by(by, action, details={"canned_text_id": text.id, "use": text.use.value})
