"""Finding material POs: what a user may see, the follow-up sections, problems per order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.auth.models import User
from webapp.extensions import db
from webapp.materials import metrics
from webapp.materials.models import (
    InspectionOutcome,
    MaterialPO,
    MaterialPOOrder,
    MaterialPOStatus,
    Supplier,
)
from webapp.orders.models import Order
from webapp.timeutil import local

S = MaterialPOStatus
NOT_YET_RECEIVED = (S.ORDERED, S.CONFIRMED, S.SHIPPED)


def _loaded():
    return sa.select(MaterialPO).options(
        so.joinedload(MaterialPO.supplier),
        so.selectinload(MaterialPO.order_links).joinedload(MaterialPOOrder.order),
    )


def visible(user: User):
    """A select of the POs `user` may see: followers those of their orders or their own."""
    query = _loaded()
    if not user.can_see_all_orders():
        followed = (
            sa.select(MaterialPOOrder.material_po_id)
            .join(Order, Order.id == MaterialPOOrder.order_id)
            .where(Order.follower_id == user.id)
        )
        query = query.where(
            sa.or_(MaterialPO.created_by_id == user.id, MaterialPO.id.in_(followed))
        )
    return query


def search(
    user: User, text: str = "", status: MaterialPOStatus | None = None, limit: int = 500
) -> list[MaterialPO]:
    """Visible POs matching PO number, item or supplier, soonest promised first."""
    query = visible(user)
    if text := text.strip():
        pattern = f"%{text}%"
        query = query.where(
            sa.or_(
                MaterialPO.number.ilike(pattern),
                MaterialPO.item.ilike(pattern),
                MaterialPO.spec.ilike(pattern),
                MaterialPO.supplier.has(
                    sa.or_(Supplier.name.ilike(pattern), Supplier.code.ilike(pattern))
                ),
            )
        )
    if status is not None:
        query = query.where(MaterialPO.status == status)
    query = query.order_by(MaterialPO.promised_date, MaterialPO.id).limit(limit)
    return list(db.session.scalars(query).unique())


@dataclass
class FollowUp:
    """The follower's list: what needs a call now first, then the rest."""

    due_soon: list[MaterialPO] = field(default_factory=list)
    overdue: list[MaterialPO] = field(default_factory=list)
    problems: list[MaterialPO] = field(default_factory=list)
    rest: list[MaterialPO] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.due_soon) + len(self.overdue) + len(self.problems) + len(self.rest)


def follow_up(pos: list[MaterialPO], now: datetime) -> FollowUp:
    """Sort POs into due in 24 h, overdue, received short or rejected, and the rest."""
    sections = FollowUp()
    today = now.date()
    for po in pos:
        if po.status is S.CANCELLED:
            sections.rest.append(po)
        elif metrics.is_due_soon(po, now):
            sections.due_soon.append(po)
        elif metrics.is_overdue(po, today):
            sections.overdue.append(po)
        elif po.status is not S.IN_WAREHOUSE and (metrics.is_short(po) or metrics.is_rejected(po)):
            sections.problems.append(po)
        else:
            sections.rest.append(po)
    return sections


def problem_pos_for_order(order_id: int, today: date) -> list[MaterialPO]:
    """POs feeding the order that are overdue, received short or rejected at inspection."""
    query = (
        _loaded()
        .join(MaterialPOOrder, MaterialPOOrder.material_po_id == MaterialPO.id)
        .where(
            MaterialPOOrder.order_id == order_id,
            MaterialPO.status != S.CANCELLED,
            sa.or_(
                sa.and_(MaterialPO.status.in_(NOT_YET_RECEIVED), MaterialPO.promised_date < today),
                sa.and_(
                    MaterialPO.received_qty.is_not(None),
                    MaterialPO.received_qty < MaterialPO.quantity,
                ),
                MaterialPO.inspection_result == InspectionOutcome.REJECTED,
            ),
        )
        .order_by(MaterialPO.promised_date, MaterialPO.id)
    )
    return list(db.session.scalars(query).unique())


def for_order(order_id: int) -> list[MaterialPO]:
    """Every PO feeding the order, soonest promised first (for the order page's card)."""
    query = (
        _loaded()
        .join(MaterialPOOrder, MaterialPOOrder.material_po_id == MaterialPO.id)
        .where(MaterialPOOrder.order_id == order_id)
        .order_by(MaterialPO.promised_date, MaterialPO.id)
    )
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class POFacts:
    """What the supplier metrics need of one PO, with the receipt as a local date."""

    supplier_id: int
    status: str
    quantity: int
    promised_date: date
    received_qty: int | None
    inspection_result: str | None
    received_on: date | None


def supplier_metrics(timezone: str) -> dict[int, metrics.SupplierMetrics]:
    """The on-time, right-quantity and rejection rates of every supplier with POs."""
    rows = db.session.execute(
        sa.select(
            MaterialPO.supplier_id, MaterialPO.status, MaterialPO.quantity,
            MaterialPO.promised_date, MaterialPO.received_qty, MaterialPO.inspection_result,
            MaterialPO.received_at,
        )
    )  # fmt: skip
    facts = [
        POFacts(
            supplier_id=sid,
            status=status.value,
            quantity=qty,
            promised_date=promised,
            received_qty=received_qty,
            inspection_result=result.value if result else None,
            received_on=local(received_at, timezone).date() if received_at else None,
        )
        for sid, status, qty, promised, received_qty, result, received_at in rows
    ]
    return metrics.by_supplier(facts)
