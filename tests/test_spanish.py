"""A requester who chose Español reads Spanish everywhere: the pages, the request kept in
their language, its e-mails and letters written in it long after, dates and all; staff keep
English and see the requester's language."""

import io
import re
from datetime import date
from functools import partial

import pytest
from pypdf import PdfReader

from records_app import exports, lifecycle, practice
from records_app.exports import ExportFilters
from records_app.extensions import db
from records_app.formatting import long_date
from records_app.language import written_in
from records_app.models import LetterKind, RecipientKind, Status
from tests.support.answers import form_answers, paper_answers, third_party_answers
from tests.support.clock import days_ago, days_before_today
from tests.support.desk import enter_paper_request
from tests.support.factories import approve_and_fulfil, request_in
from tests.support.letters import letter_text, write_pending_letters
from tests.support.pdf import pdf_text
from tests.support.steps import MOST_STEPS_ANSWERS, walk_to_check
from tests.support.stored import only_request

THIRD_PARTY = RecipientKind.THIRD_PARTY
# Answers that between them bring in every step of the request form.
OWN_RECORDS = form_answers()
OWN_RECORDS_BY_ORDINARY_EMAIL = form_answers(
    record_format="pdf_email", delivery="unencrypted_email", unencrypted_risk_accepted="y"
)


def choose_spanish(client) -> None:
    client.get("/language/es")


@pytest.mark.parametrize(
    "path, spanish",
    [
        ("/", "Pida una copia de sus expedientes médicos"),
        ("/closure", "Quién guarda los expedientes"),
        ("/status", "Ver el estado de una solicitud"),
        ("/status/forgotten-code", "¿Olvidó su código de seguimiento?"),
        ("/no-such-page", "No encontramos la página"),
    ],
)
def test_a_public_page_is_in_spanish_once_chosen(client, path, spanish):
    choose_spanish(client)
    page = client.get(path).text
    assert '<html lang="es">' in page
    assert spanish in page


def test_a_field_left_empty_is_explained_in_spanish(client):
    choose_spanish(client)
    page = client.post("/status", data={"tracking_code": "", "date_of_birth": ""}).text
    assert "Hay un problema" in page
    assert "Escriba el código de seguimiento." in page


@pytest.mark.parametrize(
    "answers, path, spanish",
    [
        (OWN_RECORDS, "/request", "¿Quién llena este formulario?"),
        (MOST_STEPS_ANSWERS, "/request/representative", "Su nombre completo"),
        (OWN_RECORDS, "/request/patient", "Otros nombres usados en el consultorio"),
        (MOST_STEPS_ANSWERS, "/request/record-kinds", "¿Qué tipos de expedientes?"),
        (OWN_RECORDS, "/request/contact", "Código postal (ZIP)"),
        (MOST_STEPS_ANSWERS, "/request/patient-contact", "Número de teléfono"),
        (MOST_STEPS_ANSWERS, "/request/recipient", "Nombre de la persona o la oficina"),
        (OWN_RECORDS_BY_ORDINARY_EMAIL, "/request/ordinary-email", "Entiendo el riesgo"),
        (MOST_STEPS_ANSWERS, "/request/permission", "¿Cuándo termina este permiso?"),
        (OWN_RECORDS, "/request/check", "Segundo nombre"),
        (OWN_RECORDS, "/request/sign", "Escriba su nombre completo para firmar"),
    ],
)
def test_each_step_of_the_request_form_asks_in_spanish(client, answers, path, spanish):
    choose_spanish(client)
    walk_to_check(client, answers)
    page = client.get(path).text
    assert '<html lang="es">' in page
    assert spanish in page


@pytest.mark.parametrize(
    "answers, field, spanish",
    [
        (
            form_answers(patient_last_name=""),
            "patient_last_name",
            "Escriba el apellido del paciente.",
        ),
        (form_answers(address_zip="9721"), "address_zip", "Escriba un código postal de 5 dígitos"),
        (form_answers(date_of_birth="2099-01-01"), "date_of_birth", "debe estar en el pasado."),
        (form_answers(service_from="1950-01-01"), "service_from", "no puede ser anterior a la"),
        (form_answers(delivery="secure_email", email=None), "delivery", "El correo electrónico"),
    ],
)
def test_a_wrong_answer_is_explained_in_spanish_beside_it(client, answers, field, spanish):
    choose_spanish(client)
    page = walk_to_check(client, answers)
    assert page.status_code == 422
    assert re.search(rf'id="{field}-error">[^\n]*{re.escape(spanish)}', page.text)


@pytest.mark.parametrize("chosen, kept", [(None, "en"), ("es", "es")])
def test_a_request_keeps_the_language_of_the_page_it_was_sent_from(
    client, submit_request, chosen, kept
):
    if chosen:
        client.get(f"/language/{chosen}")
    submit_request()
    assert only_request().language == kept


def test_the_confirmation_of_a_request_sent_in_spanish_is_in_spanish(client, submit_request):
    choose_spanish(client)
    page = submit_request(follow_redirects=True).text
    assert "Tenemos su solicitud" in page
    assert "Su código de seguimiento es" in page


def test_the_receipt_pdf_of_a_request_sent_in_spanish_is_in_spanish(client, submit_request):
    choose_spanish(client)
    submit_request()
    content = client.get("/request/received/receipt.pdf").data
    assert PdfReader(io.BytesIO(content)).trailer["/Root"]["/Lang"] == "es"
    assert "Recibo de su solicitud de expedientes" in pdf_text(content)


def test_the_receipt_email_of_a_request_sent_in_spanish_is_in_spanish(
    client, submit_request, mail_server, send_queued_mail
):
    choose_spanish(client)
    submit_request()
    client.get("/language/en")
    send_queued_mail()
    [message] = mail_server.messages
    assert message["Subject"] == "Recibimos su solicitud de expedientes"
    assert message.get_body().get_content().startswith("Hola, Margaret:")


def test_the_receipt_letters_of_a_request_sent_in_spanish_are_in_spanish(client, submit_request):
    choose_spanish(client)
    submit_request()
    write_pending_letters()
    records_request = only_request()
    acknowledgement = letter_text(records_request, LetterKind.ACKNOWLEDGEMENT)
    assert "Recibimos su solicitud" in acknowledgement
    with written_in("es"):
        assert long_date(records_request.received_at) in acknowledgement
    assert "Soy el paciente" in letter_text(records_request, LetterKind.AUTHORIZATION)


def test_a_letter_written_by_staff_follows_the_requesters_language(make_request, clerk):
    spanish = request_in(Status.IN_REVIEW, partial(make_request, language="es"), clerk)
    lifecycle.deny(spanish, clerk, spanish.version, basis="endangerment", explanation="Riesgo.")
    db.session.commit()
    text = letter_text(spanish, LetterKind.DENIAL)
    assert "Decidimos negarla." in text
    assert "Es razonablemente probable que el acceso ponga en peligro la vida" in text
    assert "Cómo presentar una queja" in text
    assert "45 CFR 164.524(a)(4)" in text


@pytest.mark.parametrize(
    "recipient, subject",
    [(RecipientKind.PATIENT, "Copias de expedientes médicos"), (THIRD_PARTY, "Copies of medical")],
)
def test_the_cover_letter_is_in_english_only_when_it_goes_to_a_third_party(
    make_request, clerk, recipient, subject
):
    make_spanish = partial(make_request, language="es", recipient_kind=recipient)
    records_request = request_in(Status.IN_REVIEW, make_spanish, clerk)
    approve_and_fulfil(records_request, clerk)
    assert subject in letter_text(records_request, LetterKind.COVER_LETTER)


def test_a_date_is_written_in_spanish_in_spanish(app):
    with written_in("es"):
        assert long_date(date(2026, 11, 25)) == "25 de noviembre de 2026"


@pytest.mark.parametrize("chosen, kept", [({}, "en"), ({"language": "es"}, "es")])
def test_staff_choose_the_language_of_a_paper_request(client, signed_in_staff, chosen, kept):
    enter_paper_request(client, paper_answers(**chosen))
    assert only_request().language == kept


def test_the_staff_request_page_shows_the_requesters_language_in_english(
    client, signed_in_staff, make_request
):
    records_request = make_request(language="es")
    page = client.get(f"/staff/requests/{records_request.id}").text
    assert '<html lang="en">' in page
    assert "Requester's language" in page
    assert '<span lang="es">Español</span>' in page


def test_the_queue_shows_a_requester_who_reads_spanish(client, signed_in_staff, make_request):
    make_request(language="es")
    page = client.get("/staff/").text
    assert 'Patient · <span lang="es">Español</span>' in page


def test_a_fee_quote_in_spanish_names_its_rule_and_how_to_pay_in_spanish(make_request, clerk):
    spanish = partial(make_request, language="es")
    records_request = request_in(Status.IN_REVIEW, spanish, clerk, quoted_cents=650)
    text = letter_text(records_request, LetterKind.FEE_QUOTE)
    assert "Expedientes del propio paciente" in text
    assert "Cómo pagar" in text
    assert "$6.50" in text


def test_the_all_requests_export_names_each_requesters_language(make_request):
    make_request(received_at=days_ago(2), language="es")
    [row] = exports.all_request_rows(
        ExportFilters(start=days_before_today(30), end=practice.today())
    )
    assert exports.ALL_REQUEST_COLUMNS[-1].title == "Language"
    assert row[-1] == "Español"


def test_the_suggested_purpose_is_offered_in_spanish(client):
    choose_spanish(client)
    walk_to_check(client, third_party_answers(purpose=None))
    assert "A petición de la persona" in client.get("/request/permission").text
