"""The Spanish pages, reached by the language link as a requester reaches them: in Spanish,
`lang="es"`, and nothing axe-core finds wrong."""

from tests.support.browser import axe_violations, fill_patient_request

SPANISH_PAGES = {
    "/": "Pida una copia de sus expedientes médicos",
    "/closure": "Sobre el cierre",
    "/status": "Ver el estado de una solicitud",
    "/status/forgotten-code": "¿Olvidó su código de seguimiento?",
    "/status/forgotten-code/asked": "Revise su correo electrónico",
    "/no-such-page": "No encontramos la página",
}


def choose_spanish(page) -> None:
    page.goto("/")
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


def test_spanish_confirmation_and_status_pages_have_no_accessibility_violations(page):
    fill_patient_request(page)
    page.get_by_role("button", name="Send my request").click()
    page.get_by_role("heading", name="We have your request").wait_for()
    page.get_by_role("link", name="Español").click()
    page.get_by_role("heading", name="Tenemos su solicitud").wait_for()
    assert axe_violations(page) == []
    tracking_code = page.locator(".tracking-code").inner_text()
    page.goto("/status")
    page.get_by_label("Código de seguimiento").fill(tracking_code)
    page.get_by_label("Fecha de nacimiento del paciente").fill("1951-04-17")
    page.get_by_role("button", name="Ver el estado").click()
    page.get_by_role("heading", name="Estado de su solicitud").wait_for()
    assert axe_violations(page) == []
