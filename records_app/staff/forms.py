"""The forms of a request's page: one per staff action, and the note form.

Each action form carries the version of the request the staff member saw, so that the
lifecycle can refuse an action taken on a request that has changed since (the
compare-and-set in `lifecycle.transition`). `verb_arguments()` turns the typed answers into
the keyword arguments of the lifecycle verb; the view adds the request, the actor and the
version. The fee's forms are in `fee_forms`.
"""

from textwrap import shorten

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
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

from records_app import canned_texts, lifecycle, practice
from records_app.extensions import db
from records_app.formatting import long_date, money
from records_app.input_cleaning import multi_line, one_line
from records_app.models import (
    DENIAL_BASES,
    CannedText,
    CannedTextUse,
    FulfilmentMethod,
    RecordsRequest,
    StaffUser,
)


class ActionForm(FlaskForm):
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


def _required_text(label: str, message: str, *, max_length: int = 2000, **kwargs):
    return TextAreaField(
        label,
        filters=[multi_line],
        validators=[DataRequired(message), Length(max=max_length)],
        **kwargs,
    )


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
        chosen = self.canned_text.data
        if not chosen or not chosen.isdigit():
            return None
        return canned_texts.find_offered(self.canned_text_use, int(chosen))

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
        choices=[SelectChoice("", "Choose a basis")]
        + [
            SelectChoice(
                key, f"{basis.label} — {'reviewable' if basis.reviewable else 'not reviewable'}"
            )
            for key, basis in DENIAL_BASES.items()
        ],
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


class RequestDenialReviewForm(ActionForm):
    how = _required_text(
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
    reviewer_took_no_part = BooleanField(
        "The reviewer took no part in the original denial",
        validators=[
            DataRequired(
                "Confirm that the reviewing professional took no part in the original denial."
            )
        ],
    )
    decision = _required_text(
        "The reviewer's decision and reasons", "Write the reviewer's decision and reasons."
    )

    def verb_arguments(self) -> dict:
        return {
            "reviewer": self.reviewer.data,
            "reviewer_took_no_part": self.reviewer_took_no_part.data,
            "decision": self.decision.data,
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


class FulfilForm(ReleaseChecklistForm):
    sent_on = DateField(
        "Date sent",
        default=lambda: practice.today(),
        validators=[InputRequired("Enter the date the records were sent.")],
    )
    method = SelectField(
        "Delivery method",
        choices=[SelectChoice(method.value, method.label) for method in FulfilmentMethod],
        validators=[InputRequired("Choose how the records were sent.")],
    )
    records_sent = _required_text(
        "What was sent",
        "Describe what was sent.",
        description="Categories, page count or media, e.g. “Office notes 2015–2022, 42 pages”.",
    )
    sent_to = StringField(
        "Recipient",
        filters=[one_line],
        validators=[DataRequired("Say who the records were sent to."), Length(max=300)],
    )
    carrier_tracking = StringField(
        "Carrier tracking number", filters=[one_line], validators=[Optional(), Length(max=100)]
    )

    def prepare(self, records_request: RecordsRequest) -> None:
        """The fee is the quote's, charged as the records go out; the form says which."""
        quote = records_request.fee_quote
        if quote is None:
            self.note = "No fee was quoted, so none is charged."
        else:
            self.note = (
                f"Fee: {money(quote.amount_cents)} as quoted ({quote.rule.label}), "
                "charged when the records go out."
            )
        if lifecycle.four_eyes_required(records_request):
            self.note += (
                " This release includes sensitive records: it needs a second staff member's "
                "check first, and someone other than that checker sends it."
            )

    @staticmethod
    def initial_values(records_request: RecordsRequest) -> dict:
        return {"sent_to": lifecycle.requested_recipient(records_request)}

    def verb_arguments(self) -> dict:
        return {
            **super().verb_arguments(),
            "sent_on": self.sent_on.data,
            "method": FulfilmentMethod(self.method.data),
            "records_sent": self.records_sent.data,
            "sent_to": self.sent_to.data,
            "carrier_tracking": self.carrier_tracking.data or "",
        }


class WithdrawForm(ActionForm):
    reason = _required_text(
        "How the requester cancelled",
        "Say how the requester cancelled the request.",
        max_length=1000,
        description="For example “Called on 3 May to cancel”.",
    )

    def verb_arguments(self) -> dict:
        return {"reason": self.reason.data}


class ExtendForm(ActionForm):
    new_due_on = DateField("New due date", validators=[InputRequired("Enter the new due date.")])
    reason = _required_text(
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


class NoteForm(FlaskForm):
    body = _required_text(
        "Add a note",
        "Write the note.",
        max_length=5000,
        description="Notes are for staff only; the requester never sees them.",
    )
