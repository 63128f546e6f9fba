"""The legal statements a requester signs, in the words the form shows and the signed request
letter prints, so that the two never differ."""

from collections.abc import Mapping

CONFIRMS_TRUTH_STATEMENT = (
    "I am the patient or their personal representative, and what I wrote is true."
)


def acknowledgement_statements(config: Mapping) -> dict[str, str]:
    """45 CFR 164.508(c)(2): the right to revoke in writing and how; that treatment is not
    conditioned on signing (the practice is closed, so we say so); possible re-disclosure."""
    return {
        "understands_revoking": (
            "I understand that I can take back this permission at any time by writing to "
            f"{config['PRACTICE_CUSTODIAN_NAME']}, {config['PRACTICE_ADDRESS']}. "
            "Taking it back does not undo anything already sent."
        ),
        "understands_no_treatment_condition": (
            f"I understand that {config['PRACTICE_NAME']} has closed and gives no treatment, "
            "so no care depends on whether I sign this."
        ),
        "understands_redisclosure": (
            "I understand that the person or office I named may share the records again, "
            "and then federal privacy law may no longer protect them."
        ),
    }
