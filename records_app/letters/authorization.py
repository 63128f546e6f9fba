"""The signed request itself, on one page for the paper file: every answer the requester gave,
the statements they agreed to, the typed signature and when it was signed (45 CFR
164.508(c) for a release to a third party; 164.524(b)(1) for a patient's own request)."""

from datetime import datetime

from flask import current_app
from flask_babel import gettext, lazy_gettext

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

# How the request reached the practice, as the signed copy says it.
RECEIVED_HOW = {
    ReceivedVia.ONLINE: lazy_gettext("online"),
    ReceivedVia.MAIL: lazy_gettext("by mail"),
    ReceivedVia.FAX: lazy_gettext("by fax"),
    ReceivedVia.IN_PERSON: lazy_gettext("in person"),
}

# Small enough that the longest answers the form accepts still fit on one page.
SMALL = 8
LABEL_WIDTH = 24


def authorization(records_request: RecordsRequest, written_at: datetime) -> bytes:
    r = records_request
    page = LetterPage(gettext("Signed request for medical records"), written_at)
    page.heading(gettext("Signed request for medical records, as received"))
    page.items(
        [
            (
                gettext("Tracking code"),
                gettext(
                    "%(code)s, received %(received_on)s (%(how)s)",
                    code=r.tracking_code,
                    received_on=long_date(r.received_at),
                    how=RECEIVED_HOW[r.received_via],
                ),
            ),
            (gettext("Requester"), str(wording.REQUESTER_KINDS[r.requester_kind])),
            (gettext("Representative"), _joined(r.representative_name, _authority(r))),
            (
                gettext("Patient"),
                gettext(
                    "%(patient)s, born %(born_on)s",
                    patient=r.patient_full_name,
                    born_on=long_date(r.date_of_birth),
                ),
            ),
            (gettext("Other names"), r.patient_other_names),
            (gettext("Contact"), _joined(r.phone, r.email, *requester_address(r))),
            (gettext("Records asked for"), records_asked_for(r)),
            (gettext("Dates of care"), _dates_of_care(r)),
            (
                gettext("Format"),
                _joined(wording.RECORD_FORMATS[r.record_format], wording.DELIVERIES[r.delivery]),
            ),
            (gettext("Send to"), str(wording.RECIPIENT_KINDS[r.recipient_kind])),
            (gettext("Recipient"), _joined(r.recipient_name, r.recipient_organization)),
            (gettext("Recipient's address"), r.recipient_address),
            (
                gettext("Recipient's contact"),
                _joined(
                    r.recipient_phone and gettext("phone %(number)s", number=r.recipient_phone),
                    r.recipient_fax and gettext("fax %(number)s", number=r.recipient_fax),
                    r.recipient_email,
                ),
            ),
            (gettext("Purpose"), r.purpose),
            (gettext("Sensitive records, initialled"), _initials(r)),
            (gettext("Permission ends"), long_date(r.authorization_expires_on)),
        ],
        size=SMALL,
        label_width=LABEL_WIDTH,
    )
    page.items(
        [(_statements_heading(r), "\n".join(f"• {text}" for text in _statements(r)))],
        size=SMALL,
        label_width=LABEL_WIDTH,
    )
    page.items([(gettext("Signature"), _signature(r))], size=SMALL, label_width=LABEL_WIDTH)
    if wording.releases_part_2_records(r):
        page.items(
            [(gettext("Federal notice"), str(wording.PART_2_SHORT_NOTICE))],
            size=SMALL,
            label_width=LABEL_WIDTH,
        )
    return page.to_bytes()


def _joined(*parts: str | None) -> str:
    """Short answers that belong together on one line, so the page holds the longest."""
    return " · ".join(str(part) for part in parts if part)


def _authority(r: RecordsRequest) -> str:
    return str(wording.REPRESENTATIVE_AUTHORITIES.get(r.representative_authority, ""))


def records_asked_for(r: RecordsRequest) -> str:
    if not r.record_categories:
        return str(wording.RECORDS_SCOPES[r.records_scope])
    named = [str(wording.RECORD_CATEGORIES.get(key, key)) for key in r.record_categories]
    described = (
        [gettext("described: %(what)s", what=r.other_records_description)]
        if r.other_records_description
        else []
    )
    return "; ".join(named + described)


def _dates_of_care(r: RecordsRequest) -> str:
    if not (r.service_from or r.service_to):
        return ""
    return gettext(
        "%(start)s to %(end)s",
        start=long_date(r.service_from) or gettext("the start"),
        end=long_date(r.service_to) or gettext("the end"),
    )


def _initials(r: RecordsRequest) -> str:
    return "; ".join(
        f"{wording.SENSITIVE_CATEGORIES.get(category, category)}: {initials}"
        for category, initials in r.sensitive_initials.items()
    )


def _statements(r: RecordsRequest) -> list[str]:
    """The form cannot be sent without them: the truth of the answers always, and the
    authorization itself with the 164.508(c)(2) statements when the records go to a third
    party."""
    statements = [str(CONFIRMS_TRUTH_STATEMENT)]
    if r.recipient_kind == RecipientKind.THIRD_PARTY:
        statements.append(authorization_statement(current_app.config))
        statements += acknowledgement_statements(current_app.config).values()
    return statements


def _statements_heading(r: RecordsRequest) -> str:
    if r.received_via == ReceivedVia.ONLINE:
        return gettext("Statements agreed to")
    return gettext("Statements on the signed paper form")


def _signature(r: RecordsRequest) -> str:
    if r.received_via == ReceivedVia.ONLINE:
        return gettext(
            "Typed as “%(name)s”, signed online at %(signed_at)s",
            name=r.signature_name,
            signed_at=local_time(r.signed_at),
        )
    return gettext(
        "Signed on paper as “%(name)s”, dated %(signed_on)s; received %(received_on)s; typed "
        "in by staff",
        name=r.signature_name,
        signed_on=long_date(r.signed_at),
        received_on=long_date(r.received_at),
    )
