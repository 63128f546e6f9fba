"""The forms of a request's fee: the quote, the requester's answer, a payment, a waiver.
Amounts are typed in dollars and handed on in cents; whether an amount is allowed (the cap,
what is owed) is the fee rules' to say, beside the field (`fees.FeeRefused`)."""

from decimal import Decimal, InvalidOperation

from wtforms import (
    BooleanField,
    DecimalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import TextInput

from records_app import fees, practice
from records_app.formatting import long_date, money
from records_app.input_cleaning import TypedDateField, multi_line, one_line
from records_app.models import (
    Delivery,
    FeeRule,
    FulfilmentMethod,
    PaymentMethod,
    RecipientKind,
    RecordFormat,
    RecordsRequest,
)
from records_app.staff.forms import ActionForm

MOST_DOLLARS = 100_000
FULFILMENT_FOR_DELIVERY = {
    Delivery.MAIL: FulfilmentMethod.MAIL,
    Delivery.PICKUP: FulfilmentMethod.PICKUP,
    Delivery.SECURE_EMAIL: FulfilmentMethod.SECURE_EMAIL,
    Delivery.UNENCRYPTED_EMAIL: FulfilmentMethod.SECURE_EMAIL,
}


class DollarsField(DecimalField):
    """An amount in dollars and cents ("12.50", "$1,250"), never fractions of a cent; what
    was typed stays in the box when it is refused. A text box with a decimal keypad, as
    GOV.UK advises for money, rather than a number box that drops what it cannot read."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        typed = (valuelist[0] if valuelist else "").strip().lstrip("$").replace(",", "")
        if not typed:
            self.data = None
            return
        try:
            value = Decimal(typed)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value != value.quantize(Decimal("0.01")):
            self.data = None
            raise ValueError("Enter an amount in dollars and cents, like 12.50.")
        self.data = value

    def cents(self) -> int:
        return int(self.data * 100) if self.data is not None else 0


def dollars(label: str, *validators, description: str | None = None) -> DollarsField:
    return DollarsField(
        label,
        places=2,
        description=description,
        validators=[
            *validators,
            NumberRange(min=0, max=MOST_DOLLARS, message="Enter an amount of 0.00 or more."),
        ],
        render_kw={"inputmode": "decimal"},
    )


class QuoteForm(ActionForm):
    """The fee, worked out by the rule chosen; "Work out the fee" shows the working before
    anything is sent (`preview`)."""

    preview = ("staff.work_out_fee", "Work out the fee")

    # Checked against the rules offered for this request by `validate_rule`, for a message
    # that says what to do rather than WTForms' "Not a valid choice".
    rule = RadioField(
        "Fee rule", validate_choice=False, validators=[InputRequired("Choose the fee rule.")]
    )
    pages = StringField(
        "Number of pages",
        filters=[one_line],
        validators=[
            InputRequired("Enter the number of pages."),
            Regexp(r"\A\d{1,6}\Z", message="Enter the number of pages as a whole number, like 64."),
        ],
        description="Count the pages of the copies as they will be sent.",
        render_kw={"inputmode": "numeric"},
    )
    delivery = SelectField(
        "How the copies go",
        choices=[SelectChoice(method.value, method.label) for method in FulfilmentMethod],
        validators=[InputRequired("Choose how the copies go.")],
    )
    postage = dollars(
        "Postage, in dollars", Optional(), description="Only for copies sent by mail."
    )
    copying_cost = dollars(
        "Labour and supplies at actual cost, in dollars",
        Optional(),
        description="Only for the actual-cost rule: what copying this request costs.",
    )
    summary_cost = dollars(
        "Summary or explanation, at cost, in dollars",
        Optional(),
        description="Only if one was asked for (for a patient's own records: agreed to).",
    )
    prompt_mailing = BooleanField("Add Oregon's amount for mailing within 7 business days")
    amount = dollars(
        "Amount to quote, if less than the rule allows",
        Optional(),
        description="Leave empty to quote what the rule allows. It can be lowered, never raised.",
    )
    lowered_reason = StringField(
        "Why it is less",
        filters=[one_line],
        validators=[Optional(), Length(max=500)],
        description="Needed when you quote less than the rule allows.",
    )

    working: fees.Calculation | None = None

    def prepare(self, records_request: RecordsRequest) -> None:
        schedule = fees.current()
        self.rule.choices = [
            SelectChoice(rule.value, rule.label)
            for rule in fees.rules_for(records_request.recipient_kind)
        ]
        if records_request.recipient_kind != RecipientKind.THIRD_PARTY:
            del self.prompt_mailing
            return
        deadline = fees.prompt_mailing_deadline(
            practice.local_date(records_request.received_at), schedule.holidays
        )
        self.prompt_mailing.label.text = (
            f"Add {money(schedule.prompt_mailing_cents)} for mailing first class within 7 "
            f"business days of the request (by {long_date(deadline)})"
        )
        self.prompt_mailing.description = (
            "ORS 192.563. Tick only if the copies will be mailed first class by then; if they "
            "go later, the amount is taken off when they are sent."
        )

    @staticmethod
    def initial_values(records_request: RecordsRequest) -> dict:
        electronic = records_request.record_format != RecordFormat.PAPER
        rule = fees.default_rule(records_request.recipient_kind, electronic, fees.current())
        return {
            "rule": rule.value,
            "delivery": FULFILMENT_FOR_DELIVERY[records_request.delivery].value,
        }

    def validate_rule(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Choose one of the fee rules offered for this request.")

    def terms(self) -> fees.QuoteTerms:
        prompt_mailing = getattr(self, "prompt_mailing", None)
        return fees.QuoteTerms(
            rule=FeeRule(self.rule.data),
            pages=int(self.pages.data),
            delivery=FulfilmentMethod(self.delivery.data),
            postage_cents=self.postage.cents(),
            summary_cents=self.summary_cost.cents(),
            copying_cents=self.copying_cost.cents(),
            prompt_mailing=bool(prompt_mailing and prompt_mailing.data),
        )

    def verb_arguments(self) -> dict:
        return {
            "terms": self.terms(),
            "amount_cents": self.amount.cents() if self.amount.data is not None else None,
            "lowered_reason": self.lowered_reason.data or "",
        }


class AnswerForm(ActionForm):
    how = StringField(
        "How and when they answered",
        filters=[one_line],
        validators=[
            InputRequired("Say how and when the requester answered."),
            Length(max=300),
        ],
        description="For example “By phone on 3 May”.",
    )

    def verb_arguments(self) -> dict:
        return {"how": self.how.data}


class PaymentForm(ActionForm):
    amount = dollars("Amount received, in dollars", InputRequired("Enter the amount received."))
    method = SelectField(
        "Paid by",
        choices=[SelectChoice(method.value, method.label) for method in PaymentMethod],
        validators=[InputRequired("Choose how it was paid.")],
    )
    received_on = TypedDateField(
        "Date received",
        default=lambda: practice.today(),
        validators=[InputRequired("Enter the date the payment was received.")],
    )
    reference = StringField(
        "Reference",
        filters=[one_line],
        validators=[Optional(), Length(max=100)],
        description="A check or money order number, or a card authorisation code.",
    )

    @staticmethod
    def initial_values(records_request: RecordsRequest) -> dict:
        ledger = fees.ledger_of(records_request)
        owed = ledger.outstanding if ledger else 0
        return {"amount": Decimal(owed) / 100}

    def verb_arguments(self) -> dict:
        return {
            "amount_cents": self.amount.cents(),
            "method": PaymentMethod(self.method.data),
            "received_on": self.received_on.data,
            "reference": self.reference.data or "",
        }


class WaiverForm(ActionForm):
    reason = TextAreaField(
        "Reason for the waiver",
        filters=[multi_line],
        validators=[DataRequired("Give the reason for the waiver."), Length(max=1000)],
        description="For example “Cannot pay: lives on a fixed income”. Kept for staff; the "
        "requester is told only that the fee is waived.",
    )

    def verb_arguments(self) -> dict:
        return {"reason": self.reason.data}
