"""What a step leaves behind besides the new status: its event row, the letters it owes
(the written notices of 45 CFR 164.524(b)(2)(ii) and (d)(2), the fee's quote, invoice and
receipt, and what keeps the requester and the paper file informed) and the e-mail the
requester is owed."""

from records_app import letters
from records_app.extensions import db
from records_app.lifecycle.rules import Action
from records_app.mail import outbox
from records_app.models import LetterKind, MessageKind, RecordsRequest, RequestEvent, utcnow

LETTERS: dict[Action, tuple[LetterKind, ...]] = {
    Action.RECEIVE: (LetterKind.ACKNOWLEDGEMENT, LetterKind.AUTHORIZATION),
    Action.EXTEND: (LetterKind.EXTENSION_NOTICE,),
    Action.REQUEST_INFO: (LetterKind.INFORMATION_REQUEST,),
    Action.DENY: (LetterKind.DENIAL,),
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
    Action.FULFIL: MessageKind.FULFILLED,
    Action.EXTEND: MessageKind.EXTENDED,
    Action.WITHDRAW: MessageKind.WITHDRAWN,
    Action.UPHOLD_DENIAL: MessageKind.DENIED,
    Action.OVERTURN_DENIAL: MessageKind.APPROVED,
    Action.SEND_QUOTE: MessageKind.FEE_QUOTED,
    Action.RECORD_PAYMENT: MessageKind.PAYMENT_RECEIVED,
    Action.WAIVE_FEE: MessageKind.FEE_WAIVED,
    Action.CLOSE_UNANSWERED: MessageKind.CLOSED_UNANSWERED,
}


def record(records_request: RecordsRequest, event: RequestEvent) -> None:
    """Adds the event, the letters it owes and the e-mail the requester is owed to the
    step's own transaction: a step that fails leaves none of them, a letter always says what
    the request says (the receipt letters' rows are here, their PDFs written after the
    response: `letters.WRITTEN_AFTER_THE_RESPONSE`), and `flask mail send` finds the e-mail
    only once the caller's commit has made the change real."""
    event.occurred_at = event.occurred_at or utcnow()
    db.session.add(event)
    action = Action(event.action)
    letters.issue(records_request, LETTERS.get(action, ()), event)
    if message_kind := REQUESTER_HEARS_OF.get(action):
        outbox.queue(records_request, message_kind)
