"""Files of records as staff release them, and what the tests do with them."""

import hashlib
import io

import sqlalchemy as sa
from fpdf import FPDF

from records_app.extensions import db
from records_app.models import ReleasedFile, StoredFileChunk
from tests.support.forms import csrf_token_from


def pdf_of(pages: int = 2, text: str = "Visit note") -> bytes:
    """A real PDF of `pages` letter-size pages, each with a line of text."""
    document = FPDF(format="letter")
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
