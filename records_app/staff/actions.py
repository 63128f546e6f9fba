"""The request page's actions as a table: for each, the form that collects it, the lifecycle
verb that carries it out and what staff are told when it is done. One view serves them all."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from werkzeug.datastructures import MultiDict

from records_app import lifecycle, releases
from records_app.lifecycle import Action
from records_app.models import RecordsRequest
from records_app.staff.fee_forms import AnswerForm, PaymentForm, QuoteForm, WaiverForm
from records_app.staff.forms import (
    ActionForm,
    ApproveForm,
    AssignForm,
    DenyForm,
    ExtendForm,
    NoRecordsForm,
    ReceiveInfoForm,
    ReopenForm,
    RequestInfoForm,
    SecondCheckForm,
    StartReviewForm,
    WithdrawForm,
)
from records_app.staff.release_forms import FulfilForm
from records_app.staff.review_forms import DenialReviewDecisionForm, RequestDenialReviewForm
from records_app.staff.spam_forms import MarkSpamForm


@dataclass(frozen=True)
class StaffAction:
    form: type[ActionForm]
    verb: Callable[..., None]
    done: str


ACTIONS: dict[Action, StaffAction] = {
    Action.START_REVIEW: StaffAction(StartReviewForm, lifecycle.start_review, "Review started."),
    Action.REQUEST_INFO: StaffAction(
        RequestInfoForm,
        lifecycle.request_info,
        "Information requested; the requester sees your message on the status page. "
        "Print the letter under Letters to post it.",
    ),
    Action.RECEIVE_INFO: StaffAction(
        ReceiveInfoForm, lifecycle.receive_info, "Information received; back in review."
    ),
    Action.APPROVE: StaffAction(
        ApproveForm,
        lifecycle.approve,
        "Approved. Send the records, then mark the request fulfilled.",
    ),
    Action.DENY: StaffAction(
        DenyForm,
        lifecycle.deny,
        "Denied. Print the denial letter under Letters and send it to the requester.",
    ),
    Action.REPORT_NO_RECORDS: StaffAction(
        NoRecordsForm,
        lifecycle.report_no_records,
        "Recorded as no records held. Print the letter under Letters and send it to the requester.",
    ),
    Action.SECOND_CHECK: StaffAction(
        SecondCheckForm,
        lifecycle.second_check,
        "Second check recorded. Another staff member may now send the records.",
    ),
    Action.FULFIL: StaffAction(
        FulfilForm,
        releases.release,
        "Marked fulfilled. The cover letter is under Letters, for the records or the file.",
    ),
    Action.REQUEST_DENIAL_REVIEW: StaffAction(
        RequestDenialReviewForm,
        lifecycle.request_denial_review,
        "Review requested. Refer it to a licensed professional who took no part in the denial.",
    ),
    Action.UPHOLD_DENIAL: StaffAction(
        DenialReviewDecisionForm,
        partial(lifecycle.decide_denial_review, upheld=True),
        "Denial upheld. Print the review's decision letter under Letters and send it to the "
        "requester.",
    ),
    Action.OVERTURN_DENIAL: StaffAction(
        DenialReviewDecisionForm,
        partial(lifecycle.decide_denial_review, upheld=False),
        "Denial overturned; the request is approved. Send the records, with the review's "
        "decision letter under Letters.",
    ),
    Action.WITHDRAW: StaffAction(WithdrawForm, lifecycle.withdraw, "Withdrawn."),
    Action.REOPEN: StaffAction(
        ReopenForm,
        lifecycle.reopen,
        "Re-opened; back in review with a new 30-day deadline. Print the letter under Letters "
        "to tell the requester.",
    ),
    Action.EXTEND: StaffAction(
        ExtendForm,
        lifecycle.extend,
        "Deadline extended. Print the extension notice under Letters and send it today.",
    ),
    Action.ASSIGN: StaffAction(AssignForm, lifecycle.assign, "Assignment saved."),
    Action.SEND_QUOTE: StaffAction(
        QuoteForm,
        lifecycle.send_quote,
        "Quote sent. The requester sees it on the status page; print the letter under Letters "
        "to post it. The deadline keeps running while you wait for an answer.",
    ),
    Action.ACCEPT_QUOTE: StaffAction(
        AnswerForm,
        partial(lifecycle.answer_quote, accepted=True),
        "Acceptance recorded. The invoice is under Letters.",
    ),
    Action.DECLINE_QUOTE: StaffAction(
        AnswerForm,
        partial(lifecycle.answer_quote, accepted=False),
        "Refusal recorded. Send a lower quote or waive the fee, or go on without one for a "
        "patient's own records.",
    ),
    Action.RECORD_PAYMENT: StaffAction(
        PaymentForm,
        lifecycle.record_payment,
        "Payment recorded. The receipt is under Letters.",
    ),
    Action.WAIVE_FEE: StaffAction(WaiverForm, lifecycle.waive_fee, "Fee waived."),
    Action.MARK_SPAM: StaffAction(
        MarkSpamForm, lifecycle.mark_spam, "Marked as spam: closed, with no letter and no e-mail."
    ),
}


def build_form(
    action: Action, records_request: RecordsRequest, formdata: MultiDict | None = None
) -> ActionForm:
    """The action's form, filled from `formdata` when submitted, else with the version on
    the page and the pre-filled answers. Each form has its own prefix so that several can
    share the page without their fields colliding."""
    form_class = ACTIONS[action].form
    initial = (
        {}
        if formdata is not None
        else {"version": str(records_request.version), **form_class.initial_values(records_request)}
    )
    form = form_class(formdata=formdata, prefix=action.value, **initial)
    form.prepare(records_request)
    return form


def page_forms(
    records_request: RecordsRequest, submitted: dict[Action, ActionForm] | None = None
) -> dict[Action, ActionForm]:
    """A form for each offered action, the one just submitted (with its errors) in its place.
    A submitted form stays even when its action is no longer offered (a second payment after
    the fee was paid in full), so that the message beside its field is seen."""
    submitted = submitted or {}
    offered = {
        action: submitted[action] if action in submitted else build_form(action, records_request)
        for action in lifecycle.allowed_actions(records_request)
    }
    return offered | submitted
