"""The link a third party downloads the records from, when the requester directed them to
someone with an e-mail address (45 CFR 164.524(c)(3)(ii)). The token is 256 random bits,
kept as its SHA-256 (a copy of the database opens no link); opening the link asks for the
patient's date of birth, five wrong ones lock it and tell staff (a history line and a
warning on the request's page). It lasts RELEASE_LINK_DAYS (30) days; staff may revoke it
and send a new one, which revokes the old."""

import hashlib
import secrets
from datetime import date, timedelta
from enum import StrEnum

import sqlalchemy as sa

from records_app import lifecycle
from records_app.extensions import db
from records_app.formatting import long_date
from records_app.lifecycle import Action
from records_app.mail import outbox
from records_app.models import (
    MessageKind,
    RecipientKind,
    RecordsRequest,
    StaffUser,
    ThirdPartyLink,
    utcnow,
)
from records_app.releases.kinds import FileRefused
from records_app.releases.settings import ReleaseSettings

TOKEN_BYTES = 32
MAX_TRIES = 5


class LinkState(StrEnum):
    OPEN = "open"
    EXPIRED = "expired"
    REVOKED = "revoked"
    LOCKED = "locked"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def goes_by_link(records_request: RecordsRequest) -> bool:
    """The records go to a third party the requester named with an e-mail address, and
    there are files to send."""
    return (
        records_request.recipient_kind == RecipientKind.THIRD_PARTY
        and bool(records_request.recipient_email)
        and lifecycle.offers_download(records_request)
        and bool(records_request.released_files_held)
    )


def links_of(records_request: RecordsRequest) -> list[ThirdPartyLink]:
    return list(
        db.session.scalars(
            sa.select(ThirdPartyLink)
            .where(ThirdPartyLink.request_id == records_request.id)
            .order_by(ThirdPartyLink.id)
        )
    )


def send_link(
    records_request: RecordsRequest, by: StaffUser | None, settings: ReleaseSettings
) -> ThirdPartyLink:
    """A new link, e-mailed to the third party; any link still open is revoked."""
    if not goes_by_link(records_request):
        raise FileRefused(
            "A link goes to a third party with an e-mail address, once the records are "
            "released with files attached."
        )
    now = utcnow()
    for earlier in links_of(records_request):
        if state_of(earlier) is LinkState.OPEN:
            _revoke(records_request, earlier, by)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ThirdPartyLink(
        request_id=records_request.id,
        token_hash=token_hash(token),
        token_for_mail=token,
        created_at=now,
        created_by_id=by.id if by else None,
        expires_at=now + timedelta(days=settings.link_days),
    )
    db.session.add(link)
    db.session.flush()
    lifecycle.note_release(
        records_request,
        Action.SEND_LINK,
        by,
        f"Download link e-mailed to {lifecycle.records_recipient(records_request)}, "
        f"good until {long_date(link.expires_at)}",
    )
    outbox.queue(records_request, MessageKind.RECORDS_LINK)
    return link


def revoke_link(records_request: RecordsRequest, link: ThirdPartyLink, by: StaffUser) -> None:
    if state_of(link) is not LinkState.OPEN:
        raise FileRefused("This link no longer works; there is nothing to revoke.")
    _revoke(records_request, link, by)


def _revoke(records_request: RecordsRequest, link: ThirdPartyLink, by: StaffUser | None) -> None:
    link.revoked_at = utcnow()
    link.revoked_by_id = by.id if by else None
    link.token_for_mail = None
    lifecycle.note_release(records_request, Action.REVOKE_LINK, by, "Download link revoked")


def find(token: str) -> ThirdPartyLink | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        sa.select(ThirdPartyLink).where(ThirdPartyLink.token_hash == token_hash(token))
    )


def state_of(link: ThirdPartyLink) -> LinkState:
    if link.revoked_at:
        return LinkState.REVOKED
    if link.locked_at:
        return LinkState.LOCKED
    if utcnow() >= link.expires_at:
        return LinkState.EXPIRED
    return LinkState.OPEN


def record_opening(link: ThirdPartyLink, from_address: str | None) -> None:
    lifecycle.note_release(
        link.request,
        Action.OPEN_LINK,
        None,
        f"Download link opened from {from_address or 'an unknown address'}",
    )


def check_birth_date(link: ThirdPartyLink, typed: date, from_address: str | None) -> bool:
    """True when `typed` is the patient's date of birth; a wrong one is counted, and the
    fifth locks the link."""
    if state_of(link) is not LinkState.OPEN:
        return False
    if typed == link.request.date_of_birth:
        return True
    link.failed_attempts += 1
    lifecycle.note_release(
        link.request,
        Action.WRONG_BIRTH_DATE,
        None,
        f"Wrong date of birth on the download link ({link.failed_attempts} of {MAX_TRIES}) "
        f"from {from_address or 'an unknown address'}",
    )
    if link.failed_attempts >= MAX_TRIES:
        link.locked_at = utcnow()
        link.token_for_mail = None
        lifecycle.note_release(
            link.request,
            Action.LOCK_LINK,
            None,
            f"Download link locked after {MAX_TRIES} wrong dates of birth; check with the "
            "recipient and send a new link",
        )
    return False
