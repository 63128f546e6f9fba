"""Which language a page is in: the browser's guess first, the requester's choice after it,
English always for staff."""

from flask_babel import gettext

from records_app.language import written_in

SPANISH_BROWSER = {"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}


def test_a_public_page_follows_a_spanish_browser(client):
    page = client.get("/", headers=SPANISH_BROWSER).text
    assert '<html lang="es">' in page
    assert "Ir al contenido principal" in page


def test_a_public_page_is_in_english_for_a_browser_asking_a_language_not_offered(client):
    page = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).text
    assert '<html lang="en">' in page
    assert "Skip to main content" in page


def test_the_language_link_names_the_other_language_in_that_language(client):
    page = client.get("/closure").text
    assert 'href="/language/es?next=/closure" lang="es" hreflang="es">Español</a>' in page


def test_choosing_spanish_keeps_it_over_the_browser_and_goes_back_to_the_page(client):
    chosen = client.get("/language/es?next=/closure")
    assert chosen.status_code == 302 and chosen.location == "/closure"
    page = client.get("/closure", headers={"Accept-Language": "en-US"}).text
    assert '<html lang="es">' in page
    assert 'hreflang="en">English</a>' in page


def test_a_language_not_offered_is_refused_calmly_and_changes_nothing(client):
    client.get("/language/es")
    refused = client.get("/language/xx?next=/closure", follow_redirects=True)
    assert refused.status_code == 200
    assert '<html lang="es">' in refused.text
    assert "Ese idioma no está disponible" in refused.text


def test_the_language_link_never_sends_anyone_to_another_site(client):
    chosen = client.get("/language/es?next=//evil.example/")
    assert chosen.location == "/"


def test_staff_pages_stay_in_english_whatever_the_requester_side_chose(client, signed_in_staff):
    client.get("/language/es")
    page = client.get("/staff/", headers=SPANISH_BROWSER).text
    assert '<html lang="en">' in page
    assert "Skip to main content" in page
    assert "Español</a>" not in page


def test_words_written_outside_a_page_follow_the_language_asked(app):
    with app.app_context():
        with written_in("es"):
            assert gettext("Skip to main content") == "Ir al contenido principal"
        with written_in("xx"):
            assert gettext("Skip to main content") == "Skip to main content"
