"""Files of records as staff release them, and what the tests do with them."""

import hashlib
import io
from datetime import UTC, datetime

import sqlalchemy as sa
from fpdf import FPDF

from records_app import practice, releases
from records_app.extensions import db
from records_app.lifecycle import Action
from records_app.models import (
    DownloadCode,
    RecipientKind,
    ReleasedFile,
    Status,
    StoredFileChunk,
    ThirdPartyLink,
)
from tests.support.factories import ACTION_ARGUMENTS, PATH_TO, act, letters_left_pending
from tests.support.forms import csrf_token_from

MADE_AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def pdf_of(pages: int = 2, text: str = "Visit note") -> bytes:
    """A real PDF of `pages` letter-size pages, each with a line of text; the same bytes
    each time (fpdf2 would write the time it was made into it)."""
    document = FPDF(format="letter")
    document.set_creation_date(MADE_AT)
    document.set_font("helvetica", size=12)
    for number in range(1, pages + 1):
        document.add_page()
        document.cell(text=f"{text}, page {number}")
    return bytes(document.output())


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def attach_through_page(client, records_request, *files):
    """Staff attach `files` ((bytes, name) pairs) from the request's page."""
    page = client.get(f"/staff/requests/{records_request.id}")
    return client.post(
        f"/staff/requests/{records_request.id}/released-files",
        data={
            "release-csrf_token": csrf_token_from(page.text),
            "release-files": [(io.BytesIO(content), name) for content, name in files],
        },
    )


def released_files() -> list[ReleasedFile]:
    return list(db.session.scalars(sa.select(ReleasedFile).order_by(ReleasedFile.id)))


def chunk_rows() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(StoredFileChunk))


def tamper_with_chunk(file_id: int, position: int = 0) -> None:
    """Flips one byte of a stored chunk's sealed value, as a change made in the database
    behind the app's back would."""
    raw = sa.type_coerce(StoredFileChunk.content, sa.LargeBinary)
    condition = sa.and_(StoredFileChunk.file_id == file_id, StoredFileChunk.position == position)
    sealed = bytearray(db.session.execute(sa.select(raw).where(condition)).scalar_one())
    sealed[-1] ^= 0x01
    db.session.execute(
        sa.update(StoredFileChunk.__table__)
        .where(condition)
        .values(content=sa.literal(bytes(sealed), sa.LargeBinary))
    )
    db.session.commit()


def released_request(make_request, clerk, files, **overrides):
    """A request taken to fulfilled with `files` ((bytes, name) pairs) attached on the way,
    released as the request page releases them (a third party's link, attachments by
    ordinary e-mail); the release stamp is left to the app's setting."""
    records_request = make_request(**overrides)
    with letters_left_pending():
        for action in PATH_TO[Status.APPROVED]:
            act(records_request, action, clerk)
        for content, name in files:
            releases.attach(
                records_request, name, io.BytesIO(content), releases.current(), by=clerk
            )
        releases.release(
            records_request,
            clerk,
            records_request.version,
            sent_on=practice.today(),
            **ACTION_ARGUMENTS[Action.FULFIL],
        )
        db.session.commit()
    return records_request


def download_code_of(records_request) -> str:
    return db.session.scalar(
        sa.select(DownloadCode.code).where(DownloadCode.request_id == records_request.id)
    )


def confirm_code(client, status_page, code: str):
    return client.post(
        "/status/download-code/confirm",
        data={"csrf_token": csrf_token_from(status_page.text), "code": code},
    )


def ask_for_code(client, status_page):
    return client.post(
        "/status/download-code", data={"csrf_token": csrf_token_from(status_page.text)}
    )


THIRD_PARTY = {
    "recipient_kind": RecipientKind.THIRD_PARTY,
    "recipient_name": "Dr. Priya Natarajan",
    "recipient_organization": "Cascade Vein Clinic",
    "recipient_email": "records@cascadevein.example",
    "purpose": "Continuing care",
}


def newest_link() -> ThirdPartyLink:
    db.session.rollback()
    return db.session.scalar(sa.select(ThirdPartyLink).order_by(ThirdPartyLink.id.desc()))


def link_url(token: str) -> str:
    return f"/records/link?t={token}"


def open_link(client, token: str, date_of_birth: str = "1951-04-17"):
    """The third party follows the link and gives the patient's date of birth."""
    client.get(link_url(token))
    page = client.get("/records/link")
    return client.post(
        "/records/link",
        data={"csrf_token": csrf_token_from(page.text), "date_of_birth": date_of_birth},
    )
