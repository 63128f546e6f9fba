"""What a requester does on the public pages besides filling in the form."""

from tests.support.forms import post_form

STATUS_URL = "/status"


def look_up(client, tracking_code, date_of_birth="1951-04-17"):
    """Looks a request up on the status page by tracking code and date of birth."""
    return post_form(
        client,
        STATUS_URL,
        {"tracking_code": tracking_code, "date_of_birth": date_of_birth},
    )
