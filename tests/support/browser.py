"""Steps the browser tests take in Chromium, written as a person takes them (fields found
by their visible labels, inside the section or group they sit in), and what axe-core finds
wrong on a page."""

from dataclasses import dataclass
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
    """A group of questions on a page, a fieldset named by its legend."""
    return page.get_by_role("group", name=heading, exact=True)


# A patient asking for all their own records on paper by post, as the steps ask: the choices
# ticked, and the boxes filled in on whichever step holds them.
OWN_RECORDS_BY_POST = ("I am the patient", "To the patient (or to me, the representative)")


@dataclass(frozen=True)
class FormWords:
    """What a walk through the step form reads and types, in one language: the answers
    page's heading, the buttons and links, the signature's box, and a patient asking for all
    their own records by post (the boxes typed by their labels, the choices ticked, the
    state chosen from its list)."""

    answers_heading: str
    go_on: str
    to_sign: str
    signature: str
    patient: dict
    own_records_by_post: tuple
    state: str


ENGLISH = FormWords(
    "Check your answers",
    "Continue",
    "Continue to sign",
    "Type your full name to sign",
    PATIENT,
    OWN_RECORDS_BY_POST,
    "State",
)
SPANISH = FormWords(
    "Revise sus respuestas",
    "Continuar",
    "Continuar para firmar",
    "Escriba su nombre completo para firmar",
    {
        "Nombre": "Margaret",
        "Apellido": "Holloway",
        "Fecha de nacimiento": "1951-04-17",
        "Número de teléfono": "503-555-0142",
        "Calle y número": "1420 SE Alder St",
        "Ciudad": "Portland",
        "Código postal (ZIP)": "97214",
    },
    ("Soy el paciente", "Al paciente (o a mí, el representante)"),
    "Estado",
)
# The content's own height: a page shorter than the window still counts only what it shows.
PAGE_HEIGHT = "document.documentElement.getBoundingClientRect().height"


def answer_steps(
    page, typed: dict, ticked=(), selected=None, before_answering=None, words=ENGLISH
) -> list[float]:
    """From the step open in the page to "Check your answers", as a person fills in the
    form: on each step, every choice in `ticked` (a label or the start of one) and every box
    in `typed` (its exact label) that the step shows is answered, opening the folded group
    that holds it, then "Continue" is pressed (after `before_answering()`, if given), all
    read in the form's `words`. The height of each page walked, measured as it opens, the
    answers page last."""
    heights = []
    for _ in range(12):
        page.wait_for_load_state()
        heights.append(page.evaluate(PAGE_HEIGHT))
        if page.get_by_role("heading", name=words.answers_heading, exact=True).count():
            return heights
        if before_answering:
            before_answering()
        form = page.locator("form.request-form")
        for label in ticked:
            if (choice := form.get_by_label(label)).count():
                _unfold(choice).check()
        for label, value in typed.items():
            if (box := form.get_by_label(label, exact=True)).count():
                _unfold(box).fill(value)
        for label, value in (selected or {}).items():
            if (box := form.get_by_label(label, exact=True)).count():
                _unfold(box).select_option(value)
        page.get_by_role("button", name=words.go_on).click()
    problems = page.locator(".error-summary").all_inner_texts()
    raise AssertionError(f"the steps never reached the answers page: {page.url} {problems}")


def _unfold(control):
    """The control, its folded group opened first if it is folded away."""
    if not control.is_visible():
        control.locator("xpath=ancestor::details[1]/summary").click()
    return control


def sign(page, name: str = "Margaret Holloway", words=ENGLISH) -> float:
    """From the answers page to the signing page, signed but not sent; its height."""
    page.get_by_role("link", name=words.to_sign).click()
    page.wait_for_load_state()
    page.get_by_label(words.signature).fill(name)
    page.get_by_role("checkbox").check()
    return page.evaluate(PAGE_HEIGHT)


def fill_patient_request(
    page, answers: dict | None = None, words=ENGLISH, on_each_page=None
) -> list[float]:
    """Opens the form and fills in every step for a patient asking for all their own
    records by post, in the form's `words`, up to the signing page, signed but not sent;
    `on_each_page()`, if given, is called on every page as it opens. The height of each
    page walked."""
    page.goto("/request")
    heights = answer_steps(
        page,
        answers or words.patient,
        words.own_records_by_post,
        {words.state: "OR"},
        before_answering=on_each_page,
        words=words,
    )
    if on_each_page:
        on_each_page()
    signed = sign(page, words=words)
    if on_each_page:
        on_each_page()
    return [*heights, signed]


def axe_violations(page) -> list[str]:
    """What axe-core finds wrong on the page as it is now, one line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response
    return [
        f"{violation['id']}: {node['target']} {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def note_violations_unfolded(page, found: dict) -> None:
    """What axe-core finds wrong on the page with every folded group opened, noted in
    `found` under the page's address: a walk's check of each page it opens."""
    while (folded := page.locator("details:not([open]) > summary")).count():
        folded.first.click()
    if violations := axe_violations(page):
        found[page.url] = violations


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
