"""History lines for what happens to a request's released files: attached, removed, a
download code sent or typed wrongly, a file downloaded, a third party's link sent, opened,
locked or revoked. None changes the status or the
version: a download must not stop a clerk who has the request's page open."""

from records_app.lifecycle import events
from records_app.lifecycle.rules import Action
from records_app.models import RecordsRequest, RequestEvent, StaffUser

RELEASE_ACTIONS = (
    Action.ATTACH_RECORDS,
    Action.REMOVE_RECORDS,
    Action.SEND_DOWNLOAD_CODE,
    Action.WRONG_DOWNLOAD_CODE,
    Action.DOWNLOAD_RECORDS,
    Action.SEND_LINK,
    Action.OPEN_LINK,
    Action.WRONG_BIRTH_DATE,
    Action.LOCK_LINK,
    Action.REVOKE_LINK,
    Action.EMAIL_RECORDS,
)


def note_release(
    records_request: RecordsRequest, action: Action, actor: StaffUser | None, reason: str
) -> RequestEvent:
    """`actor` is None for the requester or a command; `reason` says which file, and for a
    download, by whom and from which address."""
    if action not in RELEASE_ACTIONS:
        raise ValueError(f"{action} is not a release action")
    event = RequestEvent(
        request_id=records_request.id,
        actor_id=actor.id if actor else None,
        action=action,
        from_status=records_request.status,
        to_status=records_request.status,
        reason=reason,
    )
    events.record(records_request, event)
    return event
