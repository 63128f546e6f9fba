"""Staff work a request in Chromium from sign-in to the fulfilled export, and two staff
members acting on one request at once are told of the clash."""

import csv
import io

from playwright.sync_api import expect

from records_app.models import Role
from tests.support.browser import sign_in, tick_release_checks


def action(page, name: str):
    """One action's form on a request's page, named by its heading."""
    return page.get_by_role("form", name=name, exact=True)


def test_staff_work_a_request_from_search_to_fulfilled_export(page, make_account, make_request):
    make_account()
    filed = make_request()
    sign_in(page)

    page.get_by_text("Find a request").click()
    page.get_by_label("Patient's last name").fill("Holloway")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=filed.tracking_code).click()
    expect(page.get_by_role("heading", name=f"Request {filed.tracking_code}")).to_be_visible()

    action(page, "Start review").get_by_role("button", name="Start review").click()
    asking = action(page, "Request information")
    asking.get_by_label("What the requester needs to send").fill("A copy of your photo ID.")
    asking.get_by_role("button", name="Request information").click()
    action(page, "Information received").get_by_label("What arrived").fill("Driver's licence")
    action(page, "Information received").get_by_role("button", name="Information received").click()
    approving = action(page, "Approve")
    approving.get_by_label("I verified the requester's identity").check()
    approving.get_by_label("The authorization is complete and valid").check()
    approving.get_by_role("button", name="Approve").click()
    fulfilling = action(page, "Mark fulfilled")
    fulfilling.get_by_label("What was sent").fill("All records, 12 pages")
    tick_release_checks(fulfilling)
    fulfilling.get_by_role("button", name="Mark fulfilled").click()
    expect(page.get_by_text("This request is closed.")).to_be_visible()

    page.get_by_role("link", name="Export").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert [row["Tracking code"] for row in rows] == [filed.tracking_code]

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()


def test_second_staff_members_clashing_action_shows_the_conflict(
    new_context, make_account, make_request
):
    make_account("first@example.org", name="Fran First")
    make_account("second@example.org", name="Sam Second", role=Role.ADMIN)
    filed = make_request()
    first, second = new_context().new_page(), new_context().new_page()
    for staff_page, email in ((first, "first@example.org"), (second, "second@example.org")):
        sign_in(staff_page, email)
        staff_page.goto(f"/staff/requests/{filed.id}")

    action(first, "Start review").get_by_role("button", name="Start review").click()
    expect(first.get_by_text("In review", exact=True)).to_be_visible()
    action(second, "Start review").get_by_role("button", name="Start review").click()

    conflict = second.get_by_role("alert")
    expect(conflict).to_contain_text("This request was changed by Fran First")
    expect(conflict).to_contain_text("nothing you did was saved")
