"""Reading payment milestones: overdue receivables per customer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.orders.models import Order
from webapp.payments.models import PaymentMilestone


@dataclass
class CustomerReceivables:
    customer: object
    milestones: list[PaymentMilestone] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)  # currency -> overdue amount


def overdue_by_customer(user, today: date) -> list[CustomerReceivables]:
    """Overdue milestones (due date passed, not fully received), grouped per customer, the
    largest first; followers see those of the orders they follow."""
    query = (
        sa.select(PaymentMilestone)
        .join(Order, Order.id == PaymentMilestone.order_id)
        .options(so.contains_eager(PaymentMilestone.order).joinedload(Order.customer))
        .where(
            sa.or_(
                PaymentMilestone.received_amount.is_(None),
                PaymentMilestone.received_amount < PaymentMilestone.amount,
            )
        )
    )
    if not user.can_see_all_orders():
        query = query.where(Order.follower_id == user.id)
    groups: dict[int, CustomerReceivables] = {}
    for m in db.session.scalars(query):
        if m.state(today) != "overdue":
            continue
        group = groups.setdefault(m.order.customer_id, CustomerReceivables(m.order.customer))
        group.milestones.append(m)
        group.totals[m.currency] = group.totals.get(m.currency, Decimal("0")) + m.outstanding
    result = list(groups.values())
    for g in result:
        g.milestones.sort(key=lambda m: (m.effective_due(), m.id))
    result.sort(key=lambda g: (-sum(g.totals.values()), g.customer.name))
    return result


def states_for_orders(order_ids, today: date) -> dict[int, list[str]]:
    """Each order's milestone states (for badges in lists)."""
    result: dict[int, list[str]] = defaultdict(list)
    ids = list(order_ids)
    if not ids:
        return result
    for m in db.session.scalars(
        sa.select(PaymentMilestone).where(PaymentMilestone.order_id.in_(ids))
    ):
        result[m.order_id].append(m.state(today))
    return result
