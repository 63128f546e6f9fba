"""The words the request form shows for each stored choice. The stored values are the models'
enums (or, for record categories and sensitive categories, the keys below), so staff pages and
letters can show the same words."""

from wtforms.fields.choices import SelectChoice

from records_app.models import (
    Delivery,
    RecipientKind,
    RecordFormat,
    RecordsScope,
    RepresentativeAuthority,
    RequesterKind,
)

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
}

EXPIRY_ONE_YEAR = "one_year"
EXPIRY_ON_DATE = "on_date"
EXPIRY_CHOICES = {
    EXPIRY_ONE_YEAR: "One year from today",
    EXPIRY_ON_DATE: "On a date I choose",
}

# ORS 192.566: these are released to a third party only with the requester's initials.
SENSITIVE_CATEGORIES = {
    "hiv_aids": "HIV/AIDS tests and treatment",
    "mental_health": "Mental health care",
    "genetic_testing": "Genetic tests",
    "drug_alcohol_treatment": "Drug or alcohol treatment",
}

US_STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "AS": "American Samoa",
    "GU": "Guam",
    "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands",
    "AA": "Armed Forces Americas (AA)",
    "AE": "Armed Forces Europe (AE)",
    "AP": "Armed Forces Pacific (AP)",
}


def as_choices(labels: dict) -> list[SelectChoice]:
    """Options for a WTForms choice field; enum members are stored by their string value."""
    return [SelectChoice(value=str(value), label=label) for value, label in labels.items()]
