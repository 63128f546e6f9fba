"""A third party's copy in Chromium, from the quote to the paid release: staff work the fee
out and send the quote, the requester accepts it on the status page, staff record the
payment and only then send the records. axe-core checks the pages the fee adds."""

from playwright.sync_api import expect

from records_app.models import Status
from tests.support.browser import axe_violations, sign_in, tick_release_checks
from tests.support.factories import request_in
from tests.support.fees import ATTORNEY


def action(page, name: str):
    return page.get_by_role("form", name=name, exact=True)


def test_a_third_partys_request_from_quote_to_paid_release(new_context, make_account, make_request):
    clerk = make_account()
    filed = request_in(Status.APPROVED, lambda: make_request(**ATTORNEY), clerk)
    staff = new_context().new_page()
    sign_in(staff)
    staff.goto(f"/staff/requests/{filed.id}")

    quoting = action(staff, "Send quote")
    quoting.get_by_label("Number of pages").fill("64")
    quoting.get_by_label("Postage, in dollars").fill("3.88")
    quoting.get_by_role("button", name="Work out the fee").click()
    working = action(staff, "Send quote").get_by_role("table", name="The fee by this rule")
    expect(working.get_by_role("row", name="Most the rule allows $57.38")).to_be_visible()
    action(staff, "Send quote").get_by_role("button", name="Send quote").click()
    expect(staff.get_by_text("Quote sent.")).to_be_visible()
    expect(action(staff, "Mark fulfilled")).to_have_count(0)
    assert axe_violations(staff) == []

    requester = new_context().new_page()
    requester.goto("/status")
    requester.get_by_label("Tracking code").fill(filed.tracking_code)
    requester.get_by_label("Date of birth").fill("1951-04-17")
    requester.get_by_role("button", name="Check status").click()
    expect(requester.get_by_role("heading", name="The fee")).to_be_visible()
    expect(requester.get_by_text("$57.38").first).to_be_visible()
    assert axe_violations(requester) == []
    requester.get_by_role("button", name="Accept the fee").click()
    expect(requester.get_by_text("Thank you: you accepted the fee.")).to_be_visible()

    staff.reload()
    paying = action(staff, "Record payment")
    expect(paying.get_by_label("Amount received, in dollars")).to_have_value("57.38")
    paying.get_by_label("Paid by").select_option(label="Check")
    paying.get_by_label("Reference").fill("Check 2041")
    paying.get_by_role("button", name="Record payment").click()
    expect(staff.get_by_text("Payment recorded.")).to_be_visible()

    fulfilling = action(staff, "Mark fulfilled")
    fulfilling.get_by_label("What was sent").fill("All records, 64 pages")
    tick_release_checks(fulfilling)
    fulfilling.get_by_role("button", name="Mark fulfilled").click()
    expect(staff.get_by_text("This request is closed.")).to_be_visible()
    letters = staff.get_by_role("region", name="Letters")
    for letter in ("Fee quote", "Invoice", "Receipt for a payment", "Fulfilment cover letter"):
        expect(letters.get_by_role("link", name=f"{letter} (PDF)")).to_be_visible()
