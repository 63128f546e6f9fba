"""The signed request itself, on one page for the paper file: every answer the requester gave,
the statements they agreed to, the typed signature and when it was signed (45 CFR
164.508(c) for a release to a third party; 164.524(b)(1) for a patient's own request)."""

from datetime import datetime

from flask import current_app

from records_app.formatting import local_time, long_date
from records_app.letters import wording
from records_app.letters.addressee import requester_address
from records_app.letters.page import LetterPage
from records_app.letters.wording import (
    CONFIRMS_TRUTH_STATEMENT,
    acknowledgement_statements,
    authorization_statement,
)
from records_app.models import ReceivedVia, RecipientKind, RecordsRequest

# Small enough that the longest answers the form accepts still fit on one page.
SMALL = 8
LABEL_WIDTH = 24


def authorization(records_request: RecordsRequest, written_at: datetime) -> bytes:
    r = records_request
    page = LetterPage("Signed request for medical records", written_at)
    page.heading("Signed request for medical records, as received")
    page.items(
        [
            (
                "Tracking code",
                f"{r.tracking_code}, received {long_date(r.received_at)} "
                f"({r.received_via.label.lower()})",
            ),
            ("Requester", wording.REQUESTER_KINDS[r.requester_kind]),
            ("Representative", _joined(r.representative_name, _authority(r))),
            ("Patient", f"{r.patient_full_name}, born {long_date(r.date_of_birth)}"),
            ("Other names", r.patient_other_names),
            ("Contact", _joined(r.phone, r.email, *requester_address(r))),
            ("Records asked for", records_asked_for(r)),
            ("Dates of care", _dates_of_care(r)),
            (
                "Format",
                _joined(wording.RECORD_FORMATS[r.record_format], wording.DELIVERIES[r.delivery]),
            ),
            ("Send to", wording.RECIPIENT_KINDS[r.recipient_kind]),
            ("Recipient", _joined(r.recipient_name, r.recipient_organization)),
            ("Recipient's address", r.recipient_address),
            (
                "Recipient's contact",
                _joined(
                    r.recipient_phone and f"phone {r.recipient_phone}",
                    r.recipient_fax and f"fax {r.recipient_fax}",
                    r.recipient_email,
                ),
            ),
            ("Purpose", r.purpose),
            ("Sensitive records, initialled", _initials(r)),
            ("Permission ends", long_date(r.authorization_expires_on)),
        ],
        size=SMALL,
        label_width=LABEL_WIDTH,
    )
    page.items(
        [(_statements_heading(r), "\n".join(f"• {text}" for text in _statements(r)))],
        size=SMALL,
        label_width=LABEL_WIDTH,
    )
    page.items([("Signature", _signature(r))], size=SMALL, label_width=LABEL_WIDTH)
    if wording.releases_part_2_records(r):
        page.items(
            [("Federal notice", wording.PART_2_SHORT_NOTICE)], size=SMALL, label_width=LABEL_WIDTH
        )
    return page.to_bytes()


def _joined(*parts: str | None) -> str:
    """Short answers that belong together on one line, so the page holds the longest."""
    return " · ".join(part for part in parts if part)


def _authority(r: RecordsRequest) -> str:
    return wording.REPRESENTATIVE_AUTHORITIES.get(r.representative_authority, "")


def records_asked_for(r: RecordsRequest) -> str:
    if not r.record_categories:
        return wording.RECORDS_SCOPES[r.records_scope]
    named = [wording.RECORD_CATEGORIES.get(key, key) for key in r.record_categories]
    described = [f"described: {r.other_records_description}"] if r.other_records_description else []
    return "; ".join(named + described)


def _dates_of_care(r: RecordsRequest) -> str:
    if not (r.service_from or r.service_to):
        return ""
    return f"{long_date(r.service_from) or 'the start'} to {long_date(r.service_to) or 'the end'}"


def _initials(r: RecordsRequest) -> str:
    return "; ".join(
        f"{wording.SENSITIVE_CATEGORIES.get(category, category)}: {initials}"
        for category, initials in r.sensitive_initials.items()
    )


def _statements(r: RecordsRequest) -> list[str]:
    """The form cannot be sent without them: the truth of the answers always, and the
    authorization itself with the 164.508(c)(2) statements when the records go to a third
    party."""
    statements = [CONFIRMS_TRUTH_STATEMENT]
    if r.recipient_kind == RecipientKind.THIRD_PARTY:
        statements.append(authorization_statement(current_app.config))
        statements += acknowledgement_statements(current_app.config).values()
    return statements


def _statements_heading(r: RecordsRequest) -> str:
    if r.received_via == ReceivedVia.ONLINE:
        return "Statements agreed to"
    return "Statements on the signed paper form"


def _signature(r: RecordsRequest) -> str:
    if r.received_via == ReceivedVia.ONLINE:
        return f"Typed as “{r.signature_name}”, signed online at {local_time(r.signed_at)}"
    return (
        f"Signed on paper as “{r.signature_name}”, dated {long_date(r.signed_at)}; "
        f"received {long_date(r.received_at)}; typed in by staff"
    )
