"""Who a letter goes to and where, as the window of a #10 envelope shows it: the requester
(the personal representative when one asked, else the patient) at the postal address they
gave, or, for the cover letter of records sent to a third party, that recipient at theirs.
A print run of letters for the post reads the same addressee (`addressee_of`)."""

import re
from dataclasses import dataclass

from flask_babel import gettext

from records_app.language import ENGLISH
from records_app.models import LetterKind, RecipientKind, RecordsRequest

# The last line of a US address: "Portland, OR 97232" or "Portland OR 97232-1234".
_TOWN_LINE = re.compile(r",\s*([^,]+,?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?)\s*$")

# The signed request is a copy for the paper file and the requester, not a letter sent to
# anyone, so it carries no addressee.
NOT_ADDRESSED = frozenset({LetterKind.AUTHORIZATION})


@dataclass(frozen=True)
class Addressee:
    name: str
    # The postal address as printed, one line a row; empty when none was given.
    address: tuple[str, ...]

    @property
    def lines(self) -> list[str]:
        """The block in the envelope window: name, organisation, address."""
        if not self.address:
            return [self.name, gettext("No postal address given")]
        return [self.name, *self.address]

    @property
    def can_be_mailed(self) -> bool:
        return bool(self.address)


def address_lines(text: str | None) -> tuple[str, ...]:
    """An address typed as one line ("200 NE Pine St, Portland, OR 97232") as the lines an
    envelope wants: the street part, then the town, state and ZIP; typed line breaks kept."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) == 1 and (town := _TOWN_LINE.search(lines[0])):
        street = lines[0][: town.start()].strip()
        lines = [street, town.group(1).strip()] if street else [town.group(1).strip()]
    return tuple(lines)


def requester_address(records_request: RecordsRequest) -> tuple[str, ...]:
    """The postal address the requester gave: street, then town, state and ZIP."""
    r = records_request
    city = f"{r.address_city}," if r.address_city else None
    town = " ".join(part for part in (city, r.address_state, r.address_zip) if part)
    return tuple(line for line in (r.address_street, town) if line)


def addressee_of(records_request: RecordsRequest, kind: LetterKind) -> Addressee | None:
    """Who a letter of this kind about this request is addressed to; None for a copy that
    goes to nobody in particular."""
    r = records_request
    if kind in NOT_ADDRESSED:
        return None
    if kind is LetterKind.COVER_LETTER and r.recipient_kind == RecipientKind.THIRD_PARTY:
        name, *organization = [
            part for part in (r.recipient_name, r.recipient_organization) if part
        ] or [""]
        return Addressee(name, (*organization, *address_lines(r.recipient_address)))
    return Addressee(r.requester_name, requester_address(r))


def language_of(records_request: RecordsRequest, kind: LetterKind) -> str:
    """The language a letter of this kind is written in: the requester's, except the cover
    letter that goes with the records to a third party (a doctor, a lawyer, an insurer),
    which is in English, as the practice's letters to other offices are."""
    if (
        kind is LetterKind.COVER_LETTER
        and records_request.recipient_kind == RecipientKind.THIRD_PARTY
    ):
        return ENGLISH
    return records_request.language
