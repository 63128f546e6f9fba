"""Documents a requester sends from the status page after staff asked for more information
(a clearer photo ID, proof of authority). Only the person who has just looked the request up
with its tracking code and date of birth may send them (see remembered.py)."""

from datetime import timedelta

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import ValidationError

from .. import identity_documents
from ..identity_documents import PreparedDocument
from ..models import DocumentKind, RecordsRequest, Status
from ..request_form.fields import radio_field
from ..request_form.forms import DOCUMENT_ACCEPT, DOCUMENT_HINT, prepared_uploads

LOOKED_UP_SESSION_KEY = "looked_up_request"
LOOKUP_GOOD_FOR = timedelta(minutes=30)

DOCUMENT_KINDS = {
    DocumentKind.PHOTO_ID: "A photo ID",
    DocumentKind.PROOF_OF_AUTHORITY: "Proof of your right to act for the patient",
}


class SendDocumentsForm(FlaskForm):
    kind = radio_field("What are you sending?", DOCUMENT_KINDS, "Choose what you are sending.")
    documents = MultipleFileField(
        "Your files",
        description=f"Up to {identity_documents.MAX_DOCUMENTS} files. " + DOCUMENT_HINT,
        render_kw=DOCUMENT_ACCEPT,
    )

    def validate_documents(self, field):
        uploads = field.data or []
        if not uploads:
            raise ValidationError("Choose at least one file to send.")
        if len(uploads) > identity_documents.MAX_DOCUMENTS:
            raise ValidationError(
                f"Send at most {identity_documents.MAX_DOCUMENTS} files at a time. "
                + identity_documents.CHOOSE_AGAIN
            )
        kind = DocumentKind(self.kind.data) if self.kind.data else DocumentKind.PHOTO_ID
        field.prepared = prepared_uploads(uploads, kind)

    def prepared(self) -> list[PreparedDocument]:
        return self.documents.prepared


def accepts_documents(records_request: RecordsRequest | None) -> bool:
    return records_request is not None and records_request.status is Status.NEEDS_INFO
