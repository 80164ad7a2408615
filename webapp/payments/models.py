"""Payment terms of an order as milestones (deposit, balance, against documents, open account)."""

from __future__ import annotations

import enum
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, TimestampMixin, enum_type


class MilestoneKind(enum.Enum):
    """When the money is due, in the words of the payment terms."""

    DEPOSIT = "deposit"  # 定金, before production
    BALANCE_BEFORE_SHIPMENT = "balance_before_shipment"  # 尾款 (出货前付清)
    AGAINST_DOCUMENTS = "against_documents"  # 见单付款 (copy of B/L)
    OPEN_ACCOUNT = "open_account"  # 赊销 / 月结: N days after shipment

    @property
    def before_shipment(self) -> bool:
        """Money that must be in before the goods leave (the release rule)."""
        return self in (MilestoneKind.DEPOSIT, MilestoneKind.BALANCE_BEFORE_SHIPMENT)


class PaymentMilestone(ClientUUIDMixin, TimestampMixin, db.Model):
    """One amount the customer owes on an order, when it is due, and what was received."""

    __tablename__ = "payment_milestones"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint(
            "received_amount IS NULL OR received_amount >= 0", name="received_non_negative"
        ),
        sa.CheckConstraint("due_days IS NULL OR due_days >= 0", name="due_days_non_negative"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    order_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[MilestoneKind] = so.mapped_column(enum_type(MilestoneKind))
    position: so.Mapped[int] = so.mapped_column(default=0)
    amount: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(14, 2))
    currency: so.Mapped[str] = so.mapped_column(sa.String(3), default="USD")  # ISO 4217
    # A fixed date, or for open account a number of days after shipment (the order's due date
    # stands in for the shipment date until the goods have gone).
    due_date: so.Mapped[date | None] = so.mapped_column(index=True)
    due_days: so.Mapped[int | None]
    condition: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    received_on: so.Mapped[date | None]
    received_amount: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(14, 2))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))

    order = so.relationship("Order")

    @property
    def received(self) -> Decimal:
        return self.received_amount or Decimal("0")

    @property
    def outstanding(self) -> Decimal:
        """What is still to come in (never negative: overpayment is not carried over)."""
        return max(self.amount - self.received, Decimal("0"))

    def effective_due(self) -> date | None:
        """The date the money is due: the fixed date, or shipment + due days for open account."""
        if self.due_date is not None:
            return self.due_date
        if self.due_days is not None and self.order is not None:
            return self.order.due_date + timedelta(days=self.due_days)
        return None

    def state(self, today: date) -> str:
        """received, partly_received, overdue, due (today), open (not due yet), on_condition."""
        if self.received >= self.amount:
            return "received"
        due = self.effective_due()
        if due is not None and due < today:
            return "overdue"
        if self.received > 0:
            return "partly_received"
        if due is None:
            return "on_condition"
        return "due" if due == today else "open"
