"""The values `records_request.denial_basis` takes: the grounds on which a request for access
may be denied, the rule each rests on, and whether the requester may have the denial
reviewed. 45 CFR 164.524(a)(1) and (a)(2) list grounds without review, (a)(3) grounds with a
review by a licensed health care professional who took no part in the denial.

Holding no records is not among them: it is its own outcome (164.524(d)(3), the status "no
records held"). An identity that could not be verified (164.514(h)) or an authorization
that is not valid (164.508(b)(2)) is first a request for information; only when what was
asked for never came is the request turned down on that basis, and the requester may
simply ask again."""

from dataclasses import dataclass

from flask_babel import lazy_gettext


@dataclass(frozen=True)
class DenialBasis:
    # Lazy: letters give it in the requester's language, staff pages in English.
    label: str
    # The paragraph of 45 CFR the basis rests on, as letters and forms cite it.
    citation: str
    # 45 CFR 164.524(a)(3): these grounds give the individual a right to have the denial
    # reviewed by a licensed health care professional who did not take part in it.
    reviewable: bool = False
    # The request cannot be acted on as made until the requester sends what is missing;
    # staff ask for it first (`lifecycle.deny` checks that they did).
    asked_for_first: bool = False

    @property
    def cited(self) -> str:
        return f"{self.label} (45 CFR {self.citation})"

    @property
    def is_unreviewable_ground(self) -> bool:
        """A ground of 164.524(a)(1)-(2), on which the law gives no review; the others that
        are not reviewable are reasons the request could not be acted on as made."""
        return not self.reviewable and self.citation.startswith("164.524(a)")


DENIAL_BASES: dict[str, DenialBasis] = {
    "identity_unverified": DenialBasis(
        lazy_gettext("We asked for proof of the requester's identity and could not verify it"),
        "164.514(h)",
        asked_for_first=True,
    ),
    "authorization_invalid": DenialBasis(
        lazy_gettext("We asked for a valid, complete authorization and did not receive one"),
        "164.508(b)(2)",
        asked_for_first=True,
    ),
    "requester_not_authorized": DenialBasis(
        lazy_gettext("The requester is not the patient's personal representative"), "164.502(g)"
    ),
    # 164.524(a)(2)(i): what (a)(1) excepts from the right of access, without review.
    "psychotherapy_notes": DenialBasis(lazy_gettext("Psychotherapy notes"), "164.524(a)(1)(i)"),
    "litigation_material": DenialBasis(
        lazy_gettext("Information compiled for a legal proceeding"), "164.524(a)(1)(ii)"
    ),
    "confidential_source": DenialBasis(
        lazy_gettext(
            "Information obtained from someone other than a health care provider under a promise "
            "of confidentiality, and access would reveal its source"
        ),
        "164.524(a)(2)(v)",
    ),
    # 164.524(a)(3): reviewable grounds.
    "endangerment": DenialBasis(
        lazy_gettext(
            "Access is reasonably likely to endanger the life or physical safety of the patient "
            "or another person"
        ),
        "164.524(a)(3)(i)",
        reviewable=True,
    ),
    "harm_to_referenced_person": DenialBasis(
        lazy_gettext(
            "The records refer to another person and access is reasonably likely to cause that "
            "person substantial harm"
        ),
        "164.524(a)(3)(ii)",
        reviewable=True,
    ),
    "harm_via_representative": DenialBasis(
        lazy_gettext(
            "Access by this personal representative is reasonably likely to cause substantial harm"
        ),
        "164.524(a)(3)(iii)",
        reviewable=True,
    ),
    "other": DenialBasis(lazy_gettext("Other (explained below)"), "164.524(d)(2)"),
}
