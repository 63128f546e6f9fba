"""The staff verbs: each is named after a staff action, checks it against the rules, and
writes the new status, the deadlines and one event row (with the letters and e-mail it owes)
in the caller's transaction; the caller commits once.

A transition is a compare-and-set on (id, version, status) (`transition`). The fee's verbs
are in `fee_steps`.
"""

from collections.abc import Collection, Sequence
from datetime import date

import sqlalchemy as sa

from records_app import fees, practice
from records_app.extensions import db
from records_app.lifecycle import events, release_checks
from records_app.lifecycle.deadlines import (
    MAX_EXTENSION_DAYS,
    first_due_at,
    latest_extension_date,
    practice_days_after,
)
from records_app.lifecycle.errors import ActionRefused
from records_app.lifecycle.rules import (
    Action,
    accepts_documents,
    four_eyes_required,
    second_checker,
)
from records_app.lifecycle.transition import apply, checked_next_status, required
from records_app.models import (
    DENIAL_BASES,
    CannedText,
    FulfilmentMethod,
    IdentityDocument,
    RecordsRequest,
    RequestEvent,
    StaffUser,
    utcnow,
)

# ---- staff actions ----------------------------------------------------------------------


def start_review(request: RecordsRequest, actor: StaffUser, expected_version: int) -> None:
    changes = {} if request.assigned_to_id else {"assigned_to_id": actor.id}
    apply(request, Action.START_REVIEW, actor, expected_version, changes=changes)


def request_info(
    request: RecordsRequest, actor: StaffUser, expected_version: int, message: str
) -> None:
    """The message is shown to the requester on the public status page."""
    message = required(message, "Write what the requester needs to send.")
    apply(
        request,
        Action.REQUEST_INFO,
        actor,
        expected_version,
        reason=message,
        changes={"info_requested_message": message},
    )


def receive_info(
    request: RecordsRequest, actor: StaffUser, expected_version: int, note: str = ""
) -> None:
    apply(
        request,
        Action.RECEIVE_INFO,
        actor,
        expected_version,
        reason=note.strip() or None,
        changes={"info_requested_message": None},
    )


def approve(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    identity_verified: bool,
    authorization_valid: bool,
) -> None:
    if not (identity_verified and authorization_valid):
        raise ActionRefused(
            "Confirm that the identity was verified and the authorization is valid."
        )
    now = utcnow()
    seen = _documents_on_file(request)
    reason = "Identity verified; authorization valid"
    if seen:
        reason += f"; identity documents on file: {len(seen)}"
    apply(request, Action.APPROVE, actor, expected_version, reason=reason, now=now)
    if seen:
        db.session.execute(
            sa.update(IdentityDocument)
            .where(IdentityDocument.id.in_(seen))
            .values(verified_at=now, verified_by_id=actor.id)
            .execution_options(synchronize_session=False)
        )


def _documents_on_file(request: RecordsRequest) -> list[int]:
    """The documents the approving staff member could look at: not yet purged, and not
    already tied to an earlier approval."""
    return list(
        db.session.scalars(
            sa.select(IdentityDocument.id).where(
                IdentityDocument.request_id == request.id,
                IdentityDocument.purged_at.is_(None),
                IdentityDocument.verified_at.is_(None),
            )
        )
    )


def record_documents_sent(request: RecordsRequest, count: int) -> None:
    """A history line for documents the requester sent from the status page after staff asked
    for more information. The status stays as it is: staff decide, with "Information
    received", whether what came is enough. The version stays too, so a clerk who has the
    page open is not stopped by an upload they will see on reload."""
    if not accepts_documents(request):
        raise ActionRefused("Documents can be sent only while we are waiting for information.")
    events.record(
        request,
        RequestEvent(
            request_id=request.id,
            actor_id=None,
            action=Action.SEND_DOCUMENTS,
            from_status=request.status,
            to_status=request.status,
            reason=f"{count} {'file' if count == 1 else 'files'} sent from the status page",
        ),
    )


def deny(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    basis: str,
    explanation: str,
) -> None:
    """45 CFR 164.524(d)(2): a written denial in plain language giving the basis and, where
    the basis is reviewable, the right to a review."""
    if basis not in DENIAL_BASES:
        raise ActionRefused("Choose the basis for the denial.")
    if DENIAL_BASES[basis].asked_for_first and not _asked_for_information(request):
        raise ActionRefused(
            "Ask the requester for what is missing first (Request information); deny on this "
            "basis only if it does not come."
        )
    explanation = required(explanation, "Explain the denial in plain language.")
    apply(
        request,
        Action.DENY,
        actor,
        expected_version,
        reason=f"{DENIAL_BASES[basis].cited}: {explanation}",
        changes={"denial_basis": basis, "denial_explanation": explanation},
    )


def _asked_for_information(request: RecordsRequest) -> bool:
    return (
        db.session.scalar(
            sa.select(RequestEvent.id)
            .where(
                RequestEvent.request_id == request.id,
                RequestEvent.action == Action.REQUEST_INFO,
            )
            .limit(1)
        )
        is not None
    )


def report_no_records(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    searched: str,
    places: Sequence[CannedText] = (),
) -> None:
    """45 CFR 164.524(d)(3): the practice holds no records for this patient. Not a denial:
    no basis and no review, but the requester is told, where the practice knows, where to
    direct the request (the places admins keep as standard texts)."""
    searched = required(searched, "Say where you looked for the records.")
    apply(
        request,
        Action.REPORT_NO_RECORDS,
        actor,
        expected_version,
        reason=f"Searched: {searched}"
        + "".join(f"; directed to {place.title}" for place in places),
        changes={
            "no_records_searched": searched,
            "records_elsewhere": [[place.title, place.body] for place in places],
        },
    )


def fulfil(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    sent_on: date,
    method: FulfilmentMethod,
    records_sent: str,
    sent_to: str,
    carrier_tracking: str = "",
    withheld: str = "",
    withheld_basis: str = "",
    withheld_explanation: str = "",
    checks_ticked: Collection[str],
) -> None:
    """The fee charged is the quote's, if one was sent (`fees.charge_at_release`). A third
    party's copy waits for its fee where the practice chooses so; a patient's never does.

    45 CFR 164.524(d)(1): part of what was asked may be withheld, on a basis of its own, while
    the rest is sent; the requester is told in writing what and why, as for a denial
    ((d)(2)), and may have a reviewable part reviewed.

    Every check of `release_checks.CHECKLIST` is ticked, and recorded, before release; a
    release that needs a second staff member's check (`four_eyes_required`) has had it, from
    someone other than the one who releases it."""
    if sent_on > practice.today():
        raise ActionRefused("The date sent cannot be in the future.")
    if sent_on < practice.local_date(request.received_at):
        raise ActionRefused("The date sent cannot be before the request was received.")
    if fees.release_waits_for_payment(request, fees.current()):
        raise ActionRefused(
            "This copy goes to a third party, and this practice sends it once the fee is "
            "paid or waived. Record the payment or waive the fee first."
        )
    records_sent = required(records_sent, "Describe what was sent.")
    sent_to = required(sent_to, "Say who the records were sent to.")
    part_withheld = _withheld_part(withheld, withheld_basis, withheld_explanation)
    # The checklist's event goes in before the release's, so the release must be possible.
    checked_next_status(request, Action.FULFIL, expected_version)
    release_checks.check_all_ticked(checks_ticked)
    _refuse_without_second_check(request, actor)
    release_checks.record_checked(request, actor)
    now = utcnow()
    apply(
        request,
        Action.FULFIL,
        actor,
        expected_version,
        now=now,
        reason=f"Sent {sent_on.isoformat()} by {method.value.replace('_', ' ')} to {sent_to}"
        + (
            f"; withheld: {part_withheld['withheld_description']} "
            f"({DENIAL_BASES[withheld_basis].cited})"
            if part_withheld["withheld_description"]
            else ""
        ),
        changes={
            "sent_on": sent_on,
            "fulfilment_method": method,
            "records_sent": records_sent,
            "sent_to": sent_to,
            "carrier_tracking": carrier_tracking.strip() or None,
            "fee_cents": fees.charge_at_release(request.fee_quote, sent_on, method),
            "fulfilled_at": now,
            "fulfilled_by_id": actor.id,
            **part_withheld,
        },
    )


def _withheld_part(withheld: str, basis: str, explanation: str) -> dict:
    """The part withheld from a release, checked as a denial's basis and explanation are;
    nothing withheld when nothing is described."""
    withheld = (withheld or "").strip()
    if not withheld:
        return {"withheld_description": None, "withheld_basis": None, "withheld_explanation": None}
    if basis not in DENIAL_BASES or DENIAL_BASES[basis].asked_for_first:
        raise ActionRefused("Choose the basis for withholding that part.")
    explanation = required(explanation, "Explain in plain language why that part is withheld.")
    return {
        "withheld_description": withheld,
        "withheld_basis": basis,
        "withheld_explanation": explanation,
    }


def _refuse_without_second_check(request: RecordsRequest, actor: StaffUser) -> None:
    if not four_eyes_required(request):
        return
    checker = second_checker(request)
    if checker is None:
        raise ActionRefused(
            "This release includes sensitive records, and this practice asks for a second "
            "staff member's check first (Second check before release)."
        )
    if checker == actor.id:
        raise ActionRefused(
            "You made the second check, so another staff member must release the records."
        )


def second_check(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    checks_ticked: Collection[str],
) -> None:
    """A second staff member goes through the same checklist before a release that needs
    it (`four_eyes_required`); the one who then releases it must be someone else."""
    release_checks.check_all_ticked(checks_ticked)
    apply(
        request,
        Action.SECOND_CHECK,
        actor,
        expected_version,
        reason="Second check: " + " ".join(release_checks.CHECKLIST.values()),
    )


def withdraw(request: RecordsRequest, actor: StaffUser, expected_version: int, reason: str) -> None:
    reason = required(reason, "Say how the requester cancelled the request.")
    apply(request, Action.WITHDRAW, actor, expected_version, reason=reason)


def extend(
    request: RecordsRequest,
    actor: StaffUser,
    expected_version: int,
    *,
    new_due_on: date,
    reason: str,
) -> None:
    """45 CFR 164.524(b)(2)(ii): once, while open, before the first 30 days run out (the
    written notice must go out within them), to at most 30 days after the original date."""
    now = utcnow()
    checked_next_status(request, Action.EXTEND, expected_version)
    if request.is_extended:
        raise ActionRefused("The deadline has already been extended once; the law allows one.")
    if now >= request.original_due_at:
        raise ActionRefused(
            "The first 30 days have run out; an extension notice can no longer be given."
        )
    reason = required(reason, "Give the reason for the delay; the notice must state it.")
    original_due_on = practice.local_date(request.original_due_at)
    if new_due_on <= original_due_on:
        raise ActionRefused("The new due date must be after the current one.")
    if new_due_on > latest_extension_date(request):
        raise ActionRefused(
            f"The new due date can be at most {MAX_EXTENSION_DAYS} days after the original "
            f"({latest_extension_date(request).isoformat()})."
        )
    new_due_at = practice_days_after(request.original_due_at, (new_due_on - original_due_on).days)
    apply(
        request,
        Action.EXTEND,
        actor,
        expected_version,
        now=now,
        reason=f"Due date moved to {new_due_on.isoformat()}: {reason}",
        changes={"due_at": new_due_at, "extension_reason": reason},
    )


def assign(
    request: RecordsRequest, actor: StaffUser, expected_version: int, assignee: StaffUser | None
) -> None:
    checked_next_status(request, Action.ASSIGN, expected_version)
    if assignee is not None and not assignee.active:
        raise ActionRefused("That staff account is deactivated.")
    reason = f"Assigned to {assignee.name}" if assignee else "Unassigned"
    apply(
        request,
        Action.ASSIGN,
        actor,
        expected_version,
        reason=reason,
        changes={"assigned_to_id": assignee.id if assignee else None},
    )


def reopen(request: RecordsRequest, actor: StaffUser, expected_version: int, reason: str) -> None:
    """A closed request back in review (the records never arrived, a second copy, a new
    authorization), its history kept: 45 CFR 164.524(b)(2) gives 30 days from the re-opening,
    with an extension allowed again. What belonged to the closed outcome is cleared from the
    row (the events and letters keep it); the requester is told by letter and e-mail."""
    reason = required(reason, "Say why the request is re-opened; the requester is told.")
    now = utcnow()
    due_at = first_due_at(now)
    apply(
        request,
        Action.REOPEN,
        actor,
        expected_version,
        now=now,
        reason=reason,
        changes={
            "original_due_at": due_at,
            "due_at": due_at,
            "extension_reason": None,
            "reopen_reason": reason,
            "denial_basis": None,
            "denial_explanation": None,
            "no_records_searched": None,
            "records_elsewhere": None,
            "fulfilled_at": None,
            "fulfilled_by_id": None,
            "withheld_description": None,
            "withheld_basis": None,
            "withheld_explanation": None,
        },
    )
