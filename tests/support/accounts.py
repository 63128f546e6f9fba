"""Staff accounts as the tests use them: one password for every account they make, signing
in and out as a browser does, and an admin adding an account."""

from tests.support.forms import csrf_token_from, post_form

STAFF_PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "plum orchard lantern velvet"


class AuthActions:
    """Signs a browser (a test client) in and out through the sign-in page."""

    def __init__(self, client):
        self.client = client

    def sign_in(self, email="clerk@example.org", password=STAFF_PASSWORD, next_path=None):
        url = "/staff/sign-in" + (f"?next={next_path}" if next_path else "")
        return post_form(self.client, url, {"email": email, "password": password})

    def sign_out(self):
        page = self.client.get("/staff/")
        return self.client.post("/staff/sign-out", data={"csrf_token": csrf_token_from(page.text)})


def add_staff(client, *, name="Nia Okafor", email="nia@example.org", role="staff"):
    """An admin adds a staff account from the admin pages."""
    return post_form(client, "/admin/staff/new", {"name": name, "email": email, "role": role})
