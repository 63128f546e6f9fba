"""The forms of a denial's review, whole or of a part withheld from a release: the
requester's request for it, and the reviewing professional's decision as staff record it
(45 CFR 164.524(a)(4), (d)(4))."""

from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from records_app.input_cleaning import one_line
from records_app.staff.forms import ActionForm, required_text


class RequestDenialReviewForm(ActionForm):
    how = required_text(
        "How the requester asked for a review",
        "Say how and when the requester asked for the review.",
        max_length=1000,
        description="For example “Letter received 3 May asking for a review”.",
    )

    def verb_arguments(self) -> dict:
        return {"how": self.how.data}


class DenialReviewDecisionForm(ActionForm):
    reviewer = StringField(
        "Reviewing professional",
        filters=[one_line],
        description="Name and licence, e.g. “Dr. Ana Ruiz, MD, OR license MD12345”.",
        validators=[
            DataRequired("Name the reviewing professional and their licence."),
            Length(max=200),
        ],
    )
    reviewer_role = StringField(
        "The reviewer's profession, as the letter names it",
        filters=[one_line],
        description="The requester's letter names it, e.g. “A licensed psychiatrist”.",
        validators=[
            DataRequired("Say what kind of professional the reviewer is; the letter names it."),
            Length(max=120),
        ],
    )
    reviewer_took_no_part = BooleanField(
        "The reviewer took no part in the original denial",
        validators=[
            DataRequired(
                "Confirm that the reviewing professional took no part in the original denial."
            )
        ],
    )
    decision = required_text(
        "The reviewer's decision and reasons", "Write the reviewer's decision and reasons."
    )

    def verb_arguments(self) -> dict:
        return {
            "reviewer": self.reviewer.data,
            "reviewer_role": self.reviewer_role.data,
            "reviewer_took_no_part": self.reviewer_took_no_part.data,
            "decision": self.decision.data,
        }
