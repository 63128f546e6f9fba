"""The answers of the step-by-step request form, kept between its steps until the requester
signs and sends it (models.RequestDraft). The visitor's session holds only a random token;
the answers are sealed in the database under its keyed hash, so that nothing a requester
typed travels in a cookie, and several workers or hosts see the same answers.

A draft is kept for REQUEST_ANSWERS_KEPT_FOR_MINUTES after its last step; an expired one is
never read, and is purged by the next draft written or by `flask drafts purge` from cron.
Nothing here is a request: sending the form goes through intake like any request."""

import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from records_app.crypto import keyring
from records_app.extensions import db
from records_app.models import RequestDraft, utcnow

_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def is_token(token) -> bool:
    """Shaped like a token new_token() makes (whether or not its draft still exists)."""
    return isinstance(token, str) and _TOKEN_SHAPE.match(token) is not None


def kept_for() -> timedelta:
    return timedelta(minutes=current_app.config["REQUEST_ANSWERS_KEPT_FOR_MINUTES"])


def _token_lookup(token: str) -> str:
    return keyring.lookup("request_draft", token)


def find(token) -> RequestDraft | None:
    """The unexpired draft of this token; None for a token that is missing, made up or
    expired."""
    if not is_token(token):
        return None
    draft = db.session.scalar(
        sa.select(RequestDraft).where(RequestDraft.token_lookup == _token_lookup(token))
    )
    if draft is None or draft.expires_at <= utcnow():
        return None
    return draft


def keep(token: str, contents: dict) -> RequestDraft:
    """Writes the draft's contents and starts its time again; expired drafts go meanwhile."""
    purge_expired()
    draft = find(token)
    if draft is None:
        draft = RequestDraft(token_lookup=_token_lookup(token))
        db.session.add(draft)
    draft.contents = contents
    draft.expires_at = utcnow() + kept_for()
    db.session.flush()
    return draft


def discard(token) -> None:
    """The draft of a form just sent: its answers now live in the request."""
    draft = find(token)
    if draft is not None:
        db.session.delete(draft)


def purge_expired() -> int:
    """Deletes the drafts whose time is up; how many went."""
    expired = db.session.execute(sa.delete(RequestDraft).where(RequestDraft.expires_at <= utcnow()))
    return expired.rowcount
