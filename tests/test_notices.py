"""The details a careful reader checks: the HHS OCR complaint line with its TDD number, the
complaint routes on a denied request's status page, the Oregon sensitive category worded as
the statute words it, and the 42 CFR 2.32 notice that goes with substance use disorder
records released to a third party."""

from datetime import date

from records_app import lifecycle
from records_app.extensions import db
from records_app.models import LetterKind, RecipientKind, Status
from tests.support.factories import approve_and_fulfil, request_in
from tests.support.letters import letter_text
from tests.support.requester import look_up
from tests.support.steps import every_step_page

OCR_LINE = "Phone 1-800-368-1019, TDD 1-800-537-7697"
PART_2 = "protected by federal confidentiality rules (42 CFR part 2)"


def to_a_new_doctor(**overrides) -> dict:
    return {
        "recipient_kind": RecipientKind.THIRD_PARTY,
        "recipient_name": "Dr. Priya Natarajan",
        "recipient_organization": "Cascade Vein Clinic",
        "recipient_address": "200 NE Pine St, Portland, OR 97232",
        "purpose": "At the request of the individual",
        "authorization_expires_on": date(2027, 6, 30),
        **overrides,
    }


def sent(make_request, clerk, **fields):
    records_request = make_request(**fields)
    lifecycle.start_review(records_request, clerk, records_request.version)
    db.session.commit()
    approve_and_fulfil(records_request, clerk)
    return records_request


def test_denial_letter_gives_the_ocr_phone_with_its_tdd_number(make_request, clerk):
    records_request = request_in(Status.DENIED, make_request, clerk)
    assert OCR_LINE in letter_text(records_request, LetterKind.DENIAL)


def test_status_page_of_a_denied_request_names_the_complaint_routes(client, make_request, clerk):
    records_request = request_in(Status.DENIED, make_request, clerk)
    html = look_up(client, records_request.tracking_code).text
    assert "How to complain" in html
    assert "Records Custodian" in html
    assert OCR_LINE in html


def test_status_page_of_a_sent_request_has_no_complaint_section(client, make_request, clerk):
    records_request = request_in(Status.FULFILLED, make_request, clerk)
    assert "How to complain" not in look_up(client, records_request.tracking_code).text


def test_the_form_words_the_oregon_category_as_the_statute_does(client):
    assert "Drug or alcohol diagnosis, treatment or referral" in every_step_page(client)


def test_drug_and_alcohol_records_released_carry_the_part_2_notice(make_request, clerk):
    records_request = sent(
        make_request, clerk, **to_a_new_doctor(sensitive_initials={"drug_alcohol_treatment": "MAH"})
    )
    assert PART_2 in letter_text(records_request, LetterKind.COVER_LETTER)
    assert "42 CFR part 2 prohibits unauthorized use or disclosure of these records." in (
        letter_text(records_request, LetterKind.AUTHORIZATION)
    )


def test_other_records_released_carry_no_part_2_notice(make_request, clerk):
    records_request = sent(
        make_request, clerk, **to_a_new_doctor(sensitive_initials={"mental_health": "MAH"})
    )
    assert PART_2 not in letter_text(records_request, LetterKind.COVER_LETTER)
    assert "42 CFR part 2" not in letter_text(records_request, LetterKind.AUTHORIZATION)
