"""The request form's other choices (the states, when the permission ends), and how any
labelled choice becomes a WTForms option. The words for the stored choices are in
`letters.wording`, since the signed request letter prints them back."""

from wtforms.fields.choices import SelectChoice

EXPIRY_ONE_YEAR = "one_year"
EXPIRY_ON_DATE = "on_date"
EXPIRY_CHOICES = {
    EXPIRY_ONE_YEAR: "One year from today",
    EXPIRY_ON_DATE: "On a date I choose",
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
