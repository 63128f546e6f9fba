"""A partial release in Chromium, from the decision to the letter: staff approve, send the
records with one part withheld on a reviewable basis, and the one letter the requester gets
says what was sent and why the rest was not (45 CFR 164.524(d)(1)-(2))."""

from playwright.sync_api import expect

from tests.support.browser import sign_in, tick_release_checks
from tests.support.pdf import pdf_text


def action(page, name: str):
    return page.get_by_role("form", name=name, exact=True)


def test_staff_release_part_and_the_letter_says_what_was_withheld_and_why(
    page, make_account, make_request
):
    make_account()
    filed = make_request()
    sign_in(page)
    page.goto(f"/staff/requests/{filed.id}")

    action(page, "Start review").get_by_role("button", name="Start review").click()
    approving = action(page, "Approve")
    approving.get_by_label("I verified the requester's identity").check()
    approving.get_by_label("The authorization is complete and valid").check()
    approving.get_by_role("button", name="Approve").click()
    fulfilling = action(page, "Mark fulfilled")
    fulfilling.get_by_label("What was sent").fill("Office notes 2015–2022, 40 pages")
    fulfilling.get_by_label("Part withheld, if any").fill("Psychiatric consultation notes of 2019")
    fulfilling.get_by_label("Basis for withholding it").select_option("endangerment")
    fulfilling.get_by_label("Why it is withheld, in plain language").fill(
        "The treating psychiatrist judged they could endanger the patient."
    )
    tick_release_checks(fulfilling)
    fulfilling.get_by_role("button", name="Mark fulfilled").click()

    expect(page.get_by_text("Part withheld", exact=True)).to_be_visible()
    letter_link = page.get_by_role("link", name="Fulfilment cover letter (PDF)")
    letter = page.request.get(letter_link.get_attribute("href"))
    text = pdf_text(letter.body())
    assert "What was sent Office notes 2015–2022, 40 pages" in text
    assert "not this part: Psychiatric consultation notes of 2019" in text
    assert "The treating psychiatrist judged they could endanger the patient." in text
    assert "You have the right to have this denial reviewed" in text
    assert "Office for Civil Rights" in text
