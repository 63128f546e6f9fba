"""What staff confirm before records go out (45 CFR 164.524 and 164.508, ORS 192.566):
the checklist of the fulfil step, and of a second staff member's check where the practice
asks for one (`rules.four_eyes_required`). Each ticked checklist is an event."""

from collections.abc import Collection

from records_app.lifecycle import events
from records_app.lifecycle.errors import ActionRefused
from records_app.lifecycle.rules import Action
from records_app.models import RecordsRequest, RequestEvent, StaffUser

CHECKLIST = {
    "pages_are_this_patients": "Every page is this patient's: no one else's record is in it.",
    "nothing_beyond_request": "Nothing goes beyond what was asked for or authorized.",
    "sensitive_without_initials_out": (
        "Sensitive records (HIV/AIDS, mental health, genetic tests, drug or alcohol "
        "treatment) without the requester's initials are left out (ORS 192.566)."
    ),
    "psychotherapy_notes_out": (
        "Psychotherapy notes are left out unless separately authorized (45 CFR 164.508(a)(2))."
    ),
}


def check_all_ticked(ticked: Collection[str]) -> None:
    if missing := [label for name, label in CHECKLIST.items() if name not in ticked]:
        raise ActionRefused("Tick every check before the records go out: " + " ".join(missing))


def record_checked(records_request: RecordsRequest, actor: StaffUser) -> None:
    """The fulfil step's checklist, as a history line of its own before the release."""
    events.record(
        records_request,
        RequestEvent(
            request_id=records_request.id,
            actor_id=actor.id,
            action=Action.CHECK_RELEASE,
            from_status=records_request.status,
            to_status=records_request.status,
            reason="Checked: " + " ".join(CHECKLIST.values()),
        ),
    )
