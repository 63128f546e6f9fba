"""The words a requester reads on the request form: the choices they make and the legal
statements they sign. The form shows them and the signed request letter prints them back, so
the two never differ. The stored values are the models' enums (or, for record categories and
sensitive categories, the keys below)."""

from collections.abc import Mapping

from flask_babel import gettext, lazy_gettext

from records_app.models import (
    Delivery,
    RecipientKind,
    RecordFormat,
    RecordsRequest,
    RecordsScope,
    RepresentativeAuthority,
    RequesterKind,
)

CONFIRMS_TRUTH_STATEMENT = lazy_gettext(
    "I am the patient or their personal representative, and what I wrote is true."
)


def authorization_statement(config: Mapping) -> str:
    """45 CFR 164.508(c)(1)(ii)-(iv): in so many words, who may disclose, to whom and for
    what; the form shows it above the permission's answers and the signed copy prints it."""
    return gettext(
        "I authorize %(practice)s, through its records custodian (%(custodian)s), to "
        "disclose the records described in this form to the person or office named in it, "
        "for the purpose given, until this permission ends.",
        practice=config["PRACTICE_NAME"],
        custodian=config["PRACTICE_CUSTODIAN_NAME"],
    )


def acknowledgement_statements(config: Mapping) -> dict[str, str]:
    """45 CFR 164.508(c)(2): the right to revoke in writing and how; that treatment is not
    conditioned on signing (the practice is closed, so we say so); possible re-disclosure."""
    return {
        "understands_revoking": gettext(
            "I understand that I can take back this permission at any time by writing to "
            "%(custodian)s, %(address)s. Taking it back does not undo anything already sent.",
            custodian=config["PRACTICE_CUSTODIAN_NAME"],
            address=config["PRACTICE_ADDRESS"],
        ),
        "understands_no_treatment_condition": gettext(
            "I understand that %(practice)s has closed and gives no treatment, so no care "
            "depends on whether I sign this.",
            practice=config["PRACTICE_NAME"],
        ),
        "understands_redisclosure": gettext(
            "I understand that the person or office I named may share the records again, "
            "and then federal privacy law may no longer protect them."
        ),
    }


REQUESTER_KINDS = {
    RequesterKind.PATIENT: lazy_gettext("I am the patient"),
    RequesterKind.REPRESENTATIVE: lazy_gettext(
        "I am asking for the patient, as their personal representative"
    ),
}


REPRESENTATIVE_AUTHORITIES = {
    RepresentativeAuthority.PARENT_OF_MINOR: lazy_gettext("Parent of a patient who is under 18"),
    RepresentativeAuthority.LEGAL_GUARDIAN: lazy_gettext("Legal guardian named by a court"),
    RepresentativeAuthority.HEALTH_CARE_POA: lazy_gettext("Health care power of attorney"),
    RepresentativeAuthority.ESTATE_EXECUTOR: (
        lazy_gettext("Executor or administrator of the estate of a patient who has died")
    ),
}


RECORDS_SCOPES = {
    RecordsScope.ALL: lazy_gettext("All of the patient's records"),
    RecordsScope.SELECTED: lazy_gettext("Only some kinds of records"),
}


RECORD_CATEGORIES = {
    "office_notes": lazy_gettext("Office and clinic visit notes"),
    "procedure_reports": lazy_gettext("Procedure and surgery reports"),
    "imaging_reports": lazy_gettext("Imaging reports (the written results of scans and X-rays)"),
    "imaging_media": lazy_gettext("Imaging pictures on a CD or DVD"),
    "lab_results": lazy_gettext("Lab test results"),
    "billing": lazy_gettext("Billing records"),
    "other": lazy_gettext("Something else (tell us below)"),
}


RECIPIENT_KINDS = {
    RecipientKind.PATIENT: lazy_gettext("To the patient (or to me, the representative)"),
    RecipientKind.THIRD_PARTY: lazy_gettext(
        "To someone else, such as a new doctor, a lawyer or an insurer"
    ),
}


RECORD_FORMATS = {
    RecordFormat.PAPER: lazy_gettext("Paper copies"),
    RecordFormat.PDF_EMAIL: lazy_gettext("PDF file by secure e-mail"),
    RecordFormat.CD_DVD: lazy_gettext("CD or DVD (best for imaging pictures)"),
}


DELIVERIES = {
    Delivery.MAIL: lazy_gettext("By mail"),
    Delivery.PICKUP: lazy_gettext("Pick up in person (we will call to set a time and place)"),
    Delivery.SECURE_EMAIL: lazy_gettext("By secure e-mail"),
    Delivery.UNENCRYPTED_EMAIL: lazy_gettext("By ordinary e-mail, not encrypted (only to you)"),
}
# What a requester is told before choosing ordinary e-mail, beside the box they tick.
UNENCRYPTED_EMAIL_WARNING = lazy_gettext(
    "Ordinary e-mail is not encrypted: others may read it on its way, and it stays in "
    "mailboxes, where anyone who gets into your e-mail account can read your records. We "
    "attach the files when they are small enough; otherwise we e-mail you how to download "
    "them."
)


# ORS 192.566: these are released to a third party only with the requester's initials.
SENSITIVE_CATEGORIES = {
    "hiv_aids": lazy_gettext("HIV/AIDS tests and treatment"),
    "mental_health": lazy_gettext("Mental health care"),
    "genetic_testing": lazy_gettext("Genetic tests"),
    "drug_alcohol_treatment": lazy_gettext("Drug or alcohol diagnosis, treatment or referral"),
}


# The U.S. Department of Health and Human Services, Office for Civil Rights: where a HIPAA
# complaint goes (45 CFR 160.306, named in every denial as 164.524(d)(2)(iii) asks), with
# its TDD line for callers who are deaf or hard of hearing. The letters and the status page
# of a denied request give it alike.
HHS_OCR_COMPLAINTS = lazy_gettext(
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
