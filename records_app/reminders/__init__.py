"""What reminds the desk of its work: the picture of the queue that needs attention
(`picture`), e-mailed to each staff member every morning (`digest`) and printed by
`flask requests sweep`, which also closes the requests left waiting for information too
long when the practice has chosen so (`sweep`)."""

from records_app.reminders.digest import digest_message, queue_digests
from records_app.reminders.picture import DeskPicture, Group, desk_picture
from records_app.reminders.sweep import close_unanswered_requests, unanswered_for_too_long

__all__ = [
    "DeskPicture",
    "Group",
    "close_unanswered_requests",
    "desk_picture",
    "digest_message",
    "queue_digests",
    "unanswered_for_too_long",
]
