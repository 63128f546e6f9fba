"""Letters that can be mailed: every letter to a person prints the addressee's name and postal
address where the window of a US #10 envelope shows it, and the custodian's return address
in the upper window, read back from the PDF with where each line sits on the sheet."""

from datetime import date

import pytest

from records_app import letters, lifecycle
from records_app.extensions import db
from records_app.letters.addressee import address_lines
from records_app.models import (
    LetterKind,
    RecipientKind,
    RepresentativeAuthority,
    RequesterKind,
    Status,
)
from tests.support.factories import approve_and_fulfil, request_in
from tests.support.letters import written_letter
from tests.support.pdf import first_page_texts

# The sheet as the windows show it once folded into a #10 envelope, in inches from its
# left and top edges (a text run's baseline sits at `top`).
ADDRESS_WINDOW = {"left": (0.875, 5.375), "top": (2.0, 3.25)}
RETURN_WINDOW = {"left": (0.375, 3.875), "top": (0.375, 1.375)}

ATTORNEY = {
    "recipient_kind": RecipientKind.THIRD_PARTY,
    "recipient_name": "Jordan Avery, Attorney at Law",
    "recipient_organization": "Avery & Lund LLP",
    "recipient_address": "900 SW 5th Ave, Suite 2100, Portland, OR 97204",
    "purpose": "At the request of the individual",
    "authorization_expires_on": date(2027, 6, 30),
}
REPRESENTATIVE = {
    "requester_kind": RequesterKind.REPRESENTATIVE,
    "representative_name": "Daniel Holloway",
    "representative_authority": RepresentativeAuthority.HEALTH_CARE_POA,
}


def in_window(window, placed) -> bool:
    (left, right), (top, bottom) = window["left"], window["top"]
    return left <= placed.left <= right and top <= placed.top <= bottom


def window_text(content: bytes, window) -> list[str]:
    return [placed.text for placed in first_page_texts(content) if in_window(window, placed)]


def letter_of(records_request, kind):
    return letters.read_verified(written_letter(records_request, kind))


@pytest.mark.parametrize(
    ("overrides", "addressee"),
    [
        ({}, ["Margaret Ann Holloway", "1420 SE Alder St", "Portland, OR 97214"]),
        (REPRESENTATIVE, ["Daniel Holloway", "1420 SE Alder St", "Portland, OR 97214"]),
    ],
    ids=["patient", "representative"],
)
def test_acknowledgement_shows_the_requester_in_the_address_window(
    make_request, overrides, addressee
):
    content = letter_of(make_request(**overrides), LetterKind.ACKNOWLEDGEMENT)
    assert window_text(content, ADDRESS_WINDOW) == addressee


def test_every_letter_carries_the_custodians_return_address(app, make_request):
    app.config.update(PRACTICE_ADDRESS="PO Box 4410, Portland, OR 97208")
    content = letter_of(make_request(), LetterKind.ACKNOWLEDGEMENT)
    assert window_text(content, RETURN_WINDOW) == [
        "Records Custodian",
        "Interventional and Vascular Consultants",
        "PO Box 4410",
        "Portland, OR 97208",
    ]


def test_cover_letter_to_an_attorney_is_addressed_to_the_attorney(make_request, clerk):
    records_request = make_request(**ATTORNEY)
    lifecycle.start_review(records_request, clerk, records_request.version)
    db.session.commit()
    approve_and_fulfil(records_request, clerk)
    content = letter_of(records_request, LetterKind.COVER_LETTER)
    assert window_text(content, ADDRESS_WINDOW) == [
        "Jordan Avery, Attorney at Law",
        "Avery & Lund LLP",
        "900 SW 5th Ave, Suite 2100",
        "Portland, OR 97204",
    ]


@pytest.mark.parametrize(
    "kind",
    [LetterKind.INFORMATION_REQUEST, LetterKind.DENIAL, LetterKind.NO_RECORDS],
)
def test_staff_letters_to_the_requester_are_addressed_for_the_window(make_request, clerk, kind):
    status = {
        LetterKind.INFORMATION_REQUEST: Status.NEEDS_INFO,
        LetterKind.DENIAL: Status.DENIED,
        LetterKind.NO_RECORDS: Status.NO_RECORDS,
    }[kind]
    records_request = request_in(status, make_request, clerk)
    content = letter_of(records_request, kind)
    assert window_text(content, ADDRESS_WINDOW)[0] == "Margaret Ann Holloway"


def test_a_request_without_a_postal_address_says_so_in_the_window(make_request):
    records_request = make_request(
        address_street=None, address_city=None, address_state=None, address_zip=None
    )
    content = letter_of(records_request, LetterKind.ACKNOWLEDGEMENT)
    assert window_text(content, ADDRESS_WINDOW) == [
        "Margaret Ann Holloway",
        "No postal address given",
    ]


@pytest.mark.parametrize(
    ("typed", "lines"),
    [
        ("200 NE Pine St, Portland, OR 97232", ("200 NE Pine St", "Portland, OR 97232")),
        ("200 NE Pine St\nPortland OR 97232", ("200 NE Pine St", "Portland OR 97232")),
        ("Suite 4, 9 Elm St, Bend, OR 97701-1234", ("Suite 4, 9 Elm St", "Bend, OR 97701-1234")),
        ("General Delivery, Mitchell", ("General Delivery, Mitchell",)),
    ],
)
def test_an_address_typed_on_one_line_is_split_for_the_envelope(typed, lines):
    assert address_lines(typed) == lines
