"""The words a requester reads on the request form: the choices they make and the legal
statements they sign. The form shows them and the signed request letter prints them back, so
the two never differ. The stored values are the models' enums (or, for record categories and
sensitive categories, the keys below)."""

from collections.abc import Mapping

from records_app.models import (
    Delivery,
    RecipientKind,
    RecordFormat,
    RecordsScope,
    RepresentativeAuthority,
    RequesterKind,
)

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


REQUESTER_KINDS = {
    RequesterKind.PATIENT: "I am the patient",
    RequesterKind.REPRESENTATIVE: "I am asking for the patient, as their personal representative",
}


REPRESENTATIVE_AUTHORITIES = {
    RepresentativeAuthority.PARENT_OF_MINOR: "Parent of a patient who is under 18",
    RepresentativeAuthority.LEGAL_GUARDIAN: "Legal guardian named by a court",
    RepresentativeAuthority.HEALTH_CARE_POA: "Health care power of attorney",
    RepresentativeAuthority.ESTATE_EXECUTOR: (
        "Executor or administrator of the estate of a patient who has died"
    ),
}


RECORDS_SCOPES = {
    RecordsScope.ALL: "All of the patient's records",
    RecordsScope.SELECTED: "Only some kinds of records",
}


RECORD_CATEGORIES = {
    "office_notes": "Office and clinic visit notes",
    "procedure_reports": "Procedure and surgery reports",
    "imaging_reports": "Imaging reports (the written results of scans and X-rays)",
    "imaging_media": "Imaging pictures on a CD or DVD",
    "lab_results": "Lab test results",
    "billing": "Billing records",
    "other": "Something else (tell us below)",
}


RECIPIENT_KINDS = {
    RecipientKind.PATIENT: "To the patient (or to me, the representative)",
    RecipientKind.THIRD_PARTY: "To someone else, such as a new doctor, a lawyer or an insurer",
}


RECORD_FORMATS = {
    RecordFormat.PAPER: "Paper copies",
    RecordFormat.PDF_EMAIL: "PDF file by secure e-mail",
    RecordFormat.CD_DVD: "CD or DVD (best for imaging pictures)",
}


DELIVERIES = {
    Delivery.MAIL: "By mail",
    Delivery.PICKUP: "Pick up in person (we will call to set a time and place)",
    Delivery.SECURE_EMAIL: "By secure e-mail",
    Delivery.UNENCRYPTED_EMAIL: "By ordinary e-mail, not encrypted (only to you)",
}
# What a requester is told before choosing ordinary e-mail, beside the box they tick.
UNENCRYPTED_EMAIL_WARNING = (
    "Ordinary e-mail is not encrypted: others may read it on its way, and it stays in "
    "mailboxes, where anyone who gets into your e-mail account can read your records. We "
    "attach the files when they are small enough; otherwise we e-mail you how to download "
    "them."
)


# ORS 192.566: these are released to a third party only with the requester's initials.
SENSITIVE_CATEGORIES = {
    "hiv_aids": "HIV/AIDS tests and treatment",
    "mental_health": "Mental health care",
    "genetic_testing": "Genetic tests",
    "drug_alcohol_treatment": "Drug or alcohol treatment",
}
