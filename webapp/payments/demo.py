"""Demo payment terms: deposits and balances, against documents, open account; some overdue."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.orders.models import Order
from webapp.payments import services
from webapp.payments.models import MilestoneKind

K = MilestoneKind

# style: [(kind, amount, currency, due in days or None, due days after shipment, condition,
#          received amount, received days ago)]
TERMS = {
    "NH-2407": [(K.DEPOSIT, "9600.00", "USD", -40, None, "", "9600.00", 41),
                (K.BALANCE_BEFORE_SHIPMENT, "22400.00", "USD", 30, None, "", None, None)],
    "NH-2411": [(K.DEPOSIT, "4500.00", "USD", -25, None, "", "4500.00", 24),
                (K.BALANCE_BEFORE_SHIPMENT, "10500.00", "USD", 16, None, "", None, None)],
    "HA-5521": [(K.DEPOSIT, "6300.00", "EUR", -12, None, "", "3000.00", 10),
                (K.AGAINST_DOCUMENTS, "14700.00", "EUR", None, None, "copy of B/L 提单副本", None, None)],
    "HA-5511": [(K.DEPOSIT, "4320.00", "EUR", -50, None, "", "4320.00", 49),
                (K.BALANCE_BEFORE_SHIPMENT, "10080.00", "EUR", -3, None, "", None, None)],
    "HA-5508": [(K.OPEN_ACCOUNT, "11500.00", "EUR", None, 30, "", None, None)],
    "NH-2402": [(K.OPEN_ACCOUNT, "8000.00", "USD", None, 0, "", "5000.00", 2)],
    "YP-8801": [(K.DEPOSIT, "45000.00", "CNY", -20, None, "", "45000.00", 18),
                (K.BALANCE_BEFORE_SHIPMENT, "105000.00", "CNY", 12, None, "", None, None)],
    "YP-8810": [(K.OPEN_ACCOUNT, "68000.00", "CNY", None, 60, "月结 60 天 60 days net", None, None)],
    "NH-2415": [(K.DEPOSIT, "5400.00", "USD", -5, None, "", None, None),
                (K.BALANCE_BEFORE_SHIPMENT, "12600.00", "USD", 43, None, "", None, None)],
}  # fmt: skip


def load(today: date) -> None:
    """Add the demo milestones and receipts (called by webapp.demo)."""
    orders = {o.style: o for o in db.session.scalars(sa.select(Order))}
    supervisor = db.session.scalar(sa.select(User).where(User.role == Role.SUPERVISOR))
    for style, rows in TERMS.items():
        order = orders.get(style)
        if order is None:
            continue
        by = order.follower or supervisor
        for kind, amount, currency, due_in, due_days, condition, received, ago in rows:
            data = {
                "kind": kind, "amount": Decimal(amount), "currency": currency,
                "due_date": today + timedelta(days=due_in) if due_in is not None else None,
                "due_days": due_days, "condition": condition,
            }  # fmt: skip
            m, _ = services.add_milestone(order, data, by=by, client_uuid=uuid.uuid4())
            if received is not None:
                services.record_receipt(m, amount=Decimal(received), by=by, today=today,
                                        received_on=today - timedelta(days=ago))  # fmt: skip
