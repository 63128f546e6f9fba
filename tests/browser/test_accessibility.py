"""axe-core finds no WCAG 2.1 A/AA problem (nor any of its best practices) on any page,
public or staff, in the states people meet them in: empty, with errors, in each status."""

import pyotp
import pytest

from records_app.models import Role, Status
from tests.support.browser import (
    PATIENT,
    answer_steps,
    axe_violations,
    fill_patient_request,
    note_violations_unfolded,
    sign,
    sign_in,
)
from tests.support.factories import request_in

PUBLIC_PAGES = [
    "/",
    "/closure",
    "/request",
    "/status",
    "/status/forgotten-code",
    "/status/forgotten-code/asked",
    "/staff/sign-in",
    "/no-such-page",
]


def assert_no_violations(page):
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_accessibility_violations(page, path):
    page.goto(path)
    assert_no_violations(page)


def test_request_form_with_errors_has_no_accessibility_violations(page):
    page.goto("/request")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_no_violations(page)


def test_every_step_of_the_request_form_has_no_accessibility_violations(phone_page):
    """A representative sending records to a third party meets every step but one (ordinary
    e-mail goes only to the patient); each is checked open, its folded groups opened."""
    phone_page.goto("/request")
    found = {}

    def check_this_page():
        note_violations_unfolded(phone_page, found)

    answer_steps(
        phone_page,
        {
            "Your full name": "Daniel Holloway",
            **PATIENT,
            "Name of the person or office": "Dr. Ruiz",
            "Mailing address": "200 NE Pine St, Portland, OR 97232",
        },
        (
            "I am asking for the patient, as their personal representative",
            "Legal guardian",
            "To someone else",
            "take back this permission",
            "gives no treatment",
            "share the records",
            "Only some kinds of records",
            "Billing",
        ),
        {"State": "OR"},
        before_answering=check_this_page,
    )
    check_this_page()
    sign(phone_page, "Daniel Holloway")
    check_this_page()
    assert found == {}


def test_confirmation_and_status_pages_have_no_accessibility_violations(page):
    fill_patient_request(page)
    page.get_by_role("button", name="Send my request").click()
    page.get_by_role("heading", name="We have your request").wait_for()
    assert_no_violations(page)
    tracking_code = page.locator(".tracking-code").inner_text()
    page.goto("/status")
    page.get_by_label("Tracking code").fill(tracking_code)
    page.get_by_label("Date of birth").fill("1951-04-17")
    page.get_by_role("button", name="Check status").click()
    page.get_by_role("heading", name="Status of your request").wait_for()
    assert_no_violations(page)


def test_status_lookup_miss_has_no_accessibility_violations(page):
    page.goto("/status")
    page.get_by_label("Tracking code").fill("RR-AAAA-BBBB")
    page.get_by_label("Date of birth").fill("1951-04-17")
    page.get_by_role("button", name="Check status").click()
    page.get_by_role("heading", name="No request matches").wait_for()
    assert_no_violations(page)


def test_sign_in_error_has_no_accessibility_violations(page):
    page.goto("/staff/sign-in")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_no_violations(page)


def test_too_large_upload_page_has_no_accessibility_violations(app, page):
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    fill_patient_request(page)
    page.get_by_text("Add a photo ID (optional)").click()
    page.get_by_label("Photo ID").set_input_files(
        {"name": "id.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" * 20_000}
    )
    page.get_by_role("button", name="Send my request").click()
    page.get_by_role("heading", name="That upload is too large").wait_for()
    assert_no_violations(page)


STAFF_PAGES = [
    "/staff/",
    "/staff/requests/new",
    "/staff/dashboard",
    "/staff/export",
    "/staff/disclosures",
    "/staff/password",
    "/staff/two-step",
    "/admin/staff",
    "/admin/staff/new",
    "/admin/audit",
]


@pytest.fixture
def admin_page(page, make_account, make_request):
    admin = make_account("admin@example.org", name="Avery Admin", role=Role.ADMIN)
    make_request()
    sign_in(page, "admin@example.org")
    page.get_by_role("heading", name="Requests by deadline").wait_for()
    page.admin = admin
    return page


def violations_on_each(page, paths) -> dict[str, list[str]]:
    """axe-core's findings on each page in turn, for pages that need one signed-in browser:
    signing in once keeps the run short, and the failure still names each page."""
    found = {}
    for path in paths:
        assert page.goto(path).ok, path
        if violations := axe_violations(page):
            found[path] = violations
    return found


def test_staff_pages_have_no_accessibility_violations(admin_page):
    account_page = f"/admin/staff/{admin_page.admin.id}"
    assert violations_on_each(admin_page, [*STAFF_PAGES, account_page]) == {}


def test_request_page_in_every_status_has_no_accessibility_violations(admin_page, make_request):
    pages = []
    for status in Status:
        records_request = request_in(status, make_request, admin_page.admin)
        pages.append(f"/staff/requests/{records_request.id}")
    assert violations_on_each(admin_page, pages) == {}


def test_status_page_asking_for_files_has_no_accessibility_violations(
    page, make_request, make_staff
):
    records_request = request_in(Status.NEEDS_INFO, make_request, make_staff())
    page.goto("/status")
    page.get_by_label("Tracking code").fill(records_request.tracking_code)
    page.get_by_label("Date of birth").fill("1951-04-17")
    page.get_by_role("button", name="Check status").click()
    page.get_by_role("heading", name="Send a photo ID or proof online").wait_for()
    assert_no_violations(page)
    page.get_by_role("button", name="Send files").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_no_violations(page)


FOCUS_RING = """() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


@pytest.mark.parametrize("path", ["/", "/request", "/status"])
def test_keyboard_focus_is_always_visible(page, path):
    page.goto(path)
    unmarked = []
    for _ in range(150):
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.matches(':focus')"):
            break  # past the last control: the focus has left the page
        if not page.evaluate(FOCUS_RING):
            unmarked.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    assert unmarked == []


def test_two_step_pages_have_no_accessibility_violations(admin_page):
    admin_page.goto("/staff/two-step")
    key = admin_page.locator(".setup-key").inner_text().replace(" ", "")
    admin_page.get_by_label("Code").fill(pyotp.TOTP(key).now())
    admin_page.get_by_role("button", name="Turn on two-step sign-in").click()
    admin_page.get_by_role("heading", name="Two-step sign-in is on").wait_for()
    assert_no_violations(admin_page)
    admin_page.get_by_role("button", name="Sign out").click()
    sign_in(admin_page, "admin@example.org")
    admin_page.get_by_role("heading", name="Enter your code").wait_for()
    assert_no_violations(admin_page)


def test_paper_request_form_with_errors_has_no_accessibility_violations(admin_page):
    admin_page.goto("/staff/requests/new")
    admin_page.get_by_role("button", name="Enter the request").click()
    admin_page.get_by_role("alert").first.wait_for()
    assert_no_violations(admin_page)


def test_queue_search_results_have_no_accessibility_violations(admin_page):
    admin_page.get_by_text("Find a request").click()
    admin_page.get_by_label("Patient's last name").fill("Holloway")
    admin_page.get_by_role("button", name="Search").click()
    admin_page.get_by_role("heading", name="Search results").wait_for()
    assert_no_violations(admin_page)
