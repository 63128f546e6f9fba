"""The Spanish pages, reached by the language link as a requester reaches them: in Spanish,
`lang="es"`, and nothing axe-core finds wrong."""

from tests.support.browser import (
    SPANISH,
    axe_violations,
    fill_patient_request,
    note_violations_unfolded,
)

SPANISH_PAGES = {
    "/": "Pida una copia de sus expedientes médicos",
    "/closure": "Sobre el cierre",
    "/status": "Ver el estado de una solicitud",
    "/status/forgotten-code": "¿Olvidó su código de seguimiento?",
    "/status/forgotten-code/asked": "Revise su correo electrónico",
    "/no-such-page": "No encontramos la página",
}


def choose_spanish(page) -> None:
    """The language link, once the home page is done loading: the browser's request for
    /favicon.ico answers a 404 that sends the session cookie again, and one still on its way
    when the link is followed would put back the session without the choice."""
    page.goto("/", wait_until="networkidle")
    page.get_by_role("link", name="Español").click()
    page.locator('html[lang="es"]').wait_for()


def test_spanish_public_pages_have_no_accessibility_violations(page):
    choose_spanish(page)
    found = {}
    for path, heading in SPANISH_PAGES.items():
        page.goto(path)
        page.get_by_role("heading", name=heading, level=1).wait_for()
        if violations := axe_violations(page):
            found[path] = violations
    assert found == {}


def test_every_step_of_the_request_form_in_spanish_has_no_accessibility_violations(
    phone_page,
):
    """A patient asking for all their own records by post, in Spanish on a phone, from the
    first step to the signature; the pages' height in all is printed for the issue's note."""
    choose_spanish(phone_page)
    found = {}
    heights = fill_patient_request(
        phone_page, words=SPANISH, on_each_page=lambda: note_violations_unfolded(phone_page, found)
    )
    print(f"Pages walked: {[round(height) for height in heights]}, in all {sum(heights):.0f}px")
    assert found == {}


def test_spanish_confirmation_and_status_pages_have_no_accessibility_violations(page):
    choose_spanish(page)
    fill_patient_request(page, words=SPANISH)
    page.get_by_role("button", name="Enviar mi solicitud").click()
    page.get_by_role("heading", name="Tenemos su solicitud").wait_for()
    assert axe_violations(page) == []
    tracking_code = page.locator(".tracking-code").inner_text()
    page.goto("/status")
    page.get_by_label("Código de seguimiento").fill(tracking_code)
    page.get_by_label("Fecha de nacimiento del paciente").fill("1951-04-17")
    page.get_by_role("button", name="Ver el estado").click()
    page.get_by_role("heading", name="Estado de su solicitud").wait_for()
    assert axe_violations(page) == []
