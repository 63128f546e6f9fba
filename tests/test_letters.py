"""The letters, read back with pypdf: each is written by the step that calls for it, in that
step's transaction, and says what the law and the requester need."""

import hashlib
from datetime import date, timedelta

import pytest
import time_machine

from records_app import letters, lifecycle, practice
from records_app.extensions import db
from records_app.formatting import local_time, long_date
from records_app.models import (
    LetterKind,
    ReceivedVia,
    RecipientKind,
    RecordsRequest,
    RepresentativeAuthority,
    RequesterKind,
    Status,
)
from tests.support.answers import request_fields
from tests.support.clock import days_ago
from tests.support.factories import approve_and_fulfil, extend_as_far_as_allowed, request_in
from tests.support.letters import letter_text, letters_of, only_letter, written_letter
from tests.support.pdf import pdf_text
from tests.support.stored import only_request, reload

OCR = (
    "U.S. Department of Health and Human Services, Office for Civil Rights, "
    "200 Independence Avenue SW, Washington, DC 20201. Phone 1-800-368-1019, "
    "TDD 1-800-537-7697. "
    "Online: www.hhs.gov/ocr/complaints"
)


def third_party_fields(**overrides) -> dict:
    return {
        "recipient_kind": RecipientKind.THIRD_PARTY,
        "recipient_name": "Dr. Priya Natarajan",
        "recipient_organization": "Cascade Vein Clinic",
        "recipient_address": "200 NE Pine St, Portland, OR 97232",
        "recipient_fax": "503-555-0199",
        "purpose": "At the request of the individual",
        "sensitive_initials": {"mental_health": "MAH"},
        "authorization_expires_on": date(2027, 6, 30),
        **overrides,
    }


# ---- on receipt -------------------------------------------------------------------------


def test_acknowledgement_gives_the_tracking_code_and_due_date(make_request):
    records_request = make_request()
    text = letter_text(records_request, LetterKind.ACKNOWLEDGEMENT)
    assert records_request.tracking_code in text
    assert f"We will act by {long_date(records_request.original_due_at)}" in text
    assert "http://127.0.0.1:5000/status" in text


def test_letters_carry_the_letterhead_from_the_practice_settings(app, make_request):
    app.config.update(PRACTICE_NAME="Willamette Vein Care", PRACTICE_FAX="541-555-0111")
    text = letter_text(make_request(), LetterKind.ACKNOWLEDGEMENT)
    assert text.startswith("Records Custodian Willamette Vein Care")
    assert "Fax 541-555-0111" in text


def test_public_form_submission_writes_the_acknowledgement_and_the_signed_request(
    submit_request,
):
    submit_request()
    records_request = only_request()
    kinds = [letter.kind for letter in letters_of(records_request)]
    assert kinds == [LetterKind.ACKNOWLEDGEMENT, LetterKind.AUTHORIZATION]
    assert all(letter.created_by_id is None for letter in letters_of(records_request))


def test_signed_request_shows_every_answer_the_statements_and_the_signature(make_request):
    records_request = make_request(
        requester_kind=RequesterKind.REPRESENTATIVE,
        representative_name="Daniel Holloway",
        representative_authority=RepresentativeAuthority.HEALTH_CARE_POA,
        **third_party_fields(),
    )
    text = letter_text(records_request, LetterKind.AUTHORIZATION)
    for answer in (
        records_request.tracking_code,
        "Daniel Holloway",
        "Health care power of attorney",
        "Margaret Ann Holloway",
        "April 17, 1951",
        "(503) 555-0142",
        "margaret@example.net",
        "1420 SE Alder St",
        "Dr. Priya Natarajan",
        "Cascade Vein Clinic",
        "503-555-0199",
        "At the request of the individual",
        "Mental health care: MAH",
        "June 30, 2027",
        "I understand that I can take back this permission at any time by writing",
        "no care depends on whether I sign this",
        "may share the records again",
        "what I wrote is true",
        f"signed online at {local_time(records_request.signed_at)}",
        "Typed as “Margaret Ann Holloway”",
    ):
        assert answer in text


def test_patients_own_request_lists_no_third_party_statements(make_request):
    text = letter_text(make_request(), LetterKind.AUTHORIZATION)
    assert "what I wrote is true" in text
    assert "take back this permission" not in text


def test_signed_request_fits_one_page_with_every_answer_at_its_longest(make_request):
    records_request = make_request(
        patient_other_names="O" * 200,
        other_records_description="D " * 250,
        record_categories=["office_notes", "procedure_reports", "imaging_reports", "other"],
        **third_party_fields(
            recipient_name="R" * 120,
            recipient_organization="Organization " * 15,
            recipient_address="Street " * 42,
            purpose="Purpose " * 62,
            sensitive_initials={
                "hiv_aids": "ABCDE",
                "mental_health": "ABCDE",
                "genetic_testing": "ABCDE",
                "drug_alcohol_treatment": "ABCDE",
            },
        ),
    )
    content = letters.read_verified(only_letter(records_request, LetterKind.AUTHORIZATION))
    assert pdf_text(content).count("Page 1 of 1") == 1


def test_paper_request_gets_both_letters_and_says_it_was_signed_on_paper(make_request, clerk):
    records_request = make_request(received_via=ReceivedVia.MAIL)
    assert only_letter(records_request, LetterKind.ACKNOWLEDGEMENT)
    text = letter_text(records_request, LetterKind.AUTHORIZATION)
    assert "Signed on paper as “Margaret Ann Holloway”" in text
    assert "Statements on the signed paper form" in text


def test_letter_keeps_its_sha256_its_author_and_the_moment_of_its_step(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    lifecycle.request_info(records_request, clerk, records_request.version, "Photo ID, please.")
    db.session.commit()
    letter = only_letter(records_request, LetterKind.INFORMATION_REQUEST)
    assert letter.sha256 == hashlib.sha256(letters.read_verified(letter)).hexdigest()
    assert letter.created_by_id == clerk.id
    assert letter.created_at == records_request.events[-1].occurred_at


# ---- names outside Latin-1 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_name", "last_name"),
    [("Thị Hồng", "Nguyễn"), ("Zoë", "O'Brien-Łukasz"), ("Ольга", "Шевченко")],
)
def test_names_outside_latin1_print_as_written(make_request, first_name, last_name):
    records_request = make_request(
        patient_first_name=first_name, patient_middle_name=None, patient_last_name=last_name
    )
    for kind in (LetterKind.ACKNOWLEDGEMENT, LetterKind.AUTHORIZATION):
        assert f"{first_name} {last_name}" in letter_text(records_request, kind)


def test_character_the_font_lacks_prints_as_a_question_mark(make_request):
    records_request = make_request(patient_last_name="山田")
    assert "Margaret Ann ??" in letter_text(records_request, LetterKind.ACKNOWLEDGEMENT)


# ---- extension notice -------------------------------------------------------------------


def test_extension_notice_gives_the_reason_and_the_new_date(make_request, clerk):
    records_request = make_request()
    new_due_on = practice.local_date(records_request.original_due_at) + timedelta(days=20)
    lifecycle.extend(
        records_request,
        clerk,
        records_request.version,
        new_due_on=new_due_on,
        reason="Records are in off-site storage",
    )
    db.session.commit()
    text = letter_text(records_request, LetterKind.EXTENSION_NOTICE)
    assert "Reason for the delay Records are in off-site storage" in text
    assert f"We will act by {long_date(new_due_on)}" in text
    assert long_date(records_request.original_due_at) in text


def test_extension_notice_on_the_last_allowed_day_is_dated_within_the_first_30_days(
    make_request, clerk
):
    records_request = make_request(received_at=days_ago(29))
    with time_machine.travel(records_request.original_due_at - timedelta(minutes=1)):
        extend_as_far_as_allowed(records_request, clerk)
    db.session.commit()
    notice = only_letter(records_request, LetterKind.EXTENSION_NOTICE)
    assert notice.created_at < records_request.original_due_at


def test_extension_whose_notice_would_go_out_after_the_first_30_days_is_refused(
    make_request, clerk
):
    records_request = make_request(received_at=days_ago(29))
    with time_machine.travel(records_request.original_due_at):
        assert not lifecycle.can_extend(records_request)
        with pytest.raises(lifecycle.ActionRefused, match="first 30 days have run out"):
            extend_as_far_as_allowed(records_request, clerk)
    db.session.rollback()
    assert letters_of(records_request, LetterKind.EXTENSION_NOTICE) == []
    assert not reload(records_request).is_extended


# ---- request for information, denial, cover letter -------------------------------------


def test_request_for_information_says_what_is_missing_and_how_to_send_it(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    lifecycle.request_info(
        records_request, clerk, records_request.version, "A copy of your photo ID."
    )
    db.session.commit()
    text = letter_text(records_request, LetterKind.INFORMATION_REQUEST)
    assert "we need: A copy of your photo ID." in text
    assert "Online On the status page, http://127.0.0.1:5000/status: look the request up" in text
    assert "By post Records Custodian, Interventional and Vascular Consultants, PO Box 0000" in text
    assert "By fax 503-555-0101, with a cover page for Records Custodian" in text
    assert f"write the tracking code {records_request.tracking_code} on everything" in text
    assert "http://127.0.0.1:5000/status" in text


def test_request_for_information_offers_no_fax_when_the_practice_has_none(app, make_request, clerk):
    app.config.update(PRACTICE_FAX="")
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    lifecycle.request_info(records_request, clerk, records_request.version, "A photo ID.")
    db.session.commit()
    text = letter_text(records_request, LetterKind.INFORMATION_REQUEST)
    assert "By post" in text
    assert "By fax" not in text


def deny(records_request, clerk, basis: str) -> str:
    lifecycle.deny(
        records_request,
        clerk,
        records_request.version,
        basis=basis,
        explanation="A clinician judged that access would put you at risk.",
    )
    db.session.commit()
    return letter_text(records_request, LetterKind.DENIAL)


def test_denial_letter_gives_the_basis_and_the_explanation(make_request, clerk):
    text = deny(request_in(Status.IN_REVIEW, make_request, clerk), clerk, "endangerment")
    assert "Why Access is reasonably likely to endanger the life or physical safety" in text
    assert "A clinician judged that access would put you at risk." in text


def test_denial_on_a_reviewable_basis_explains_how_to_ask_for_a_review(make_request, clerk):
    text = deny(request_in(Status.IN_REVIEW, make_request, clerk), clerk, "endangerment")
    assert "right to have this denial reviewed by a licensed health care professional" in text
    assert "who took no part in the decision" in text
    assert "To ask for a review, write to Records Custodian" in text


def test_denial_on_an_unreviewable_basis_says_there_is_no_review(make_request, clerk):
    text = deny(request_in(Status.IN_REVIEW, make_request, clerk), clerk, "psychotherapy_notes")
    assert "does not give a right to have a denial on this basis reviewed" in text
    assert "licensed health care professional" not in text


@pytest.mark.parametrize("basis", ["endangerment", "requester_not_authorized"])
def test_denial_letter_says_how_to_complain_to_the_practice_and_to_hhs(make_request, clerk, basis):
    text = deny(request_in(Status.IN_REVIEW, make_request, clerk), clerk, basis)
    assert "you may complain to us: Records Custodian" in text
    assert OCR in text


def fulfil(records_request, clerk, fee_cents: int) -> str:
    approve_and_fulfil(records_request, clerk, fee_cents)
    return letter_text(records_request, LetterKind.COVER_LETTER)


def test_cover_letter_says_what_was_sent_to_whom_how_and_the_fee(make_request, clerk):
    text = fulfil(request_in(Status.IN_REVIEW, make_request, clerk), clerk, fee_cents=650)
    assert "What was sent Office notes 2015–2022, 42 pages" in text
    assert "Sent to Dr. Priya Natarajan, Cascade Vein Clinic" in text
    assert "How by secure e-mail" in text
    assert f"Date sent {long_date(practice.today())}" in text
    assert "Fee $6.50" in text


def test_cover_letter_without_a_fee_says_there_is_no_charge(make_request, clerk):
    text = fulfil(request_in(Status.IN_REVIEW, make_request, clerk), clerk, fee_cents=0)
    assert "Fee None: there is no charge." in text


# ---- one transaction with the step ------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "verb", "arguments"),
    [
        (Status.SUBMITTED, lifecycle.start_review, {}),
        (Status.NEEDS_INFO, lifecycle.receive_info, {}),
        (
            Status.IN_REVIEW,
            lifecycle.approve,
            {"identity_verified": True, "authorization_valid": True},
        ),
        (Status.SUBMITTED, lifecycle.withdraw, {"reason": "Called to cancel."}),
    ],
)
def test_steps_that_owe_no_letter_write_none(make_request, clerk, start, verb, arguments):
    records_request = request_in(start, make_request, clerk)
    before = len(letters_of(records_request))
    verb(records_request, clerk, records_request.version, **arguments)
    db.session.commit()
    assert len(letters_of(records_request)) == before


def test_letter_is_undone_with_its_step_when_the_transaction_rolls_back(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    lifecycle.deny(
        records_request,
        clerk,
        records_request.version,
        basis="requester_not_authorized",
        explanation="None.",
    )
    db.session.rollback()
    assert letters_of(records_request, LetterKind.DENIAL) == []
    assert reload(records_request).status == Status.IN_REVIEW


def test_step_refused_as_out_of_date_writes_no_letter(make_request, clerk):
    records_request = request_in(Status.IN_REVIEW, make_request, clerk)
    with pytest.raises(lifecycle.RequestChanged):
        lifecycle.deny(
            records_request,
            clerk,
            records_request.version - 1,
            basis="requester_not_authorized",
            explanation="None.",
        )
    db.session.rollback()
    assert letters_of(records_request, LetterKind.DENIAL) == []


def test_repeated_submission_writes_no_second_acknowledgement(app):
    first = lifecycle.receive(RecordsRequest(**request_fields()), submission_token="same-form")
    lifecycle.receive(RecordsRequest(**request_fields()), submission_token="same-form")
    db.session.commit()
    assert len(letters_of(first.request, LetterKind.ACKNOWLEDGEMENT)) == 1


def test_letter_whose_bytes_changed_is_refused(make_request):
    letter = written_letter(make_request(), LetterKind.ACKNOWLEDGEMENT)
    letter.sha256 = "0" * 64
    with pytest.raises(letters.LetterDamaged):
        letters.read_verified(letter)
