"""Steps that several browser tests take, written as a person takes them: fields found by
their visible labels, inside the section or group they sit in."""

PATIENT = {
    "First name": "Margaret",
    "Last name": "Holloway",
    "Date of birth": "1951-04-17",
    "Phone number": "503-555-0142",
    "Street address": "1420 SE Alder St",
    "City": "Portland",
    "ZIP code": "97214",
}


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
