"""What each letter says. Every letter is written at the moment its step happens, from the
request as it stands then, in plain language addressed to the requester (the cover letter
goes with the records to whoever receives them)."""

from datetime import datetime

from flask import current_app
from flask_babel import gettext, lazy_gettext, ngettext

from records_app import fees, practice
from records_app.documents.retention import released_files_kept_until
from records_app.formatting import long_date, money
from records_app.letters.addressee import addressee_of
from records_app.letters.page import LetterPage
from records_app.letters.wording import HHS_OCR_COMPLAINTS, PART_2_NOTICE, releases_part_2_records
from records_app.models import (
    DENIAL_BASES,
    FulfilmentMethod,
    LetterKind,
    RecipientKind,
    RecordsRequest,
    Status,
)

HOW_SENT = {
    FulfilmentMethod.MAIL: lazy_gettext("by mail"),
    FulfilmentMethod.SECURE_EMAIL: lazy_gettext("by secure e-mail"),
    FulfilmentMethod.PICKUP: lazy_gettext("handed over in person"),
    FulfilmentMethod.FAX: lazy_gettext("by fax"),
}


def to_requester(records_request: RecordsRequest, kind: LetterKind, written_at, subject: str):
    page = LetterPage(subject, written_at)
    page.opening(written_at, addressee_of(records_request, kind), subject)
    page.paragraph(gettext("Dear %(name)s,", name=records_request.requester_name))
    return page


def reference(records_request: RecordsRequest) -> str:
    return gettext(
        "your request for copies of the medical records of %(patient)s, received on "
        "%(received_on)s (tracking code %(code)s)",
        patient=records_request.patient_full_name,
        received_on=long_date(records_request.received_at),
        code=records_request.tracking_code,
    )


def status_page_sentence(records_request: RecordsRequest) -> str:
    return gettext(
        "You can check the status of the request at %(url)s with the tracking code "
        "%(code)s and the patient's date of birth.",
        url=practice.status_page_url(),
        code=records_request.tracking_code,
    )


def signed_off(page: LetterPage) -> bytes:
    """Where to ask questions, the custodian's signature, and the finished PDF."""
    details = page.practice
    page.paragraph(
        gettext(
            "Questions: call %(phone)s, e-mail %(email)s, or write to %(custodian)s, %(address)s.",
            phone=details.phone,
            email=details.email,
            custodian=details.custodian,
            address=details.address,
        )
    )
    page.signature()
    return page.to_bytes()


def acknowledgement(records_request: RecordsRequest, written_at: datetime) -> bytes:
    r = records_request
    page = to_requester(
        r, LetterKind.ACKNOWLEDGEMENT, written_at, gettext("We received your request")
    )
    page.paragraph(
        gettext(
            "%(practice)s received your request for copies of the medical records of "
            "%(patient)s on %(received_on)s.",
            practice=page.practice.name,
            patient=r.patient_full_name,
            received_on=long_date(r.received_at),
        )
    )
    page.items(
        [
            (gettext("Tracking code"), r.tracking_code),
            (gettext("We will act by"), long_date(r.original_due_at)),
        ]
    )
    page.paragraph(
        gettext("Please keep this letter and give the tracking code whenever you contact us.")
        + " "
        + status_page_sentence(r)
    )
    page.paragraph(
        gettext(
            "Federal law (45 CFR 164.524) gives us 30 days from receipt to act on your "
            "request. If we need more time, we will write to you before that date to tell you "
            "why and by when we will act; the law allows one extension of at most 30 more "
            "days. Before we send any records we check the requester's identity and the "
            "signed request; if anything is missing, we will write to tell you what."
        )
    )
    return signed_off(page)


def extension_notice(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """45 CFR 164.524(b)(2)(ii): within the first 30 days, the reasons for the delay and the
    date by which the practice will act."""
    r = records_request
    page = to_requester(
        r,
        LetterKind.EXTENSION_NOTICE,
        written_at,
        gettext("We need more time to act on your request"),
    )
    page.paragraph(
        gettext(
            "We are writing about %(reference)s. We were due to act on it by %(due)s, but we "
            "need more time.",
            reference=reference(r),
            due=long_date(r.original_due_at),
        )
    )
    page.items(
        [
            (gettext("Reason for the delay"), r.extension_reason),
            (gettext("We will act by"), long_date(r.due_at)),
        ]
    )
    page.paragraph(
        gettext(
            "Federal law (45 CFR 164.524(b)(2)) allows one extension of at most 30 days, with "
            "a written notice like this one of the reason and the new date."
        )
        + " "
        + status_page_sentence(r)
    )
    return signed_off(page)


def information_request(records_request: RecordsRequest, written_at: datetime) -> bytes:
    r = records_request
    page = to_requester(
        r, LetterKind.INFORMATION_REQUEST, written_at, gettext("We need more information from you")
    )
    page.paragraph(
        gettext(
            "We are working on %(reference)s. Before we can go on, we need:",
            reference=reference(r),
        )
    )
    page.paragraph(r.info_requested_message or "")
    page.heading(gettext("How to send it"))
    page.items(practice.ways_to_send_documents())
    page.paragraph(
        gettext(
            "Please write the tracking code %(code)s on everything you send. We will go on "
            "with your request as soon as it arrives.",
            code=r.tracking_code,
        )
        + " "
        + status_page_sentence(r)
    )
    return signed_off(page)


def denial(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """45 CFR 164.524(d)(2): in plain language, the basis for the denial; whether and how
    the requester may have it reviewed; how to complain to the practice and to HHS."""
    r = records_request
    page = to_requester(r, LetterKind.DENIAL, written_at, gettext("Our decision on your request"))
    page.paragraph(
        gettext(
            "We are writing about %(reference)s. We have decided to deny it.",
            reference=reference(r),
        )
    )
    refusal(page, r, r.denial_basis, r.denial_explanation)
    page.signature()
    return page.to_bytes()


def refusal(page: LetterPage, r: RecordsRequest, basis_key: str, explanation: str | None) -> None:
    """The content of 45 CFR 164.524(d)(2) for what was refused, the whole request or a
    part withheld from a release: the basis, the review where the basis allows one, and how
    to complain."""
    basis = DENIAL_BASES[basis_key]
    details = page.practice
    page.heading(gettext("Why"))
    page.paragraph(f"{basis.cited}.")
    page.paragraph(explanation or "")
    page.heading(gettext("Having this decision reviewed"))
    if basis.reviewable:
        page.paragraph(
            gettext(
                "You have the right to have this denial reviewed by a licensed health care "
                "professional, chosen by us, who took no part in the decision "
                "(45 CFR 164.524(a)(4)). To ask for a review, write to %(custodian)s, "
                "%(practice)s, %(address)s, or e-mail %(email)s, and give the tracking code "
                "%(code)s. We will send your request to the reviewer promptly and tell you the "
                "reviewer's decision in writing. We will follow that decision.",
                custodian=details.custodian,
                practice=details.name,
                address=details.address,
                email=details.email,
                code=r.tracking_code,
            )
        )
    elif basis.is_unreviewable_ground:
        page.paragraph(
            gettext(
                "The law does not give a right to have a denial on this basis reviewed "
                "(45 CFR 164.524(a)(2)). You may still complain, as set out below."
            )
        )
    else:
        page.paragraph(
            gettext(
                "This is not a decision that you have no right to the records: we could not "
                "act on the request as it was made. You may send a new request at any time, "
                "with what was missing."
            )
        )
    complaint_routes(page)


def withheld_part(page: LetterPage, r: RecordsRequest) -> None:
    """45 CFR 164.524(d)(1): access given to the rest, and for the part withheld the
    content of a denial."""
    page.heading(gettext("What we did not send"))
    page.paragraph(
        gettext(
            "We sent everything else you asked for, but not this part: %(part)s",
            part=r.withheld_description,
        )
    )
    refusal(page, r, r.withheld_basis, r.withheld_explanation)


def withheld_notice(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """The requester's letter when the records went to a third party with a part withheld:
    what was sent, to whom, and the denial's content for the part withheld."""
    r = records_request
    page = to_requester(
        r, LetterKind.WITHHELD_NOTICE, written_at, gettext("We sent part of the records")
    )
    page.paragraph(
        gettext(
            "We are writing about %(reference)s. On %(sent_on)s we sent %(what)s to %(to)s, "
            "as you asked.",
            reference=reference(r),
            sent_on=long_date(r.sent_on),
            what=r.records_sent,
            to=r.sent_to,
        )
    )
    withheld_part(page, r)
    page.signature()
    return page.to_bytes()


def complaint_routes(page: LetterPage) -> None:
    """45 CFR 164.524(d)(2)(iii): how to complain to the practice and to HHS."""
    details = page.practice
    page.heading(gettext("How to complain"))
    page.paragraph(
        gettext(
            "If you think we got this wrong, you may complain to us: %(custodian)s, "
            "%(practice)s, %(address)s; phone %(phone)s; e-mail %(email)s.",
            custodian=details.custodian,
            practice=details.name,
            address=details.address,
            phone=details.phone,
            email=details.email,
        )
    )
    page.paragraph(
        gettext(
            "You may also complain to the federal government: %(office)s. We will not hold a "
            "complaint against you in any way.",
            office=HHS_OCR_COMPLAINTS,
        )
    )


def review_decision(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """45 CFR 164.524(a)(4), (d)(4): the reviewing professional's decision, which the
    practice follows, in plain language and naming the reviewer's role. Upheld, the denial
    stands and the requester may still complain; overturned, the records are sent."""
    r = records_request
    upheld = r.status is not Status.APPROVED
    page = to_requester(
        r,
        LetterKind.REVIEW_DECISION,
        written_at,
        gettext("The review of our decision on your request"),
    )
    page.paragraph(
        gettext(
            "We are writing about %(reference)s. You asked for a review of our decision not "
            "to give you these records. The review is done.",
            reference=reference(r),
        )
    )
    page.items(
        [
            (
                gettext("Reviewer"),
                gettext("%(role)s, who took no part in our decision", role=r.reviewer_role),
            ),
            (
                gettext("Decision"),
                gettext("Our decision stands") if upheld else gettext("Our decision is overturned"),
            ),
            (gettext("Reasons"), r.review_decision),
        ]
    )
    if upheld:
        page.paragraph(
            gettext(
                "The law makes this review's decision final (45 CFR 164.524(d)(4)): we will "
                "not send the records on this request. You may still complain, as set out "
                "below."
            )
        )
        complaint_routes(page)
    else:
        page.paragraph(
            gettext(
                "We follow the reviewer's decision (45 CFR 164.524(d)(4)), so we will send the "
                "records as you asked."
            )
            + " "
            + status_page_sentence(r)
        )
    return signed_off(page)


def no_records(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """45 CFR 164.524(d)(3): the practice does not hold the records asked for. Not a denial,
    so no basis and no review; where the practice knows where the records are, it tells the
    requester where to direct the request."""
    r = records_request
    page = to_requester(
        r, LetterKind.NO_RECORDS, written_at, gettext("We do not hold these records")
    )
    page.paragraph(
        gettext(
            "We are writing about %(reference)s. We looked for the records and found that "
            "%(practice)s holds none for this patient.",
            reference=reference(r),
            practice=page.practice.name,
        )
    )
    page.items([(gettext("Where we looked"), r.no_records_searched)])
    page.paragraph(
        gettext(
            "This is not a refusal: there is nothing here for us to give you. If the patient "
            "was seen under another name, or at other dates, you may send a new request "
            "saying so."
        )
    )
    if r.records_elsewhere:
        page.heading(gettext("Where to send your request instead"))
        page.paragraph(gettext("The records may be held by:"))
        page.items([(name, how) for name, how in r.records_elsewhere], label_width=36)
    return signed_off(page)


def reopened(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """The requester is told that their closed request is open again, why, and the new
    date: 30 days from the re-opening (45 CFR 164.524(b)(2))."""
    r = records_request
    page = to_requester(
        r, LetterKind.REOPENED, written_at, gettext("We are working on your request again")
    )
    page.paragraph(
        gettext(
            "We have re-opened %(reference)s, and are working on it again.",
            reference=reference(r),
        )
    )
    page.items(
        [
            (gettext("Why"), r.reopen_reason),
            (gettext("We will act by"), long_date(r.due_at)),
        ]
    )
    page.paragraph(
        gettext(
            "Federal law (45 CFR 164.524(b)(2)) gives us 30 days from today to act; if we need "
            "more time, we will write to tell you why and by when."
        )
        + " "
        + status_page_sentence(r)
    )
    return signed_off(page)


def _online_copy(r: RecordsRequest) -> str | None:
    """How to download the released files and until when, when there are any."""
    files = r.released_files_held
    if not files or r.closed_at is None:
        return None
    days_kept = current_app.config["RELEASE_DAYS_KEPT"]
    until = long_date(released_files_kept_until(r.closed_at, days_kept))
    count = ngettext("%(num)s file", "%(num)s files", len(files))
    if r.recipient_kind == RecipientKind.THIRD_PARTY and r.recipient_email:
        return gettext(
            "The records are also online, as %(count)s. A link to them was e-mailed to "
            "%(email)s; it asks for the patient's date of birth and works until %(until)s.",
            count=count,
            email=r.recipient_email,
            until=until,
        )
    if r.email:
        return gettext(
            "The records are also online, as %(count)s, until %(until)s. Download them from "
            "%(url)s with the tracking code, the patient's date of birth and a code we e-mail "
            "to the address you gave.",
            count=count,
            until=until,
            url=practice.status_page_url(),
        )
    return gettext(
        "The records are also online, as %(count)s, until %(until)s. Download them from "
        "%(url)s with the tracking code and the patient's date of birth.",
        count=count,
        until=until,
        url=practice.status_page_url(),
    )


def cover_letter(records_request: RecordsRequest, written_at: datetime) -> bytes:
    """Goes with the records: what was sent, to whom, how, and the fee, if any, with the
    rule it came from. When a part was withheld and the records go to the requester, this
    one letter also gives what was withheld and why (45 CFR 164.524(d)(1)-(2))."""
    r = records_request
    subject = gettext("Copies of medical records")
    page = LetterPage(subject, written_at)
    page.opening(written_at, addressee_of(r, LetterKind.COVER_LETTER), subject)
    page.paragraph(
        gettext(
            "%(practice)s has closed; its records are kept by %(custodian)s. As asked in a "
            "signed request, these copies of the medical records of %(patient)s were sent as "
            "follows.",
            practice=page.practice.name,
            custodian=page.practice.custodian,
            patient=r.patient_full_name,
        )
    )
    page.items(
        [
            (gettext("Patient"), r.patient_full_name),
            (gettext("Date of birth"), long_date(r.date_of_birth)),
            (gettext("Tracking code"), r.tracking_code),
            (gettext("What was sent"), r.records_sent),
            (gettext("Sent to"), r.sent_to),
            (gettext("How"), str(HOW_SENT[r.fulfilment_method]) if r.fulfilment_method else ""),
            (gettext("Date sent"), long_date(r.sent_on)),
            (gettext("Carrier tracking"), r.carrier_tracking),
            (gettext("Fee"), _fee_charged(r)),
        ]
    )
    if r.fee_quote is not None:
        page.paragraph(
            gettext(
                "How the fee was set: %(rule)s. %(why)s",
                rule=r.fee_quote.rule.label,
                why=fees.WHY[r.fee_quote.rule],
            )
        )
    if r.is_partial_release and r.recipient_kind != RecipientKind.THIRD_PARTY:
        withheld_part(page, r)
    elif r.is_partial_release:
        page.paragraph(
            gettext(
                "Part of what was asked for was withheld; we have written to the requester to "
                "say what and why."
            )
        )
    if releases_part_2_records(r):
        page.heading("Notice of the federal rules on these records (42 CFR 2.32)")
        page.paragraph(PART_2_NOTICE, size=9)
    if online := _online_copy(r):
        page.paragraph(online)
    page.paragraph(
        gettext(
            "These records are protected health information. If they reached you by mistake, "
            "please tell us at %(phone)s and destroy or return them.",
            phone=page.practice.phone,
        )
    )
    page.signature()
    return page.to_bytes()


def _fee_charged(records_request: RecordsRequest) -> str:
    """The fee charged when the records went out, and where its payment stands."""
    ledger = fees.ledger_of(records_request)
    if ledger is None or not ledger.charged:
        waived = ledger is not None and ledger.waived
        return (
            gettext("None: the fee was waived.") if waived else gettext("None: there is no charge.")
        )
    standing = [
        what % {"amount": money(amount)}
        for amount, what in (
            (ledger.paid, gettext("%(amount)s paid")),
            (ledger.waived, gettext("%(amount)s waived")),
            (ledger.outstanding, gettext("%(amount)s still owed")),
        )
        if amount
    ]
    return f"{money(ledger.charged)} ({', '.join(standing)})"
