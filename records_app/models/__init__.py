"""The database tables, one module per aggregate; every model is importable from here."""

from records_app.models.accounts import Role, StaffSession, StaffUser
from records_app.models.audit import AuditChainHead, AuditEvent
from records_app.models.base import MAX_ID, LabelledChoice, UTCDateTime, row_id, utcnow
from records_app.models.canned_texts import CannedText, CannedTextUse
from records_app.models.denials import DENIAL_BASES, DenialBasis
from records_app.models.drafts import RequestDraft
from records_app.models.fees import FeePayment, FeeQuote, FeeRule, PaymentMethod, QuoteAnswer
from records_app.models.files import (
    DocumentKind,
    IdentityDocument,
    IdentityDocumentContent,
    Letter,
    LetterKind,
)
from records_app.models.mail import MessageKind, MessageStatus, OutgoingMessage
from records_app.models.patients import Patient, PatientMatch
from records_app.models.print_runs import PrintRun
from records_app.models.releases import (
    DownloadCode,
    ReleasedFile,
    StoredFile,
    StoredFileChunk,
    ThirdPartyLink,
)
from records_app.models.requests import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Delivery,
    FulfilmentMethod,
    ReceivedVia,
    RecipientKind,
    RecordFormat,
    RecordsRequest,
    RecordsScope,
    RepresentativeAuthority,
    RequesterKind,
    RequestEvent,
    RequestStatusCount,
    StaffNote,
    Status,
    full_name,
    requester_name,
)

__all__ = [
    "CLOSED_STATUSES",
    "DENIAL_BASES",
    "MAX_ID",
    "OPEN_STATUSES",
    "AuditChainHead",
    "AuditEvent",
    "CannedText",
    "CannedTextUse",
    "Delivery",
    "DenialBasis",
    "DocumentKind",
    "DownloadCode",
    "FeePayment",
    "FeeQuote",
    "FeeRule",
    "FulfilmentMethod",
    "IdentityDocument",
    "IdentityDocumentContent",
    "Letter",
    "LetterKind",
    "MessageKind",
    "MessageStatus",
    "OutgoingMessage",
    "Patient",
    "PatientMatch",
    "PaymentMethod",
    "PrintRun",
    "QuoteAnswer",
    "ReceivedVia",
    "RecipientKind",
    "RecordFormat",
    "RecordsRequest",
    "RecordsScope",
    "RequestDraft",
    "ReleasedFile",
    "RepresentativeAuthority",
    "RequestEvent",
    "RequestStatusCount",
    "RequesterKind",
    "Role",
    "StaffNote",
    "StaffSession",
    "StaffUser",
    "StoredFile",
    "StoredFileChunk",
    "ThirdPartyLink",
    "Status",
    "LabelledChoice",
    "UTCDateTime",
    "full_name",
    "requester_name",
    "row_id",
    "utcnow",
]
