"""A requester's journeys through the public pages in Chromium: the step form on a phone for
a patient's own request, a representative's and a third party's (with "Change" from the
answers page and the browser's back button), after mistakes, by keyboard alone, and without
JavaScript; and the page height a patient asking for their own records scrolls through."""

import io

import pytest
import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import expect

from records_app.extensions import db
from records_app.models import (
    DocumentKind,
    IdentityDocument,
    RecipientKind,
    RepresentativeAuthority,
)
from tests.support.browser import PATIENT, answer_steps, fill_patient_request, sign
from tests.support.stored import only_request


def png_bytes() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(picture, format="PNG")
    return picture.getvalue()


def send(page) -> None:
    page.get_by_role("button", name="Send my request").click()


def fits_the_screen(page) -> bool:
    """Nothing sticks out sideways, so nobody has to scroll left and right to read."""
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


# Issue 18: a patient asking for all their own records by post sees at most this much page,
# over all the steps, on a 390x844 phone.
MOST_PIXELS_FOR_OWN_RECORDS = 4000
REPRESENTATIVE = "I am asking for the patient, as their personal representative"
TO_SOMEONE_ELSE = "To someone else, such as a new doctor, a lawyer or an insurer"
STATEMENTS = ("take back this permission", "gives no treatment", "share the records")
NEW_DOCTOR = {
    "Name of the person or office": "Dr. Priya Natarajan",
    "Organization": "Cascade Vein Clinic",
    "Mailing address": "200 NE Pine St\nPortland, OR 97232",
}


def test_patient_own_records_by_post_fit_in_4000_pixels_of_a_phone(phone_page):
    heights = fill_patient_request(phone_page)

    print(f"Pages walked: {[round(height) for height in heights]}, in all {sum(heights):.0f}px")
    assert sum(heights) <= MOST_PIXELS_FOR_OWN_RECORDS


def test_patient_files_on_a_phone_and_looks_up_the_status(phone_page):
    fill_patient_request(phone_page)
    assert fits_the_screen(phone_page)
    send(phone_page)

    expect(phone_page.get_by_role("heading", name="We have your request")).to_be_visible()
    tracking_code = phone_page.locator(".tracking-code").inner_text()
    assert tracking_code == only_request().tracking_code
    phone_page.get_by_role("link", name="Check the status of a request").click()
    phone_page.get_by_label("Tracking code").fill(tracking_code)
    phone_page.get_by_label("Date of birth").fill("1951-04-17")
    phone_page.get_by_role("button", name="Check status").click()

    expect(phone_page.get_by_role("heading", name="Status of your request")).to_be_visible()
    expect(phone_page.get_by_text(tracking_code)).to_be_visible()
    assert fits_the_screen(phone_page)


def change(page, step_title: str) -> None:
    """Follows the answers page's "Change" link of one step."""
    page.get_by_role("link", name=f"Change {step_title.lower()}").click()


def test_representative_sends_a_deceased_parents_records_to_an_attorney(phone_page):
    page = phone_page
    page.goto("/request")
    answer_steps(
        page,
        {
            "Your full name": "Daniel Holloway",
            **PATIENT,
            "Name of the person or office": "Jordan Reyes",
            "Organization": "Reyes Estate Law",
            "Mailing address": "500 SW Main St\nPortland, OR 97204",
        },
        (REPRESENTATIVE, "Executor or administrator of the estate", TO_SOMEONE_ELSE, *STATEMENTS),
        {"State": "OR"},
    )
    change(page, "About you")
    page.get_by_label("Your full name").fill("Daniel J. Holloway")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text("Daniel J. Holloway")).to_be_visible()
    sign(page, "Daniel J. Holloway")
    page.get_by_label("Proof of your authority").set_input_files(
        {"name": "letters-testamentary.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    assert fits_the_screen(page)
    send(page)

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    filed = only_request()
    assert filed.representative_name == "Daniel J. Holloway"
    assert filed.representative_authority == RepresentativeAuthority.ESTATE_EXECUTOR
    assert (filed.recipient_kind, filed.recipient_name) == (
        RecipientKind.THIRD_PARTY,
        "Jordan Reyes",
    )
    documents = db.session.scalars(sa.select(IdentityDocument)).all()
    assert [document.kind for document in documents] == [DocumentKind.PROOF_OF_AUTHORITY]


def test_patient_sends_records_to_a_new_doctor_changing_and_going_back(phone_page):
    page = phone_page
    page.goto("/request")
    answer_steps(
        page,
        {**PATIENT, **NEW_DOCTOR},
        ("I am the patient", TO_SOMEONE_ELSE, *STATEMENTS),
        {"State": "OR"},
    )
    change(page, "Who gets the records")
    page.get_by_label("Name of the person or office").fill("Dr. Ana Ruiz")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Dr. Ana Ruiz")).to_be_visible()

    page.go_back()
    expect(page.get_by_role("heading", name="Who gets the records")).to_be_visible()
    expect(page.get_by_label("Name of the person or office")).to_have_value("Dr. Ana Ruiz")
    page.go_back()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.go_forward()
    page.go_forward()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    sign(page)
    send(page)

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    filed = only_request()
    assert (filed.recipient_kind, filed.recipient_name) == (
        RecipientKind.THIRD_PARTY,
        "Dr. Ana Ruiz",
    )


def test_the_back_button_shows_each_step_as_answered(phone_page):
    page = phone_page
    fill_patient_request(page)

    page.go_back()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Contact and delivery")).to_be_visible()
    expect(page.get_by_label("ZIP code")).to_have_value("97214")
    page.go_back()
    expect(page.get_by_label("Last name")).to_have_value("Holloway")
    page.get_by_label("Last name").fill("Dunn")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    sign(page)
    send(page)

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    assert only_request().patient_last_name == "Dunn"


def test_error_summary_links_move_focus_and_a_fixed_step_goes_on(page):
    page.goto("/request")
    page.get_by_label("I am the patient").check()
    page.get_by_label("To the patient").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Last name").fill("Holloway")
    page.get_by_role("button", name="Continue").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    for number, field in enumerate(
        [page.get_by_label("First name", exact=True), page.get_by_label("Date of birth")]
    ):
        links.nth(number).click()
        expect(field).to_be_focused()
    expect(page.get_by_label("Last name")).to_have_value("Holloway")
    page.get_by_label("First name", exact=True).fill("Margaret")
    page.get_by_label("Date of birth").fill("1951-04-17")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Contact and delivery")).to_be_visible()


def test_whole_public_form_can_be_filled_in_by_keyboard_alone(page):
    page.goto("/request")
    keyboard = page.keyboard

    def tab_to(name: str, *, role: str = "textbox") -> None:
        """Presses Tab until the named control has the focus, as a keyboard user does."""
        target = page.get_by_role(role, name=name, exact=True)
        for _ in range(80):
            keyboard.press("Tab")
            if target.evaluate("element => element === document.activeElement"):
                return
        pytest.fail(f"Tab never reached {role} {name!r}")

    def type_in(answers: dict) -> None:
        for label, value in answers.items():
            tab_to(label)
            keyboard.type(value)

    def go_on(button: str = "Continue") -> None:
        tab_to(button, role="button")
        keyboard.press("Enter")
        page.wait_for_load_state()

    tab_to("I am the patient", role="radio")
    keyboard.press("Space")
    tab_to("To the patient (or to me, the representative)", role="radio")
    keyboard.press("Space")
    go_on()
    # A date box takes the digits of month, day and year in turn, as a person types them.
    type_in({"First name": "Margaret", "Last name": "Holloway", "Date of birth": "04171951"})
    go_on()
    type_in({label: PATIENT[label] for label in ("Phone number", "Street address", "City")})
    tab_to("State", role="combobox")
    keyboard.type("Oregon")
    type_in({"ZIP code": "97214"})
    go_on()
    tab_to("Continue to sign", role="link")
    keyboard.press("Enter")
    page.wait_for_load_state()
    type_in({"Type your full name to sign": "Margaret Holloway"})
    tab_to(
        "I am the patient or their personal representative, and what I wrote is true.",
        role="checkbox",
    )
    keyboard.press("Space")
    go_on("Send my request")

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    assert only_request().address_state == "OR"


def test_public_form_works_with_javascript_turned_off(new_context):
    page = new_context(java_script_enabled=False).new_page()
    fill_patient_request(page)
    send(page)

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    assert page.locator(".tracking-code").inner_text() == only_request().tracking_code
