"""What a step leaves behind besides the new status: its event row, the letters it owes
(the written notices of 45 CFR 164.524(b)(2)(ii), (d)(2) and (d)(3), the fee's quote, invoice and
receipt, and what keeps the requester and the paper file informed) and the e-mail the
requester is owed."""

from records_app import letters
from records_app.extensions import db
from records_app.lifecycle.rules import Action
from records_app.mail import outbox
from records_app.models import (
    LetterKind,
    MessageKind,
    RecipientKind,
    RecordsRequest,
    RequestEvent,
    Status,
    utcnow,
)

LETTERS: dict[Action, tuple[LetterKind, ...]] = {
    Action.RECEIVE: (LetterKind.ACKNOWLEDGEMENT, LetterKind.AUTHORIZATION),
    Action.EXTEND: (LetterKind.EXTENSION_NOTICE,),
    Action.REQUEST_INFO: (LetterKind.INFORMATION_REQUEST,),
    Action.DENY: (LetterKind.DENIAL,),
    Action.REPORT_NO_RECORDS: (LetterKind.NO_RECORDS,),
    Action.REOPEN: (LetterKind.REOPENED,),
    Action.UPHOLD_DENIAL: (LetterKind.REVIEW_DECISION,),
    Action.OVERTURN_DENIAL: (LetterKind.REVIEW_DECISION,),
    Action.FULFIL: (LetterKind.COVER_LETTER,),
    Action.SEND_QUOTE: (LetterKind.FEE_QUOTE,),
    Action.ACCEPT_QUOTE: (LetterKind.INVOICE,),
    Action.RECORD_PAYMENT: (LetterKind.RECEIPT,),
    Action.CLOSE_UNANSWERED: (LetterKind.CLOSED_UNANSWERED,),
}

# What the requester is e-mailed about, when they gave an address (records_app/mail).
REQUESTER_HEARS_OF = {
    Action.RECEIVE: MessageKind.RECEIVED,
    Action.REQUEST_INFO: MessageKind.NEEDS_INFO,
    Action.APPROVE: MessageKind.APPROVED,
    Action.DENY: MessageKind.DENIED,
    Action.REPORT_NO_RECORDS: MessageKind.NO_RECORDS,
    Action.FULFIL: MessageKind.FULFILLED,
    Action.EXTEND: MessageKind.EXTENDED,
    Action.WITHDRAW: MessageKind.WITHDRAWN,
    Action.REOPEN: MessageKind.REOPENED,
    Action.UPHOLD_DENIAL: MessageKind.REVIEW_DECIDED,
    Action.OVERTURN_DENIAL: MessageKind.REVIEW_DECIDED,
    Action.SEND_QUOTE: MessageKind.FEE_QUOTED,
    Action.RECORD_PAYMENT: MessageKind.PAYMENT_RECEIVED,
    Action.WAIVE_FEE: MessageKind.FEE_WAIVED,
    Action.CLOSE_UNANSWERED: MessageKind.CLOSED_UNANSWERED,
}

# Withdrawing a request for review leaves the denial standing: the requester hears that the
# review, not the request, was withdrawn.
HEARS_INSTEAD_FROM: dict[tuple[Action, Status], MessageKind] = {
    (Action.WITHDRAW, Status.DENIAL_REVIEW): MessageKind.REVIEW_WITHDRAWN,
}


def letters_owed(records_request: RecordsRequest, action: Action) -> tuple[LetterKind, ...]:
    """The step's letters; a release with a part withheld owes the requester the denial's
    content (45 CFR 164.524(d)(1)-(2)): in the cover letter when the records go to them, in
    a notice of its own when they go to a third party."""
    owed = LETTERS.get(action, ())
    if (
        action is Action.FULFIL
        and records_request.is_partial_release
        and records_request.recipient_kind == RecipientKind.THIRD_PARTY
    ):
        owed += (LetterKind.WITHHELD_NOTICE,)
    return owed


def record(records_request: RecordsRequest, event: RequestEvent) -> None:
    """Adds the event, the letters it owes and the e-mail the requester is owed to the
    step's own transaction: a step that fails leaves none of them, a letter always says what
    the request says (the receipt letters' rows are here, their PDFs written after the
    response: `letters.WRITTEN_AFTER_THE_RESPONSE`), and `flask mail send` finds the e-mail
    only once the caller's commit has made the change real."""
    event.occurred_at = event.occurred_at or utcnow()
    db.session.add(event)
    action = Action(event.action)
    letters.issue(records_request, letters_owed(records_request, action), event)
    message_kind = HEARS_INSTEAD_FROM.get((action, event.from_status)) or REQUESTER_HEARS_OF.get(
        action
    )
    if message_kind:
        outbox.queue(records_request, message_kind)
