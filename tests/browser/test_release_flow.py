"""Released records in Chromium: staff attach a PDF and release it; the patient, on a phone,
looks the request up, gets the code by e-mail (the suite's SMTP server), downloads the file
and it is the file recorded at release; a third party opens its link and downloads; an
expired link is refused. axe-core checks the pages the release adds."""

import hashlib
import re
from datetime import timedelta

from playwright.sync_api import expect

from records_app.models import Status
from tests.support.browser import PHONE, axe_violations, sign_in, tick_release_checks
from tests.support.factories import request_in
from tests.support.releases import THIRD_PARTY, pdf_of
from tests.support.stored import only_request


def action(page, name: str):
    return page.get_by_role("form", name=name, exact=True)


def release_with_a_pdf(staff, filed, filename="visit-notes.pdf"):
    """Staff attach a PDF on the request's page and mark the request fulfilled."""
    staff.goto(f"/staff/requests/{filed.id}")
    attaching = staff.get_by_role("form", name="Records to release")
    attaching.get_by_label("Files of records").set_input_files(
        files=[{"name": filename, "mimeType": "application/pdf", "buffer": pdf_of(3)}]
    )
    attaching.get_by_role("button", name="Attach files").click()
    expect(staff.get_by_text("Attached 1 file.")).to_be_visible()
    expect(staff.get_by_text("1 file, 3 pages in PDFs")).to_be_visible()
    assert axe_violations(staff) == []
    fulfilling = action(staff, "Mark fulfilled")
    fulfilling.get_by_label("What was sent").fill("All records, 3 pages")
    tick_release_checks(fulfilling)
    fulfilling.get_by_role("button", name="Mark fulfilled").click()
    expect(staff.get_by_text("Not downloaded yet.")).to_be_visible()


def downloaded(page, link_name: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    with open(download.value.path(), "rb") as saved:
        return saved.read()


def test_the_patient_downloads_the_released_pdf_on_a_phone(
    new_context, make_account, make_request, mail_server, send_queued_mail
):
    clerk = make_account()
    filed = request_in(Status.APPROVED, make_request, clerk)
    staff = new_context().new_page()
    sign_in(staff)
    release_with_a_pdf(staff, filed)

    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto("/status")
    phone.get_by_label("Tracking code").fill(filed.tracking_code)
    phone.get_by_label("Date of birth").fill("1951-04-17")
    phone.get_by_role("button", name="Check status").click()
    expect(phone.get_by_role("heading", name="Your records are ready")).to_be_visible()
    expect(phone.get_by_text("visit-notes.pdf")).to_be_visible()
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="E-mail me a code").click()
    expect(phone.get_by_text("We have e-mailed a code")).to_be_visible()
    send_queued_mail()
    code = re.search(r"\b(\d{6})\b", mail_server.messages[-1].get_content()).group(1)
    phone.get_by_label("Code from the e-mail").fill(code)
    phone.get_by_role("button", name="Confirm the code").click()
    expect(phone.get_by_text("You can download your records now.")).to_be_visible()

    content = downloaded(phone, "visit-notes.pdf")
    assert hashlib.sha256(content).hexdigest() == only_request().released_files[0].sha256
    staff.reload()
    expect(staff.get_by_text(re.compile(r"Downloaded 1 time, first on"))).to_be_visible()


def test_a_third_party_opens_its_link_and_downloads_and_an_expired_link_is_refused(
    new_context, make_account, make_request, mail_server, send_queued_mail, frozen_clock
):
    clerk = make_account()
    filed = request_in(Status.APPROVED, lambda: make_request(**THIRD_PARTY), clerk)
    staff = new_context().new_page()
    sign_in(staff)
    release_with_a_pdf(staff, filed, "referral.pdf")
    send_queued_mail()
    (message,) = [m for m in mail_server.messages if m["To"] == THIRD_PARTY["recipient_email"]]
    link = re.search(r"(http\S+/records/link\?t=\S+)", message.get_content()).group(1)
    path = link[link.index("/records/") :]

    recipient = new_context().new_page()
    recipient.goto(path)
    expect(recipient).to_have_url(re.compile(r"/records/link$"))
    recipient.get_by_label("Date of birth").fill("1951-04-17")
    recipient.get_by_role("button", name="Open the records").click()
    assert axe_violations(recipient) == []
    content = downloaded(recipient, "referral.pdf")
    assert hashlib.sha256(content).hexdigest() == only_request().released_files[0].sha256

    frozen_clock.shift(timedelta(days=31))
    later = new_context().new_page()
    later.goto(path)
    expect(later.get_by_role("heading", name="This link has expired")).to_be_visible()
    assert axe_violations(later) == []
