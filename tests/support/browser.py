"""Steps the browser tests take in Chromium, written as a person takes them (fields found
by their visible labels, inside the section or group they sit in), and what axe-core finds
wrong on a page."""

from pathlib import Path

from records_app import lifecycle
from tests.support.accounts import STAFF_PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# axe-core rules checked on every page: WCAG 2.1 levels A and AA, and axe's best practices
# (heading order, landmarks, one main heading).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
PATIENT = {
    "First name": "Margaret",
    "Last name": "Holloway",
    "Date of birth": "1951-04-17",
    "Phone number": "503-555-0142",
    "Street address": "1420 SE Alder St",
    "City": "Portland",
    "ZIP code": "97214",
}


def sign_in(page, email="clerk@example.org", password=STAFF_PASSWORD) -> None:
    page.goto("/staff/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def section(page, heading: str):
    """One numbered part of the request form, a fieldset named by its legend."""
    return page.get_by_role("group", name=heading, exact=True)


def fill_patient_request(page, answers: dict | None = None, *, choose_recipient=True) -> None:
    """Opens the form and fills in a patient asking for all their own records by mail."""
    page.goto("/request")
    section(page, "1. Who is asking").get_by_label("I am the patient").check()
    patient = section(page, "2. The patient")
    for label, value in (answers or PATIENT).items():
        patient.get_by_label(label, exact=True).fill(value)
    patient.get_by_label("State").select_option("OR")
    if choose_recipient:
        section(page, "4. Where the records go").get_by_label("To the patient").check()
    signing = section(page, "6. Sign the form")
    signing.get_by_label("Type your full name to sign").fill("Margaret Holloway")
    signing.get_by_role("checkbox").check()


def axe_violations(page) -> list[str]:
    """What axe-core finds wrong on the page as it is now, one line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response
    return [
        f"{violation['id']}: {node['target']} {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def save_screenshots(item, contexts) -> None:
    """Every page still open in the contexts, at phone and desktop widths, under
    test-results/, named after the test."""
    folder = Path(item.config.rootpath) / "test-results"
    folder.mkdir(exist_ok=True)
    name = item.nodeid.split("::")[-1].replace("/", "_").replace("[", "-").rstrip("]")
    for context_number, context in enumerate(contexts):
        for page_number, page in enumerate(context.pages):
            for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                page.set_viewport_size(viewport)
                path = folder / f"{name}-{context_number}-{page_number}-{width_name}.png"
                page.screenshot(path=str(path), full_page=True)


def tick_release_checks(form) -> None:
    """Ticks every box of the checklist before release in a form on the page."""
    for label in lifecycle.CHECKLIST.values():
        form.get_by_label(label).check()
