"""A request's fee: the quote sent before release (its rule, its working line by line, the
requester's answer, any waiver) and the payments recorded against it. Amounts are integer
cents. The rules that fill these rows are in `records_app.fees`; the steps that write them
are lifecycle steps."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records_app.crypto.column_types import EncryptedText
from records_app.extensions import db
from records_app.models.accounts import StaffUser
from records_app.models.base import LabelledChoice, UTCDateTime, enum_column, utcnow
from records_app.models.requests import FulfilmentMethod

if TYPE_CHECKING:
    from records_app.models.requests import RecordsRequest


class FeeRule(LabelledChoice):
    """The rule a fee was worked out by: four ways for the patient's own records (45 CFR
    164.524(c)(4) and HHS's guidance on it), two for copies sent to a third party (Oregon's
    caps, ORS 192.563). The label names the rule wherever a fee is shown, in the reader's
    language (lazy: letters in the requester's, staff pages in English)."""

    PATIENT_FREE = "patient_free", lazy_gettext("Patient's own records: no charge")
    PATIENT_FLAT = (
        "patient_flat",
        lazy_gettext("Patient's own records: flat fee for an electronic copy"),
    )
    PATIENT_SCHEDULE = (
        "patient_schedule",
        lazy_gettext("Patient's own records: average cost per page"),
    )
    PATIENT_ACTUAL = "patient_actual", lazy_gettext("Patient's own records: actual cost")
    DIRECTIVE = "directive", lazy_gettext("Sent to a third party at the patient's direction")
    AUTHORIZATION = (
        "authorization",
        lazy_gettext("Released to a third party under the patient's authorization"),
    )


class QuoteAnswer(LabelledChoice):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class PaymentMethod(LabelledChoice):
    CHECK = "check", lazy_gettext("Check")
    CARD_BY_PHONE = "card_by_phone", lazy_gettext("Card by phone")
    CASH = "cash", lazy_gettext("Cash")
    MONEY_ORDER = "money_order", lazy_gettext("Money order")


class FeeQuote(db.Model):
    """The fee quoted for a request, one per request: sending a new quote replaces it while
    nothing has been paid or waived (the letters and the history keep every quote sent).
    `lines` is the working as it was quoted, so that a later change of the fee settings
    never rewrites what the requester was told."""

    __tablename__ = "fee_quote"
    __table_args__ = (
        sa.CheckConstraint("amount_cents BETWEEN 0 AND cap_cents", name="amount_within_cap"),
        sa.CheckConstraint("page_count >= 0", name="page_count_not_negative"),
        sa.CheckConstraint("waived_cents >= 0", name="waived_not_negative"),
        sa.CheckConstraint(
            "(answer IS NULL) = (answered_at IS NULL)", name="answered_at_iff_answer"
        ),
        sa.CheckConstraint(
            "(waived_at IS NULL) = (waiver_reason IS NULL)", name="waiver_has_reason"
        ),
        sa.CheckConstraint(
            "(amount_cents = cap_cents) OR (lowered_reason IS NOT NULL)", name="lowered_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("records_request.id"), unique=True)
    rule: Mapped[FeeRule] = mapped_column(enum_column(FeeRule, "fee_rule"))
    page_count: Mapped[int]
    delivery: Mapped[FulfilmentMethod] = mapped_column(
        enum_column(FulfilmentMethod, "quote_delivery")
    )
    lines: Mapped[list] = mapped_column(sa.JSON)
    cap_cents: Mapped[int]
    amount_cents: Mapped[int]
    lowered_reason: Mapped[str | None] = mapped_column(EncryptedText("fee_quote.lowered_reason"))
    # ORS 192.563: the bonus for records processed and mailed first class within seven
    # business days of the request, when the quote includes it, and the day it is earned by.
    prompt_mailing_cents: Mapped[int] = mapped_column(default=0)
    prompt_mailing_by: Mapped[date | None]
    quoted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    quoted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"))

    answer: Mapped[QuoteAnswer | None] = mapped_column(enum_column(QuoteAnswer, "quote_answer"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None when the requester answered on the status page.
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))

    waived_cents: Mapped[int] = mapped_column(default=0)
    waiver_reason: Mapped[str | None] = mapped_column(EncryptedText("fee_quote.waiver_reason"))
    waived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waived_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))

    request: Mapped["RecordsRequest"] = relationship(back_populates="fee_quote")
    quoted_by: Mapped[StaffUser] = relationship(foreign_keys=[quoted_by_id])
    answered_by: Mapped[StaffUser | None] = relationship(foreign_keys=[answered_by_id])
    waived_by: Mapped[StaffUser | None] = relationship(foreign_keys=[waived_by_id])
    payments: Mapped[list["FeePayment"]] = relationship(
        back_populates="quote", order_by="FeePayment.id"
    )

    @property
    def paid_cents(self) -> int:
        return sum(payment.amount_cents for payment in self.payments)


class FeePayment(db.Model):
    """A payment received against a quote. The reference (a check number, a card
    authorisation) is typed by staff and may say more than it should, so it is sealed."""

    __tablename__ = "fee_payment"
    __table_args__ = (sa.CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(sa.ForeignKey("fee_quote.id"), index=True)
    amount_cents: Mapped[int]
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod, "payment_method"))
    received_on: Mapped[date]
    reference: Mapped[str | None] = mapped_column(
        EncryptedText("fee_payment.reference", length=100)
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"))

    quote: Mapped[FeeQuote] = relationship(back_populates="payments")
    recorded_by: Mapped[StaffUser] = relationship()
