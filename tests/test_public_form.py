"""The public request form: what it asks, what it stores, and what it refuses."""

import logging
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from records_app import lifecycle, practice
from records_app.crypto import keyring
from records_app.models import (
    Delivery,
    ReceivedVia,
    RecipientKind,
    RecordFormat,
    RecordsScope,
    RepresentativeAuthority,
    RequesterKind,
    Status,
)
from tests.support.answers import form_answers, third_party_answers
from tests.support.forms import csrf_token_from, error_links, submission_token_from
from tests.support.steps import SIGN_URL, every_step_page, pages_walked, walk_to_check
from tests.support.stored import only_request, stored_drafts, stored_requests

FORM_URL = "/request"


# ---- what the form asks ------------------------------------------------------------------


def test_every_input_on_the_form_has_a_visible_label(client):
    page = every_step_page(client)
    input_ids = re.findall(
        r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page
    )
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    assert input_ids
    assert [input_id for input_id in input_ids if input_id not in labelled] == []


def test_every_text_answer_has_a_length_limit(client):
    page = every_step_page(client)
    text_inputs = re.findall(r'<input[^>]*type="(?:text|email|tel)"[^>]*>|<textarea[^>]*>', page)

    assert text_inputs
    assert [tag for tag in text_inputs if "maxlength=" not in tag] == []


def test_form_never_asks_for_a_social_security_number(client):
    page = every_step_page(client).lower()
    assert "social security" not in page
    assert "ssn" not in page


def test_a_patient_asking_for_their_own_records_by_post_sees_only_their_steps(client):
    pages = pages_walked(client, form_answers())

    headings = [re.search(r"<h1>([^<]+)</h1>", page).group(1) for page in pages]
    assert headings == [
        "About this request",
        "Patient and records",
        "Contact and delivery",
        "Check your answers",
        "Sign and send",
    ]


def test_form_states_that_the_closed_practice_gives_no_treatment(client, app):
    page = every_step_page(client)
    assert f"{app.config['PRACTICE_NAME']} has closed and gives no treatment" in page


def test_form_says_where_to_write_to_take_back_permission(client, app):
    page = every_step_page(client)
    assert app.config["PRACTICE_ADDRESS"] in page.split('for="understands_revoking"')[1]


# ---- what a valid request stores ----------------------------------------------------------


def test_patient_request_stores_exactly_the_answers_given(submit_request):
    response = submit_request(form_answers())

    assert response.status_code == 303
    stored = only_request()
    assert {
        "requester_kind": stored.requester_kind,
        "representative_name": stored.representative_name,
        "representative_authority": stored.representative_authority,
        "patient_first_name": stored.patient_first_name,
        "patient_middle_name": stored.patient_middle_name,
        "patient_last_name": stored.patient_last_name,
        "patient_last_name_lookup": stored.patient_last_name_lookup,
        "patient_other_names": stored.patient_other_names,
        "date_of_birth": stored.date_of_birth,
        "phone": stored.phone,
        "email": stored.email,
        "address": (
            stored.address_street,
            stored.address_city,
            stored.address_state,
            stored.address_zip,
        ),
        "records_scope": stored.records_scope,
        "record_categories": stored.record_categories,
        "other_records_description": stored.other_records_description,
        "service_dates": (stored.service_from, stored.service_to),
        "recipient_kind": stored.recipient_kind,
        "recipient": (
            stored.recipient_name,
            stored.recipient_organization,
            stored.recipient_address,
            stored.recipient_phone,
            stored.recipient_fax,
            stored.recipient_email,
        ),
        "record_format": stored.record_format,
        "delivery": stored.delivery,
        "purpose": stored.purpose,
        "sensitive_initials": stored.sensitive_initials,
        "authorization_expires_on": stored.authorization_expires_on,
        "signature_name": stored.signature_name,
    } == {
        "requester_kind": RequesterKind.PATIENT,
        "representative_name": None,
        "representative_authority": None,
        "patient_first_name": "Margaret",
        "patient_middle_name": "Ann",
        "patient_last_name": "Holloway",
        "patient_last_name_lookup": keyring.lookup("patient_last_name", "HOLLOWAY"),
        "patient_other_names": "Margaret Dunn",
        "date_of_birth": date(1951, 4, 17),
        "phone": "(503) 555-0142",
        "email": "margaret@example.net",
        "address": ("1420 SE Alder St", "Portland", "OR", "97214"),
        "records_scope": RecordsScope.ALL,
        "record_categories": [],
        "other_records_description": None,
        "service_dates": (None, None),
        "recipient_kind": RecipientKind.PATIENT,
        "recipient": (None, None, None, None, None, None),
        "record_format": RecordFormat.PAPER,
        "delivery": Delivery.MAIL,
        "purpose": None,
        "sensitive_initials": {},
        "authorization_expires_on": None,
        "signature_name": "Margaret Ann Holloway",
    }


def test_new_request_is_received_online_with_a_30_day_deadline(submit_request):
    submit_request()

    stored = only_request()
    assert stored.status == Status.SUBMITTED
    assert stored.received_via == ReceivedVia.ONLINE
    assert lifecycle.due_date(stored) == practice.local_date(stored.received_at) + timedelta(
        days=30
    )
    assert re.fullmatch(r"RR-[0-9A-Z]{4}-[0-9A-Z]{4}", stored.tracking_code)


def test_signing_date_is_set_by_the_server_not_the_browser(submit_request):
    before = datetime.now(UTC)
    submit_request(form_answers(signed_at="2001-01-01"))

    assert before <= only_request().signed_at <= datetime.now(UTC)


def test_date_of_birth_may_be_typed_as_month_day_year(submit_request):
    submit_request(form_answers(date_of_birth="4/17/1951"))

    assert only_request().date_of_birth == date(1951, 4, 17)


def test_patient_with_an_address_may_leave_the_email_empty(submit_request):
    submit_request(form_answers(email=""))

    assert only_request().email is None


def test_patient_with_an_email_may_leave_the_address_empty_when_picking_up(submit_request):
    no_address = {name: "" for name in ("address_street", "address_city", "address_zip")}
    submit_request(form_answers(**no_address, address_state="", delivery="pickup"))

    stored = only_request()
    assert (stored.address_street, stored.address_state, stored.email) == (
        None,
        None,
        "margaret@example.net",
    )


def test_representative_request_stores_their_name_and_authority(submit_request):
    submit_request(
        form_answers(
            requester_kind="representative",
            representative_name="Daniel Holloway",
            representative_authority="estate_executor",
        )
    )

    stored = only_request()
    assert stored.requester_kind == RequesterKind.REPRESENTATIVE
    assert stored.representative_name == "Daniel Holloway"
    assert stored.representative_authority == RepresentativeAuthority.ESTATE_EXECUTOR


def test_representative_answers_are_ignored_when_the_patient_asks(submit_request):
    submit_request(form_answers(representative_name="Someone", representative_authority="x"))

    stored = only_request()
    assert (stored.representative_name, stored.representative_authority) == (None, None)


def test_chosen_record_categories_and_dates_of_care_are_stored(submit_request):
    submit_request(
        form_answers(
            records_scope="selected",
            record_categories=["imaging_reports", "other"],
            other_records_description="Ultrasound of the left leg",
            service_from="2019-01-01",
            service_to="2023-03-10",
        )
    )

    stored = only_request()
    assert stored.record_categories == ["imaging_reports", "other"]
    assert stored.other_records_description == "Ultrasound of the left leg"
    assert (stored.service_from, stored.service_to) == (date(2019, 1, 1), date(2023, 3, 10))


def test_categories_are_ignored_when_all_records_are_asked_for(submit_request):
    submit_request(form_answers(records_scope="all", record_categories=["billing"]))

    assert only_request().record_categories == []


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("503-555-0142", "(503) 555-0142"),
        ("(503) 555-0142", "(503) 555-0142"),
        ("503.555.0142", "(503) 555-0142"),
        ("+1 503 555 0142", "(503) 555-0142"),
        ("5035550142", "(503) 555-0142"),
    ],
)
def test_phone_numbers_are_stored_in_one_shape(submit_request, typed, stored):
    submit_request(form_answers(phone=typed))

    assert only_request().phone == stored


def test_nine_digit_zip_code_is_stored_with_a_dash(submit_request):
    submit_request(form_answers(address_zip="972141234"))

    assert only_request().address_zip == "97214-1234"


def test_control_characters_and_extra_spaces_are_removed(submit_request):
    submit_request(form_answers(patient_first_name="  Mar\x00garet  ", address_city="Port  land"))

    stored = only_request()
    assert (stored.patient_first_name, stored.address_city) == ("Mar garet", "Port land")


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\u2060", "\u061c", "\u180e", "\ufeff", "\u00ad", "\u034f", "\u2028"]
)
def test_invisible_characters_in_a_name_are_removed_and_it_still_matches(submit_request, invisible):
    submit_request(form_answers(patient_last_name=f"Hollo{invisible}way"))

    stored = only_request()
    expected = "Hollo way" if invisible == "\u2028" else "Holloway"
    assert stored.patient_last_name == expected
    assert stored.patient_last_name_lookup == keyring.lookup("patient_last_name", expected.lower())


def test_full_width_digits_in_the_date_of_birth_are_read_as_plain_ones(submit_request):
    submit_request(form_answers(date_of_birth="１９５１-０４-１７"))

    assert only_request().date_of_birth == date(1951, 4, 17)


def test_last_name_search_key_ignores_case(submit_request):
    submit_request(form_answers(patient_last_name="McDONALD"))

    assert only_request().patient_last_name_lookup == keyring.lookup(
        "patient_last_name", "mcdonald"
    )


# ---- releases to a third party (45 CFR 164.508, ORS 192.566) --------------------------------


def test_third_party_release_stores_recipient_purpose_and_one_year_expiry(submit_request):
    with time_machine.travel(datetime(2026, 6, 1, 18, 0, tzinfo=UTC), tick=False):
        submit_request(third_party_answers(purpose="Continuing care with a new doctor"))

    stored = only_request()
    assert stored.recipient_kind == RecipientKind.THIRD_PARTY
    assert stored.recipient_name == "Dr. Priya Natarajan"
    assert stored.recipient_organization == "Cascade Vein Clinic"
    assert stored.recipient_address == "200 NE Pine St\nSuite 4\nPortland, OR 97232"
    assert stored.recipient_fax == "(503) 555-0199"
    assert stored.purpose == "Continuing care with a new doctor"
    assert stored.authorization_expires_on == date(2027, 6, 1)


def test_third_party_release_can_end_on_a_chosen_date(submit_request):
    submit_request(third_party_answers(expiry="on_date", expires_on="2099-12-31"))

    assert only_request().authorization_expires_on == date(2099, 12, 31)


def test_purpose_is_suggested_as_at_the_request_of_the_individual(client):
    page = every_step_page(client)

    assert 'name="purpose" type="text" value="At the request of the individual"' in page


def test_patient_own_request_stores_no_authorization_parts(submit_request):
    submit_request(
        form_answers(
            purpose="Anything",
            expiry="on_date",
            expires_on="2001-01-01",
            initials_mental_health="MAH",
            recipient_name="Someone Else",
        )
    )

    stored = only_request()
    assert (stored.purpose, stored.authorization_expires_on, stored.recipient_name) == (
        None,
        None,
        None,
    )
    assert stored.sensitive_initials == {}


def test_patient_own_request_needs_no_purpose_statements_or_expiry(submit_request):
    answers = form_answers(purpose="", expiry=None)

    assert submit_request(answers).status_code == 303
    assert len(stored_requests()) == 1


@pytest.mark.parametrize(
    "statement",
    ["understands_revoking", "understands_no_treatment_condition", "understands_redisclosure"],
)
def test_third_party_release_requires_each_statement_to_be_ticked(submit_request, statement):
    response = submit_request(third_party_answers(**{statement: None}))

    assert response.status_code == 422
    assert statement in error_links(response.text)
    assert stored_requests() == []


def test_third_party_release_requires_a_purpose(submit_request):
    response = submit_request(third_party_answers(purpose=""))

    assert error_links(response.text)["purpose"].startswith("Say why the records are being sent")
    assert stored_requests() == []


def test_sensitive_category_is_released_only_with_initials(submit_request):
    submit_request(third_party_answers(initials_mental_health="m. a. h."))

    assert only_request().sensitive_initials == {"mental_health": "MAH"}


def test_sensitive_categories_without_initials_are_not_released(submit_request):
    submit_request(third_party_answers())

    assert only_request().sensitive_initials == {}


# ---- what is refused ---------------------------------------------------------------------

LONG_NAME = "A" * 61

REFUSED = [
    ({"requester_kind": None}, "requester_kind", "Choose who is asking."),
    (
        {"requester_kind": "representative", "representative_authority": "legal_guardian"},
        "representative_name",
        "Enter your full name.",
    ),
    (
        {"requester_kind": "representative", "representative_name": "Daniel Holloway"},
        "representative_authority",
        "Choose your legal right to act for the patient.",
    ),
    ({"patient_first_name": ""}, "patient_first_name", "Enter the patient's first name."),
    ({"patient_last_name": " "}, "patient_last_name", "Enter the patient's last name."),
    ({"patient_first_name": LONG_NAME}, "patient_first_name", "Keep this to 60 characters"),
    ({"date_of_birth": ""}, "date_of_birth", "Enter the patient's date of birth."),
    ({"date_of_birth": "17.04.51"}, "date_of_birth", "Enter a real date"),
    ({"date_of_birth": "2099-01-01"}, "date_of_birth", "must be in the past"),
    ({"date_of_birth": "1899-12-31"}, "date_of_birth", "1900 or later"),
    ({"phone": ""}, "phone", "Enter a phone number"),
    ({"phone": "555-0142"}, "phone", "Enter a 10-digit US number"),
    ({"phone": "503-555-CALL"}, "phone", "Enter a 10-digit US number"),
    ({"email": "margaret@"}, "email", "Enter an e-mail address like name@example.com."),
    (
        {"email": "", "address_street": "", "address_city": "", "address_zip": ""},
        "email",
        "Enter an e-mail address, or fill in the whole mailing address.",
    ),
    ({"address_city": ""}, "address_city", "Enter the city."),
    ({"address_state": ""}, "address_state", "Choose the state."),
    ({"address_state": "ZZ"}, "address_state", "Choose the state from the list."),
    ({"address_zip": "9721"}, "address_zip", "Enter a 5-digit ZIP code"),
    ({"address_zip": "ABCDE"}, "address_zip", "Enter a 5-digit ZIP code"),
    ({"records_scope": "selected"}, "record_categories", "Tick at least one kind of record."),
    (
        {"records_scope": "selected", "record_categories": "other"},
        "other_records_description",
        "Tell us what other records you want.",
    ),
    ({"service_from": "2023-03-11"}, "service_from", "The practice closed on March 10, 2023"),
    ({"service_to": "2024-01-01"}, "service_to", "The practice closed on March 10, 2023"),
    (
        {"service_from": "2020-05-01", "service_to": "2020-04-30"},
        "service_to",
        "must be on or after the “From” date",
    ),
    ({"service_from": "1950-01-01"}, "service_from", "cannot be before the date of birth"),
    ({"service_to": "1950-01-01"}, "service_to", "“To” date cannot be before the date of birth"),
    ({"recipient_kind": None}, "recipient_kind", "Choose who gets the records."),
    (
        {"delivery": "secure_email", "record_format": "pdf_email", "email": ""},
        "delivery",
        "Secure e-mail needs the e-mail address of whoever gets the records.",
    ),
    ({"record_format": "pdf_email"}, "delivery", "PDF files go only by e-mail"),
    (
        {"delivery": "unencrypted_email", "record_format": "pdf_email"},
        "unencrypted_risk_accepted",
        "Tick the box to accept the risk of ordinary e-mail",
    ),
    (
        {"delivery": "unencrypted_email", "record_format": "pdf_email", "email": ""},
        "delivery",
        "Ordinary e-mail goes only to you",
    ),
    ({"signature_name": ""}, "signature_name", "Type your full name to sign the form."),
    ({"confirms_truth": None}, "confirms_truth", "Tick the box to confirm who you are"),
]

REFUSED_THIRD_PARTY = [
    ({"recipient_name": ""}, "recipient_name", "Enter the name of the person or office"),
    ({"recipient_address": ""}, "recipient_address", "Enter the address to mail the records to."),
    (
        {"delivery": "secure_email", "record_format": "pdf_email"},
        "delivery",
        "Secure e-mail needs the e-mail address of whoever gets the records.",
    ),
    (
        {
            "delivery": "unencrypted_email",
            "record_format": "pdf_email",
            "unencrypted_risk_accepted": "y",
        },
        "delivery",
        "Ordinary e-mail goes only to you",
    ),
    ({"recipient_fax": "12345"}, "recipient_fax", "Enter a 10-digit US number"),
    ({"expiry": "on_date"}, "expires_on", "Enter the date this permission ends."),
    ({"expiry": "on_date", "expires_on": "2020-01-01"}, "expires_on", "Choose a date after today."),
    ({"initials_hiv_aids": "42"}, "initials_hiv_aids", "Type only your initials"),
]


@pytest.mark.parametrize(
    "answers, field_id, message",
    [(form_answers(**changes), field_id, message) for changes, field_id, message in REFUSED]
    + [
        (third_party_answers(**changes), field_id, message)
        for changes, field_id, message in REFUSED_THIRD_PARTY
    ],
)
def test_bad_answer_is_refused_with_its_message_and_nothing_is_written(
    submit_request, answers, field_id, message
):
    response = submit_request(answers)

    assert response.status_code == 422
    assert message in error_links(response.text).get(field_id, "")
    assert f'id="{field_id}-error"' in response.text
    assert stored_requests() == []


def test_a_refused_step_keeps_everything_typed_on_it(submit_request):
    answers = third_party_answers(
        recipient_address="", recipient_organization="Cascade Vein Clinic"
    )
    page = submit_request(answers).text

    assert 'value="Dr. Priya Natarajan"' in page
    assert 'value="Cascade Vein Clinic"' in page
    assert 'value="(503) 555-0199"' in page or 'value="503-555-0199"' in page
    assert re.search(r'checked[^>]*value="mail"', page)


def test_answers_of_earlier_steps_are_shown_again_when_going_back(client, submit_request):
    answers = third_party_answers(
        requester_kind="representative",
        representative_name="Daniel Holloway",
        representative_authority="estate_executor",
        records_scope="selected",
        record_categories=["billing", "lab_results"],
        phone="not a phone",
    )
    submit_request(answers)

    start, representative, patient, kinds = (
        client.get(url).text
        for url in (
            FORM_URL,
            "/request/representative",
            "/request/patient",
            "/request/record-kinds",
        )
    )
    assert re.search(r'checked[^>]*value="representative"', start)
    assert re.search(r'checked[^>]*value="estate_executor"', start)
    assert 'value="Daniel Holloway"' in representative
    assert 'value="Holloway"' in patient and 'value="1951-04-17"' in patient
    assert re.search(r'checked[^>]*value="selected"', patient)
    assert re.search(r'checked[^>]*value="billing"', kinds)
    assert re.search(r'checked[^>]*value="lab_results"', kinds)


# ---- CSRF and repeated submissions -------------------------------------------------------


def test_a_step_without_csrf_token_keeps_typed_values_and_keeps_nothing(client):
    client.get(FORM_URL)
    response = client.post(
        FORM_URL, data={"requester_kind": "patient", "recipient_kind": "patient"}
    )

    assert response.status_code == 422
    assert "for your security it was not sent" in response.text
    assert re.search(r'checked[^>]*value="patient"', response.text)
    assert stored_drafts() == []


def test_form_open_longer_than_the_csrf_time_limit_is_re_asked_not_refused(client, app):
    page = client.get(FORM_URL).text
    later = datetime.now(UTC) + timedelta(seconds=app.config["WTF_CSRF_TIME_LIMIT"] + 60)
    with time_machine.travel(later):
        response = client.post(
            FORM_URL, data={"csrf_token": csrf_token_from(page), **form_answers()}
        )

    assert response.status_code == 422
    assert "for your security it was not sent" in response.text
    assert re.search(r'checked[^>]*value="patient"', response.text)
    assert stored_drafts() == []


def test_form_can_be_sent_over_https(submit_request):
    response = submit_request(form_answers(), base_url="https://records.example.org")

    assert response.status_code == 303
    assert len(stored_requests()) == 1


def test_sending_the_same_form_twice_creates_one_request(client):
    walk_to_check(client, form_answers())
    page = client.get(SIGN_URL).text
    answers = {
        "csrf_token": csrf_token_from(page),
        "submission_token": submission_token_from(page),
        **form_answers(),
    }

    first = client.post(SIGN_URL, data=answers)
    first_confirmation = client.get(first.headers["Location"]).text
    second = client.post(SIGN_URL, data=answers)
    second_confirmation = client.get(second.headers["Location"]).text

    assert len(stored_requests()) == 1
    assert second.headers["Location"] == first.headers["Location"]
    assert only_request().tracking_code in second_confirmation
    assert first_confirmation == second_confirmation


def test_two_forms_filled_separately_create_two_requests(submit_request):
    submit_request()
    submit_request(form_answers(patient_first_name="Daniel"))

    assert len(stored_requests()) == 2


def test_refused_signing_keeps_its_submission_token(client):
    walk_to_check(client, form_answers())
    page = client.get(SIGN_URL).text
    token = submission_token_from(page)
    response = client.post(SIGN_URL, data={"csrf_token": csrf_token_from(page)})

    assert response.status_code == 422
    assert submission_token_from(response.text) == token


# ---- privacy -----------------------------------------------------------------------------


def test_submitting_a_request_logs_none_of_the_answers(submit_request, caplog):
    answers = third_party_answers(initials_mental_health="MAH")
    personal_values = [
        "Margaret",
        "Holloway",
        "1951-04-17",
        "04/17/1951",
        "555-0142",
        "5550142",
        "margaret@example.net",
        "Alder",
        "97214",
        "Natarajan",
        "Cascade Vein",
        "Pine St",
        "MAH",
    ]
    for name in ["", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)

    submit_request(answers)
    submit_request(form_answers(phone="bad"))

    assert len(stored_requests()) == 1
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r}" for record in caplog.records
    )
    assert caplog.records, "the request log should have recorded the requests"
    assert [value for value in personal_values if value in logged] == []
