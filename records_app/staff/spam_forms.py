"""Marking requests as spam: on a request's page, and for many at once from the queue."""

import re

from wtforms import SelectMultipleField, ValidationError

from records_app.staff.forms import ActionForm
from records_app.web.forms import Form

# Each ticked box carries the request's id and the version the queue showed: "12:1".
_SEEN = re.compile(r"\A(\d{1,9}):(\d{1,9})\Z")


class MarkSpamForm(ActionForm):
    """Nothing to say: the request is closed with no letter and no e-mail."""


class BulkSpamForm(Form):
    selected = SelectMultipleField(validate_choice=False)

    def validate_selected(self, field):
        if not field.data:
            raise ValidationError("Tick the requests to mark as spam.")
        if not all(_SEEN.match(value) for value in field.data):
            raise ValidationError("This page was incomplete. Reload it and try again.")

    def seen_versions(self) -> dict[int, int]:
        """Request id -> the version the queue showed."""
        return {int(match[1]): int(match[2]) for match in map(_SEEN.match, self.selected.data)}
