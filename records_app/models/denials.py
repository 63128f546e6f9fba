"""The values `records_request.denial_basis` takes: the grounds on which a request for access
may be denied, and whether the requester may have the denial reviewed. 45 CFR 164.524(a)(2)
lists grounds without review, (a)(3) grounds with a review by a licensed health care
professional who took no part in the denial; the first four below are not denials of the
right of access but reasons a request cannot be acted on as made, and the requester may
simply ask again."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DenialBasis:
    label: str
    # 45 CFR 164.524(a)(3): these grounds give the individual a right to have the denial
    # reviewed by a licensed health care professional who did not take part in it.
    reviewable: bool


DENIAL_BASES: dict[str, DenialBasis] = {
    "identity_unverified": DenialBasis("We could not verify the requester's identity", False),
    "authorization_invalid": DenialBasis("The authorization is invalid or incomplete", False),
    "requester_not_authorized": DenialBasis(
        "The requester is not authorized to receive this patient's records", False
    ),
    "no_records": DenialBasis("The practice holds no records for this patient", False),
    # 164.524(a)(2): unreviewable grounds.
    "psychotherapy_notes": DenialBasis("Psychotherapy notes (164.524(a)(1)(i))", False),
    "litigation_material": DenialBasis(
        "Information compiled for a legal proceeding (164.524(a)(1)(ii))", False
    ),
    # 164.524(a)(3): reviewable grounds.
    "endangerment": DenialBasis(
        "Access is reasonably likely to endanger the life or physical safety of the patient "
        "or another person (164.524(a)(3)(i))",
        True,
    ),
    "harm_to_referenced_person": DenialBasis(
        "The records refer to another person and access is reasonably likely to cause that "
        "person substantial harm (164.524(a)(3)(ii))",
        True,
    ),
    "harm_via_representative": DenialBasis(
        "Access by this personal representative is reasonably likely to cause substantial "
        "harm (164.524(a)(3)(iii))",
        True,
    ),
    "other": DenialBasis("Other (explained below)", False),
}
