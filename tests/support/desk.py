"""A staff member at the desk, in a browser: a request's page and its action forms, what
they fill in for each action, and a request entered from paper."""

import re
from datetime import timedelta

from records_app import lifecycle, practice
from records_app.models import Status
from tests.support.answers import paper_answers
from tests.support.forms import csrf_token_from, post_form
from tests.support.stored import reload

NEW_PAPER_REQUEST_URL = "/staff/requests/new"

REVIEW_DECISION = {
    "reviewer": "Dr. Ana Ruiz, MD, OR license MD12345",
    "reviewer_role": "A licensed psychiatrist",
    "reviewer_took_no_part": "y",
    "decision": "Access would still endanger the patient.",
}

# The checklist before release, every box ticked.
RELEASE_CHECKS = dict.fromkeys(lifecycle.CHECKLIST, "y")

# The actions that move a request on, as staff take them from its page: where each is
# taken and where it leads.
ALLOWED = [
    (Status.SUBMITTED, "start_review", Status.IN_REVIEW),
    (Status.IN_REVIEW, "request_info", Status.NEEDS_INFO),
    (Status.NEEDS_INFO, "receive_info", Status.IN_REVIEW),
    (Status.IN_REVIEW, "approve", Status.APPROVED),
    (Status.IN_REVIEW, "deny", Status.DENIED),
    (Status.APPROVED, "fulfil", Status.FULFILLED),
    (Status.SUBMITTED, "withdraw", Status.WITHDRAWN),
    (Status.NEEDS_INFO, "withdraw", Status.WITHDRAWN),
    (Status.DENIED, "request_denial_review", Status.DENIAL_REVIEW),
]


def valid_fields(action: str) -> dict:
    """What a staff member would fill in for each action."""
    return {
        "start_review": {},
        "request_info": {"message": "Please send a copy of your photo ID."},
        "receive_info": {"note": "Photo ID arrived by mail."},
        "approve": {"identity_verified": "y", "authorization_valid": "y"},
        "deny": {"basis": "requester_not_authorized", "explanation": "No proof of authority."},
        "fulfil": {
            "sent_on": practice.today().isoformat(),
            "method": "mail",
            "records_sent": "All records, 42 pages",
            "sent_to": "Margaret Holloway",
            "carrier_tracking": "",
            **RELEASE_CHECKS,
        },
        "withdraw": {"reason": "Called to cancel."},
        "extend": {
            "new_due_on": (practice.today() + timedelta(days=45)).isoformat(),
            "reason": "Records are in off-site storage.",
        },
        "assign": {"assignee": ""},
        "request_denial_review": {"how": "Letter of 3 May asks for a review."},
        "uphold_denial": REVIEW_DECISION,
        "overturn_denial": REVIEW_DECISION,
    }[action]


class StaffDesk:
    """Works a request's page as a browser does: load the page, then post one of its forms
    with the page's CSRF token and the version the page showed. Each form on the page has
    its own field prefix (the action's name), so `act(r, "deny", basis=...)` posts
    `deny-basis`. When the page offers no such form, the token comes from elsewhere on the
    page and the version from the database, as a stale or hand-made post would carry."""

    def __init__(self, client):
        self.client = client

    def page(self, records_request):
        return self.client.get(f"/staff/requests/{records_request.id}")

    def act(self, records_request, action, *, csrf=True, version=None, **fields):
        page = self.page(records_request)
        data = {f"{action}-{name}": value for name, value in fields.items()}
        data[f"{action}-version"] = version or self.version_on(page.text, action, records_request)
        if csrf:
            data[f"{action}-csrf_token"] = csrf_token_from(page.text)
        return self.client.post(f"/staff/requests/{records_request.id}/actions/{action}", data=data)

    @staticmethod
    def version_on(html, action, records_request):
        found = re.search(rf'name="{action}-version" type="hidden" value="(\d+)"', html)
        return found.group(1) if found else str(reload(records_request).version)

    def search(self, *, after=None, **terms):
        """Search from the queue page; `after` is what its "Next page" button sends."""
        page = self.client.get("/staff/")
        data = {f"search-{name}": value for name, value in terms.items()}
        data["search-csrf_token"] = csrf_token_from(page.text)
        if after:
            data["after"] = after
        return self.client.post("/staff/search", data=data)


def enter_paper_request(client, answers: dict | None = None, **kwargs):
    """Staff enter a request that came on paper (by default by mail, ten days ago)."""
    return post_form(client, NEW_PAPER_REQUEST_URL, answers or paper_answers(), **kwargs)
