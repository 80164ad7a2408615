"""Finding orders: what a user may see, search, and urgency order."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.auth.models import User
from webapp.extensions import db
from webapp.orders.models import Customer, Order, OrderStatus

OPEN_STATUSES = [s for s in OrderStatus if s.is_open]


def visible(user: User):
    """A select of the orders `user` may see."""
    query = sa.select(Order).options(
        so.selectinload(Order.stages), so.joinedload(Order.customer), so.joinedload(Order.factory),
        so.joinedload(Order.follower),
    )  # fmt: skip
    if not user.can_see_all_orders():
        query = query.where(Order.follower_id == user.id)
    return query


def search(
    user: User,
    text: str = "",
    status: OrderStatus | None = None,
    open_only: bool = False,
    factory_id: int | None = None,
    customer_id: int | None = None,
    follower_id: int | None = None,
    limit: int = 200,
) -> list[Order]:
    """Orders matching PO number, style, product or customer (Chinese or English), by due date."""
    query = visible(user)
    if text := text.strip():
        pattern = f"%{text}%"
        number = text.upper().removeprefix("GD").lstrip("0")
        conditions = [
            Order.po_number.ilike(pattern),
            Order.style.ilike(pattern),
            Order.product_name.ilike(pattern),
            Order.customer.has(Customer.name.ilike(pattern)),
            Order.customer.has(Customer.code.ilike(pattern)),
        ]
        if number.isdigit():
            conditions.append(Order.id == int(number))
        query = query.where(sa.or_(*conditions))
    if status is not None:
        query = query.where(Order.status == status)
    elif open_only:
        query = query.where(Order.status.in_(OPEN_STATUSES))
    if factory_id:
        query = query.where(Order.factory_id == factory_id)
    if customer_id:
        query = query.where(Order.customer_id == customer_id)
    if follower_id:
        query = query.where(Order.follower_id == follower_id)
    return list(db.session.scalars(query.order_by(Order.due_date, Order.id).limit(limit)).unique())


def by_number(text: str) -> int | None:
    """The order id for a typed or scanned order number like GD00042, or None."""
    digits = text.strip().upper().removeprefix("GD").lstrip("0")
    return int(digits) if digits.isdigit() else None
