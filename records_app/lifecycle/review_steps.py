"""The review of a denial, whole or of a part withheld from a release (45 CFR 164.524(a)(3)-(4),
(d)(1), (d)(4)): the requester's request for it, and the reviewing professional's decision,
which the practice follows. Steps like the others: checked against the transition table,
written by the compare-and-set in `transition`, the caller commits."""

import re

import sqlalchemy as sa

from records_app.extensions import db
from records_app.lifecycle.deadlines import denial_review_due_at
from records_app.lifecycle.errors import ActionRefused
from records_app.lifecycle.rules import Action, denial_is_reviewable
from records_app.lifecycle.transition import apply, required
from records_app.models import RecordsRequest, RequestEvent, StaffUser, Status, utcnow

# A denial, or a part withheld from a release, may be reviewed (45 CFR 164.524(a)(4)).
REVIEWED_FROM = (Status.DENIED, Status.FULFILLED)
UNDER_REVIEW = (Status.DENIAL_REVIEW, Status.WITHHELD_REVIEW)
# Overturned, what was refused is approved: its basis goes, and a part withheld goes back
# to be released (the release already made stays in the history and its letter).
OVERTURNED_CLEARS = {
    "denial_basis": None,
    "denial_explanation": None,
    "withheld_description": None,
    "withheld_basis": None,
    "withheld_explanation": None,
    "fulfilled_at": None,
    "fulfilled_by_id": None,
}


def request_denial_review(
    request: RecordsRequest, actor: StaffUser, expected_version: int, how: str
) -> None:
    """45 CFR 164.524(a)(4): a requester denied on a reviewable basis (a)(3), in whole or in
    part (a part withheld from a release, (d)(1)), may have the denial reviewed. The request
    reopens, with the review's own deadline."""
    if request.status in REVIEWED_FROM and not denial_is_reviewable(request):
        raise ActionRefused("This denial's basis is not reviewable (45 CFR 164.524(a)(2)).")
    how = required(how, "Say how and when the requester asked for the review.")
    now = utcnow()
    due_at = denial_review_due_at(request, now)
    apply(
        request,
        Action.REQUEST_DENIAL_REVIEW,
        actor,
        expected_version,
        now=now,
        reason=how,
        changes={"due_at": due_at},
    )


def decide_denial_review(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    upheld: bool,
    reviewer: str,
    reviewer_role: str,
    reviewer_took_no_part: bool,
    decision: str,
) -> None:
    """164.524(d)(4): the reviewing official is a licensed health care professional who did
    not take part in the original denial, and the practice acts on their decision. Whoever
    records the decision may be anyone on the staff, the one who denied included: a closed
    practice often has a single custodian. What must hold is that the reviewer named is
    someone else; the reviewer is named in the history, and the requester's letter names the
    reviewer's role and gives the decision."""
    reviewer = required(reviewer, "Name the reviewing professional and their licence.")
    if not reviewer_took_no_part:
        raise ActionRefused(
            "Confirm that the reviewing professional took no part in the original denial."
        )
    if request.status in UNDER_REVIEW and (denier := _denier_named(request, reviewer)):
        raise ActionRefused(
            f"{denier} denied this request, so cannot review the denial. Name a licensed "
            "professional who took no part in it."
        )
    reviewer_role = required(
        reviewer_role, "Say what kind of professional the reviewer is; the letter names it."
    )
    decision = required(decision, "Write the reviewer's decision and reasons.")
    action = Action.UPHOLD_DENIAL if upheld else Action.OVERTURN_DENIAL
    changes = {"reviewer_role": reviewer_role, "review_decision": decision}
    if not upheld:
        changes |= OVERTURNED_CLEARS
    apply(
        request,
        action,
        actor,
        expected_version,
        reason=f"Reviewed by {reviewer} ({reviewer_role}): {decision}",
        changes=changes,
    )


def _denier_named(request: RecordsRequest, reviewer: str) -> str | None:
    """The name of a staff member who denied the request, or withheld part of a release,
    when the reviewer as typed is them: every word of their name is among the words typed
    ("Dr. Casey Clerk, MD")."""
    typed = set(_words(reviewer))
    deniers = db.session.scalars(
        sa.select(StaffUser.name)
        .join(RequestEvent, RequestEvent.actor_id == StaffUser.id)
        .where(
            RequestEvent.request_id == request.id,
            RequestEvent.action.in_((Action.DENY, Action.FULFIL)),
        )
    )
    return next((name for name in deniers if set(_words(name)) <= typed), None)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())
