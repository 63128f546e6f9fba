"""A requester's journeys through the public pages in Chromium: on a phone, as a
representative with documents, after mistakes, by keyboard alone, and without JavaScript."""

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
from tests.support.browser import PATIENT, fill_patient_request, section
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


def test_representative_sends_a_deceased_parents_records_to_an_attorney(page):
    page.goto("/request")
    asking = section(page, "1. Who is asking")
    asking.get_by_label("I am asking for the patient, as their personal representative").check()
    asking.get_by_label("Your full name").fill("Daniel Holloway")
    asking.get_by_label("Executor or administrator of the estate").check()
    asking.get_by_label("Proof of your authority").set_input_files(
        {"name": "letters-testamentary.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    patient = section(page, "2. The patient")
    for label, value in PATIENT.items():
        patient.get_by_label(label, exact=True).fill(value)
    patient.get_by_label("State").select_option("OR")
    destination = section(page, "4. Where the records go")
    destination.get_by_label("To someone else").check()
    destination.get_by_label("Name of the person or office").fill("Jordan Reyes")
    destination.get_by_label("Organization").fill("Reyes Estate Law")
    destination.get_by_label("Mailing address").fill("500 SW Main St\nPortland, OR 97204")
    permission = section(page, "5. Only if the records go to someone else: your permission")
    for statement in ("take back this permission", "gives no treatment", "share the records"):
        permission.get_by_label(statement).check()
    signing = section(page, "6. Sign the form")
    signing.get_by_label("Type your full name to sign").fill("Daniel Holloway")
    signing.get_by_role("checkbox").check()
    send(page)

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    filed = only_request()
    assert filed.representative_authority == RepresentativeAuthority.ESTATE_EXECUTOR
    assert (filed.recipient_kind, filed.recipient_name) == (
        RecipientKind.THIRD_PARTY,
        "Jordan Reyes",
    )
    documents = db.session.scalars(sa.select(IdentityDocument)).all()
    assert [document.kind for document in documents] == [DocumentKind.PROOF_OF_AUTHORITY]


def test_error_summary_links_move_focus_and_fixed_form_keeps_every_answer(page):
    mistakes = {**PATIENT, "First name": "", "Phone number": "555"}
    fill_patient_request(page, mistakes, choose_recipient=False)
    send(page)

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)
    patient, destination = section(page, "2. The patient"), section(page, "4. Where the records go")
    for number, field in enumerate(
        [
            patient.get_by_label("First name", exact=True),
            patient.get_by_label("Phone number"),
            destination.get_by_label("To the patient"),
        ]
    ):
        links.nth(number).click()
        expect(field).to_be_focused()

    expect(patient.get_by_label("Last name")).to_have_value("Holloway")
    expect(patient.get_by_label("ZIP code")).to_have_value("97214")
    expect(section(page, "6. Sign the form").get_by_role("checkbox")).to_be_checked()
    patient.get_by_label("First name", exact=True).fill("Margaret")
    patient.get_by_label("Phone number").fill("503-555-0142")
    destination.get_by_label("To the patient").check()
    send(page)

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    filed = only_request()
    assert (filed.patient_first_name, filed.patient_last_name, filed.address_zip) == (
        "Margaret",
        "Holloway",
        "97214",
    )


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

    tab_to("I am the patient", role="radio")
    keyboard.press("Space")
    # A date box takes the digits of month, day and year in turn, as a person types them.
    for label, value in {**PATIENT, "Date of birth": "04171951"}.items():
        tab_to(label)
        keyboard.type(value)
    tab_to("State", role="combobox")
    keyboard.type("Oregon")
    tab_to("To the patient (or to me, the representative)", role="radio")
    keyboard.press("Space")
    tab_to("Type your full name to sign")
    keyboard.type("Margaret Holloway")
    tab_to(
        "I am the patient or their personal representative, and what I wrote is true.",
        role="checkbox",
    )
    keyboard.press("Space")
    tab_to("Send my request", role="button")
    keyboard.press("Enter")

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    assert only_request().address_state == "OR"


def test_public_form_works_with_javascript_turned_off(new_context):
    page = new_context(java_script_enabled=False).new_page()
    fill_patient_request(page)
    send(page)

    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    assert page.locator(".tracking-code").inner_text() == only_request().tracking_code
