"""The forms of a request's page: one per staff action, and the note form.

Each action form carries the version of the request the staff member saw, so that the
lifecycle can refuse an action taken on a request that has changed since (the
compare-and-set in `lifecycle.transition`). `verb_arguments()` turns the typed answers into
the keyword arguments of the lifecycle verb; the view adds the request, the actor and the
version. The fee's forms are in `fee_forms`, the release's in `release_forms` (attaching its
files in `attach_forms`), a denial's review's in `review_forms`.
"""

from textwrap import shorten

import sqlalchemy as sa
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from records_app import canned_texts, lifecycle
from records_app.extensions import db
from records_app.formatting import long_date
from records_app.input_cleaning import TypedDateField, multi_line
from records_app.models import (
    DENIAL_BASES,
    CannedText,
    CannedTextUse,
    RecordsRequest,
    StaffUser,
    row_id,
)
from records_app.web.forms import Form, MultiCheckboxField


class ActionForm(Form):
    version = HiddenField(
        validators=[
            InputRequired("This page was incomplete. Reload it and try again."),
            Regexp(r"\A\d{1,9}\Z", message="This page was incomplete. Reload it and try again."),
        ]
    )
    # A sentence shown above the fields, set by `prepare` where the form needs one.
    note: str | None = None
    # (endpoint, button label) of a second button that shows a result without acting.
    preview: tuple[str, str] | None = None

    def prepare(self, records_request: RecordsRequest) -> None:
        """Fit choices and hints to the request; subclasses that need it override this."""

    @staticmethod
    def initial_values(records_request: RecordsRequest) -> dict:
        """Pre-filled answers when the form is first shown."""
        return {}

    def seen_version(self) -> int | None:
        return int(self.version.data) if not self.version.errors and self.version.data else None

    def verb_arguments(self) -> dict:
        return {}


def required_text(label: str, message: str, *, max_length: int = 2000, **kwargs):
    return TextAreaField(
        label,
        filters=[multi_line],
        validators=[DataRequired(message), Length(max=max_length)],
        **kwargs,
    )


def basis_choices(bases) -> list[SelectChoice]:
    return [SelectChoice("", "Choose a basis")] + [
        SelectChoice(
            key, f"{basis.cited} — {'reviewable' if basis.reviewable else 'not reviewable'}"
        )
        for key, basis in bases.items()
    ]


class StartReviewForm(ActionForm):
    pass


class RequiredUnlessCannedText:
    """A text box that may stay empty when a standard text is chosen beside it."""

    field_flags = {"conditional": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if not field.data and not form.canned_text.data:
            raise StopValidation(self.message)


class CannedTextForm(ActionForm):
    """An action whose words for the requester may start from a canned text (admins keep the
    list): the chosen text is sent, followed by whatever the staff member types."""

    canned_text_use: CannedTextUse

    def prepare(self, records_request: RecordsRequest) -> None:
        self.canned_text.choices = [SelectChoice("", "None: I will write my own below")] + [
            SelectChoice(str(text.id), f"{text.title}: {shorten(text.body, 70, placeholder='…')}")
            for text in canned_texts.offered(self.canned_text_use)
        ]

    def validate_canned_text(self, field):
        if field.data and self.chosen_text() is None:
            raise ValidationError(
                "That standard text is no longer offered; choose another or write your own."
            )

    def chosen_text(self) -> CannedText | None:
        try:
            chosen = row_id(self.canned_text.data or "")
        except ValueError:
            return None
        return canned_texts.find_offered(self.canned_text_use, chosen)

    def with_canned_text(self, typed: str | None) -> str:
        return canned_texts.with_addition(self.chosen_text(), typed or "")


def _canned_text_field() -> SelectField:
    """Checked against the texts offered now by `validate_canned_text`, so that a text
    retired while the page was open gets a message rather than WTForms' generic one."""
    return SelectField("Standard text", validate_choice=False, validators=[Optional()])


def _own_words(label: str, message: str, description: str) -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        filters=[multi_line],
        validators=[RequiredUnlessCannedText(message), Length(max=2000)],
    )


class RequestInfoForm(CannedTextForm):
    canned_text_use = CannedTextUse.REQUEST_INFO
    canned_text = _canned_text_field()
    message = _own_words(
        "What the requester needs to send, in your words",
        "Write what the requester needs to send.",
        "Needed if you choose no standard text; added after it if you do. The requester sees "
        "it on the status page and in the letter, e.g. “Please send a copy of your photo ID.”",
    )

    def verb_arguments(self) -> dict:
        return {"message": self.with_canned_text(self.message.data)}


class ReceiveInfoForm(ActionForm):
    note = TextAreaField(
        "What arrived", filters=[multi_line], validators=[Optional(), Length(max=2000)]
    )

    def verb_arguments(self) -> dict:
        return {"note": self.note.data or ""}


class ApproveForm(ActionForm):
    identity_verified = BooleanField(
        "I verified the requester's identity",
        validators=[DataRequired("Confirm that you verified the requester's identity.")],
    )
    authorization_valid = BooleanField(
        "The authorization is complete and valid",
        validators=[DataRequired("Confirm that the authorization is complete and valid.")],
    )

    def verb_arguments(self) -> dict:
        return {
            "identity_verified": self.identity_verified.data,
            "authorization_valid": self.authorization_valid.data,
        }


class DenyForm(CannedTextForm):
    canned_text_use = CannedTextUse.DENIAL
    basis = SelectField(
        "Basis for the denial",
        description="A reviewable basis gives the requester the right to have the denial "
        "reviewed by a licensed professional who took no part in it (45 CFR 164.524(a)(3)).",
        choices=basis_choices(DENIAL_BASES),
        validators=[DataRequired("Choose the basis for the denial.")],
    )
    canned_text = _canned_text_field()
    explanation = _own_words(
        "Explanation for the requester, in plain language, in your words",
        "Explain the denial in plain language.",
        "Needed if you choose no standard text; added after it if you do. The denial letter "
        "gives it under the basis.",
    )

    def verb_arguments(self) -> dict:
        return {
            "basis": self.basis.data,
            "explanation": self.with_canned_text(self.explanation.data),
        }


class NoRecordsForm(ActionForm):
    """45 CFR 164.524(d)(3): not a denial, so no basis; where the practice knows where the
    records are, the requester is told where to direct the request."""

    searched = required_text(
        "Where you looked",
        "Say where you looked for the records.",
        max_length=1000,
        description="The letter says it, e.g. “The practice's charts and billing system, "
        "under the names Holloway and Smith”.",
    )
    places = MultiCheckboxField(
        "Where the records may be instead",
        description="The places admins keep under Canned texts; the letter gives each one "
        "with how to ask it. Leave all unticked if you do not know.",
        validators=[Optional()],
    )

    def prepare(self, records_request: RecordsRequest) -> None:
        self.places.choices = [
            SelectChoice(str(place.id), place.title)
            for place in canned_texts.offered(CannedTextUse.RECORDS_ELSEWHERE)
        ]

    def verb_arguments(self) -> dict:
        return {
            "searched": self.searched.data,
            "places": [
                place
                for chosen in self.places.data or []
                if (
                    place := canned_texts.find_offered(CannedTextUse.RECORDS_ELSEWHERE, int(chosen))
                )
            ],
        }


def _release_check(name: str) -> BooleanField:
    return BooleanField(
        lifecycle.CHECKLIST[name],
        validators=[DataRequired("Tick this check: the records go out only once it holds.")],
    )


class ReleaseChecklistForm(ActionForm):
    """The checks before release (`lifecycle.CHECKLIST`), each ticked by hand."""

    pages_are_this_patients = _release_check("pages_are_this_patients")
    nothing_beyond_request = _release_check("nothing_beyond_request")
    sensitive_without_initials_out = _release_check("sensitive_without_initials_out")
    psychotherapy_notes_out = _release_check("psychotherapy_notes_out")

    def checks_ticked(self) -> list[str]:
        return [name for name in lifecycle.CHECKLIST if self[name].data]

    def verb_arguments(self) -> dict:
        return {"checks_ticked": self.checks_ticked()}


class SecondCheckForm(ReleaseChecklistForm):
    pass


class WithdrawForm(ActionForm):
    reason = required_text(
        "How the requester cancelled",
        "Say how the requester cancelled the request.",
        max_length=1000,
        description="For example “Called on 3 May to cancel”.",
    )

    def verb_arguments(self) -> dict:
        return {"reason": self.reason.data}


class ReopenForm(ActionForm):
    reason = required_text(
        "Why the request is re-opened",
        "Say why the request is re-opened; the requester is told.",
        max_length=1000,
        description="The requester's letter gives it, e.g. “The records sent on 3 May never "
        "arrived”, “A second copy was asked for” or “A new authorization came”.",
    )

    def verb_arguments(self) -> dict:
        return {"reason": self.reason.data}


class ExtendForm(ActionForm):
    new_due_on = TypedDateField(
        "New due date", validators=[InputRequired("Enter the new due date.")]
    )
    reason = required_text(
        "Reason for the delay",
        "Give the reason for the delay; the notice must state it.",
        description="The written notice to the requester states this reason and the new date.",
    )

    def prepare(self, records_request: RecordsRequest) -> None:
        latest = lifecycle.latest_extension_date(records_request)
        self.new_due_on.description = (
            f"No later than {long_date(latest)}: one extension of at most "
            f"{lifecycle.MAX_EXTENSION_DAYS} days after the original due date "
            "(45 CFR 164.524(b)(2))."
        )
        self.new_due_on.render_kw = {"max": latest.isoformat()}

    def verb_arguments(self) -> dict:
        return {"new_due_on": self.new_due_on.data, "reason": self.reason.data}


class AssignForm(ActionForm):
    assignee = SelectField("Assigned to", validators=[Optional()])

    def prepare(self, records_request: RecordsRequest) -> None:
        active_staff = db.session.scalars(
            sa.select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.name)
        )
        self.assignee.choices = [SelectChoice("", "Nobody")] + [
            SelectChoice(str(user.id), user.name) for user in active_staff
        ]

    @staticmethod
    def initial_values(records_request: RecordsRequest) -> dict:
        return {"assignee": str(records_request.assigned_to_id or "")}

    def verb_arguments(self) -> dict:
        chosen = self.assignee.data
        return {"assignee": db.session.get(StaffUser, int(chosen)) if chosen else None}


class NoteForm(Form):
    body = required_text(
        "Add a note",
        "Write the note.",
        max_length=5000,
        description="Notes are for staff only; the requester never sees them.",
    )
