"""The words a requester reads on the request form: the choices they make and the legal
statements they sign. The form shows them and the signed request letter prints them back, so
the two never differ. The stored values are the models' enums (or, for record categories and
sensitive categories, the keys below)."""

from collections.abc import Mapping

from records_app.models import (
    Delivery,
    RecipientKind,
    RecordFormat,
    RecordsRequest,
    RecordsScope,
    RepresentativeAuthority,
    RequesterKind,
)

CONFIRMS_TRUTH_STATEMENT = (
    "I am the patient or their personal representative, and what I wrote is true."
)


def authorization_statement(config: Mapping) -> str:
    """45 CFR 164.508(c)(1)(ii)-(iv): in so many words, who may disclose, to whom and for
    what; the form shows it above the permission's answers and the signed copy prints it."""
    return (
        f"I authorize {config['PRACTICE_NAME']}, through its records custodian "
        f"({config['PRACTICE_CUSTODIAN_NAME']}), to disclose the records described in this "
        "form to the person or office named in it, for the purpose given, until this "
        "permission ends."
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
    "drug_alcohol_treatment": "Drug or alcohol diagnosis, treatment or referral",
}


# The U.S. Department of Health and Human Services, Office for Civil Rights: where a HIPAA
# complaint goes (45 CFR 160.306, named in every denial as 164.524(d)(2)(iii) asks), with
# its TDD line for callers who are deaf or hard of hearing. The letters and the status page
# of a denied request give it alike.
HHS_OCR_COMPLAINTS = (
    "U.S. Department of Health and Human Services, Office for Civil Rights, "
    "200 Independence Avenue SW, Washington, DC 20201. Phone 1-800-368-1019, "
    "TDD 1-800-537-7697. Online: www.hhs.gov/ocr/complaints"
)

# 42 CFR 2.32(a)(1): the notice that goes with every disclosure of substance use disorder
# records made with the patient's consent, against their re-disclosure.
PART_2_NOTICE = (
    "This record which has been disclosed to you is protected by federal confidentiality "
    "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies: (i) Further use "
    "or disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part "
    "2. (ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or (iii) You have received the record "
    "from a covered entity or business associate as permitted by 45 CFR part 164, subparts A "
    "and E. A general authorization for the release of medical or other information is NOT "
    "sufficient to meet the required elements of written consent to further use or "
    "redisclose the record (see 42 CFR 2.31)."
)

# 42 CFR 2.32(a)(2): the abbreviated notice, where the full one does not fit (the signed
# request's one page).
PART_2_SHORT_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."


def releases_part_2_records(records_request: RecordsRequest) -> bool:
    """Drug or alcohol records go to a third party on the requester's initialled consent
    (ORS 192.566); such a disclosure carries the 42 CFR 2.32 notice."""
    return "drug_alcohol_treatment" in (records_request.sensitive_initials or {})
