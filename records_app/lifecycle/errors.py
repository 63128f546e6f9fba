"""What a lifecycle verb raises when it cannot act; the message is shown to staff as is."""

from datetime import datetime

from records_app import practice
from records_app.models import Status


class LifecycleError(Exception):
    """A staff action that cannot be carried out."""


class TransitionNotAllowed(LifecycleError):
    def __init__(self, status: Status, action):
        self.status = status
        self.action = action
        super().__init__(
            f"“{action.label}” is not possible while the request is {status.label.lower()}."
        )


class ActionRefused(LifecycleError):
    """The action is allowed from this status but what was given breaks a rule."""


class RequestChanged(LifecycleError):
    """Someone else changed the request since the acting staff member loaded it."""

    def __init__(self, changed_by: str, changed_at: datetime | None):
        self.changed_by = changed_by
        self.changed_at = changed_at
        when = (
            changed_at.astimezone(practice.zone()).strftime("%Y-%m-%d %H:%M")
            if changed_at
            else "a moment ago"
        )
        super().__init__(
            f"This request was changed by {changed_by} at {when} while you were looking at it. "
            "Here it is as it stands now; nothing you did was saved."
        )
