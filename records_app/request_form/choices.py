"""The request form's other choices (the states, when the permission ends), and how any
labelled choice becomes a WTForms option. The words for the stored choices are in
`letters.wording`, since the signed request letter prints them back."""

from flask_babel import lazy_gettext
from wtforms.fields.choices import SelectChoice

EXPIRY_ONE_YEAR = "one_year"
EXPIRY_ON_DATE = "on_date"
EXPIRY_CHOICES = {
    EXPIRY_ONE_YEAR: lazy_gettext("One year from today"),
    EXPIRY_ON_DATE: lazy_gettext("On a date I choose"),
}


US_STATES = {
    "AL": lazy_gettext("Alabama"),
    "AK": lazy_gettext("Alaska"),
    "AZ": lazy_gettext("Arizona"),
    "AR": lazy_gettext("Arkansas"),
    "CA": lazy_gettext("California"),
    "CO": lazy_gettext("Colorado"),
    "CT": lazy_gettext("Connecticut"),
    "DE": lazy_gettext("Delaware"),
    "DC": lazy_gettext("District of Columbia"),
    "FL": lazy_gettext("Florida"),
    "GA": lazy_gettext("Georgia"),
    "HI": lazy_gettext("Hawaii"),
    "ID": lazy_gettext("Idaho"),
    "IL": lazy_gettext("Illinois"),
    "IN": lazy_gettext("Indiana"),
    "IA": lazy_gettext("Iowa"),
    "KS": lazy_gettext("Kansas"),
    "KY": lazy_gettext("Kentucky"),
    "LA": lazy_gettext("Louisiana"),
    "ME": lazy_gettext("Maine"),
    "MD": lazy_gettext("Maryland"),
    "MA": lazy_gettext("Massachusetts"),
    "MI": lazy_gettext("Michigan"),
    "MN": lazy_gettext("Minnesota"),
    "MS": lazy_gettext("Mississippi"),
    "MO": lazy_gettext("Missouri"),
    "MT": lazy_gettext("Montana"),
    "NE": lazy_gettext("Nebraska"),
    "NV": lazy_gettext("Nevada"),
    "NH": lazy_gettext("New Hampshire"),
    "NJ": lazy_gettext("New Jersey"),
    "NM": lazy_gettext("New Mexico"),
    "NY": lazy_gettext("New York"),
    "NC": lazy_gettext("North Carolina"),
    "ND": lazy_gettext("North Dakota"),
    "OH": lazy_gettext("Ohio"),
    "OK": lazy_gettext("Oklahoma"),
    "OR": lazy_gettext("Oregon"),
    "PA": lazy_gettext("Pennsylvania"),
    "RI": lazy_gettext("Rhode Island"),
    "SC": lazy_gettext("South Carolina"),
    "SD": lazy_gettext("South Dakota"),
    "TN": lazy_gettext("Tennessee"),
    "TX": lazy_gettext("Texas"),
    "UT": lazy_gettext("Utah"),
    "VT": lazy_gettext("Vermont"),
    "VA": lazy_gettext("Virginia"),
    "WA": lazy_gettext("Washington"),
    "WV": lazy_gettext("West Virginia"),
    "WI": lazy_gettext("Wisconsin"),
    "WY": lazy_gettext("Wyoming"),
    "AS": lazy_gettext("American Samoa"),
    "GU": lazy_gettext("Guam"),
    "MP": lazy_gettext("Northern Mariana Islands"),
    "PR": lazy_gettext("Puerto Rico"),
    "VI": lazy_gettext("U.S. Virgin Islands"),
    "AA": lazy_gettext("Armed Forces Americas (AA)"),
    "AE": lazy_gettext("Armed Forces Europe (AE)"),
    "AP": lazy_gettext("Armed Forces Pacific (AP)"),
}


def as_choices(labels: dict) -> list[SelectChoice]:
    """Options for a WTForms choice field; enum members are stored by their string value."""
    return [SelectChoice(value=str(value), label=label) for value, label in labels.items()]
