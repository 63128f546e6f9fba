"""What the e-mails to requesters say. E-mail is not a safe place for health information,
so a message carries nothing beyond the first name: it says that the request's status
changed and links to the public status page, where the tracking code and date of birth
(never in the message or its link) show the rest. Letters are not attached. The one
exception is the tracking code sent again at the requester's asking, to the request's own
address, and never with the date of birth."""

from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from flask import current_app
from flask_babel import lazy_gettext

from records_app import practice
from records_app.language import ENGLISH, written_in
from records_app.mail import smtp
from records_app.models import MessageKind, RecordsRequest, RequesterKind


@dataclass(frozen=True)
class Wording:
    subject: str
    news: str


WORDING = {
    MessageKind.RECEIVED: Wording(
        lazy_gettext("We received your records request"),
        lazy_gettext(
            "We received your request for copies of medical records. We will e-mail you when "
            "its status changes."
        ),
    ),
    MessageKind.NEEDS_INFO: Wording(
        lazy_gettext("We need something from you for your records request"),
        lazy_gettext(
            "We need something from you before we can go on with your request. The status page "
            "says what and how to send it."
        ),
    ),
    MessageKind.APPROVED: Wording(
        lazy_gettext("Your records request is approved"),
        lazy_gettext("Your request is approved. We are getting the copies ready."),
    ),
    MessageKind.DENIED: Wording(
        lazy_gettext("A decision on your records request"),
        lazy_gettext(
            "We could not approve your request. We are sending you a letter that explains why "
            "and what you can do if you disagree."
        ),
    ),
    MessageKind.NO_RECORDS: Wording(
        lazy_gettext("An answer to your records request"),
        lazy_gettext(
            "We looked for the records you asked for and found that we do not hold any for this "
            "patient. We are sending you a letter that says where the request may be sent "
            "instead, where we know."
        ),
    ),
    MessageKind.REVIEW_DECIDED: Wording(
        lazy_gettext("The review of our decision on your records request"),
        lazy_gettext(
            "The licensed health professional who reviewed our decision not to send the records "
            "has decided. We are sending you a letter with the decision and what happens next."
        ),
    ),
    MessageKind.REVIEW_WITHDRAWN: Wording(
        lazy_gettext("Your request for a review was withdrawn"),
        lazy_gettext(
            "Your request for a review of our decision was withdrawn, so the review has stopped "
            "and our earlier decision stands. If that is a mistake, contact us."
        ),
    ),
    MessageKind.REOPENED: Wording(
        lazy_gettext("Your records request is open again"),
        lazy_gettext(
            "We have re-opened your request and are working on it again. The status page gives "
            "the new date by which we will answer, and we are sending you a letter saying why."
        ),
    ),
    MessageKind.FULFILLED: Wording(
        lazy_gettext("Your records have been sent"),
        lazy_gettext("We have sent the records you asked for."),
    ),
    MessageKind.EXTENDED: Wording(
        lazy_gettext("We need more time for your records request"),
        lazy_gettext(
            "We need more time to answer your request. The status page gives the reason and the "
            "new date, and we are sending you a letter saying the same."
        ),
    ),
    MessageKind.WITHDRAWN: Wording(
        lazy_gettext("Your records request was cancelled"),
        lazy_gettext(
            "Your request was cancelled. If that is a mistake, contact us or send a new request."
        ),
    ),
    MessageKind.FEE_QUOTED: Wording(
        lazy_gettext("The fee for your records request"),
        lazy_gettext(
            "We have worked out the fee for the copies you asked for. The status page shows the "
            "amount, how it was worked out and how to pay, and lets you accept or decline it. We "
            "are also sending you a letter saying the same."
        ),
    ),
    MessageKind.PAYMENT_RECEIVED: Wording(
        lazy_gettext("We received your payment"),
        lazy_gettext(
            "We received a payment towards the fee for your request. The status page shows what "
            "is still owed, if anything, and we are sending you a receipt."
        ),
    ),
    MessageKind.CLOSED_UNANSWERED: Wording(
        lazy_gettext("Your records request was closed"),
        lazy_gettext(
            "We closed your request because we did not receive the information we asked for. "
            "We are sending you a letter that says what was missing. If you still want the "
            "records, send a new request with it; the status page links to the form."
        ),
    ),
    MessageKind.FEE_WAIVED: Wording(
        lazy_gettext("The fee for your records request is waived"),
        lazy_gettext("We have waived the fee for your request: there is nothing to pay."),
    ),
    MessageKind.DOWNLOAD_CODE: Wording(lazy_gettext("Your download code"), ""),
    MessageKind.RECORDS_LINK: Wording(lazy_gettext("Medical records released to you"), ""),
    MessageKind.RECORDS_ATTACHED: Wording(lazy_gettext("Your medical records (not encrypted)"), ""),
}
# Messages whose body is a template of their own rather than news of a status change.
# Asked for by the requester, not news of a status change: the one message that carries the
# tracking code, which alone shows nothing (a lookup needs the date of birth too), and only
# ever to the address given on the request.
WORDING[MessageKind.TRACKING_CODE] = Wording(
    lazy_gettext("Your tracking code"),
    lazy_gettext("You asked us to send the tracking code of your records request again."),
)

OWN_TEMPLATES = {
    MessageKind.TRACKING_CODE: "mail/tracking_code.txt",
    MessageKind.DOWNLOAD_CODE: "mail/download_code.txt",
    MessageKind.RECORDS_LINK: "mail/records_link.txt",
    MessageKind.RECORDS_ATTACHED: "mail/records_attached.txt",
}


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Recipient:
    address: str
    first_name: str | None
    # The language the message is written in (records_app.language).
    language: str = ENGLISH


def address_of(records_request: RecordsRequest, kind: MessageKind | None = None) -> str | None:
    """Where a message of this kind goes: the third party's address for a link to the
    records, the requester's for the rest; None when there is none."""
    if kind is MessageKind.RECORDS_LINK:
        return records_request.recipient_email or None
    return records_request.email or None


def recipient_of(
    records_request: RecordsRequest, kind: MessageKind | None = None
) -> Recipient | None:
    """The request's e-mail address, and the patient's first name when the patient is the
    one asking; a representative is greeted without a name rather than by someone else's.
    A link to the records goes to the third party they were directed to, unnamed and in
    English; the requester's messages are in the requester's language."""
    address = address_of(records_request, kind)
    if address is None:
        return None
    if kind is MessageKind.RECORDS_LINK:
        return Recipient(address, None)
    asked_for_self = records_request.requester_kind == RequesterKind.PATIENT
    first_name = records_request.patient_first_name if asked_for_self else None
    return Recipient(address, first_name, records_request.language)


def envelope(subject: str, recipient: Recipient, config: Mapping) -> EmailMessage:
    """A message from the practice, headers only: every e-mail the desk sends has these."""
    sender = smtp.sender_address(config)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((config["PRACTICE_NAME"], sender))
    message["To"] = recipient.address
    message["Reply-To"] = config["PRACTICE_EMAIL"]
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    # RFC 3834: an automatic message, so that out-of-office replies are not sent back.
    message["Auto-Submitted"] = "auto-generated"
    return message


def compose(
    kind: MessageKind,
    recipient: Recipient,
    config: Mapping,
    attachments: tuple[Attachment, ...] = (),
    **carried: object,
) -> EmailMessage:
    """`carried` is what the message holds beyond the request: a download code (and nothing
    else about the request), or a third party's link and until when it works; `attachments`
    the released files, for a requester who chose ordinary e-mail. Every message to a
    requester is written here, in the recipient's language."""
    wording = WORDING[kind]
    with written_in(recipient.language):
        message = envelope(str(wording.subject), recipient, config)
        # Rendered without the web pages' context, which needs a request: messages are also
        # sent from the command line.
        body = current_app.jinja_env.get_template(
            OWN_TEMPLATES.get(kind, "mail/status_changed.txt")
        )
        message.set_content(
            body.render(
                first_name=recipient.first_name,
                news=str(wording.news),
                status_url=practice.status_page_url(),
                forgotten_code_url=practice.forgotten_code_url(),
                practice=practice.details(),
                **carried,
            )
        )
    for attachment in attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message
