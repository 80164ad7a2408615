"""Reading shipments: lists, shipped vs ordered, the shipping schedule, on-time outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.orders.models import Customer, Factory, OnTimeBasis, Order
from webapp.shipments import rules
from webapp.shipments.models import Shipment, ShipmentLine, ShipmentStatus


def visible(user):
    """A WHERE clause: shipments the user may see (followers: those holding an order of theirs)."""
    if user.can_see_all_orders():
        return sa.true()
    return Shipment.id.in_(
        sa.select(ShipmentLine.shipment_id)
        .join(Order, Order.id == ShipmentLine.order_id)
        .where(Order.follower_id == user.id)
    )


def _loaded():
    return (
        so.selectinload(Shipment.lines).joinedload(ShipmentLine.order),
        so.joinedload(Shipment.customer),
    )


def shipments_for(user, *, status: str = "open") -> list[Shipment]:
    """The user's shipments: open ones by planned departure, or those gone / cancelled."""
    query = sa.select(Shipment).where(visible(user)).options(*_loaded())
    if status == "open":
        query = query.where(Shipment.status.in_([s for s in ShipmentStatus if s.is_open]))
        query = query.order_by(Shipment.etd.is_(None), Shipment.etd, Shipment.id)
    elif status == "gone":
        query = query.where(
            Shipment.status.in_([ShipmentStatus.DEPARTED, ShipmentStatus.DELIVERED])
        )
        query = query.order_by(Shipment.departed_at.desc(), Shipment.id.desc())
    else:
        query = query.where(Shipment.status == ShipmentStatus.CANCELLED)
        query = query.order_by(Shipment.cancelled_at.desc(), Shipment.id.desc())
    return list(db.session.scalars(query).unique())


def for_order(order_id: int) -> list[Shipment]:
    """Every shipment holding the order, newest first."""
    return list(
        db.session.scalars(
            sa.select(Shipment)
            .where(
                Shipment.id.in_(
                    sa.select(ShipmentLine.shipment_id).where(ShipmentLine.order_id == order_id)
                )
            )
            .options(*_loaded())
            .order_by(Shipment.created_at.desc(), Shipment.id.desc())
        ).unique()
    )


@dataclass(frozen=True)
class ShippedQuantity:
    """An order's quantity: ordered, in shipments that have left, in open shipments."""

    ordered: int
    shipped: int
    planned: int

    @property
    def left(self) -> int:
        """Not yet in any shipment."""
        return max(self.ordered - self.shipped - self.planned, 0)


def shipped_quantities(orders: Iterable[Order]) -> dict[int, ShippedQuantity]:
    """Shipped vs ordered per order, in one query."""
    orders = list(orders)
    if not orders:
        return {}
    gone = Shipment.status.in_([ShipmentStatus.DEPARTED, ShipmentStatus.DELIVERED])
    rows = db.session.execute(
        sa.select(
            ShipmentLine.order_id,
            sa.func.sum(sa.case((gone, ShipmentLine.quantity), else_=0)),
            sa.func.sum(sa.case((gone, 0), else_=ShipmentLine.quantity)),
        )
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(
            ShipmentLine.order_id.in_([o.id for o in orders]),
            Shipment.status != ShipmentStatus.CANCELLED,
        )
        .group_by(ShipmentLine.order_id)
    )
    sums = {oid: (int(s or 0), int(p or 0)) for oid, s, p in rows}
    return {o.id: ShippedQuantity(o.quantity, *sums.get(o.id, (0, 0))) for o in orders}


# --- on-time outcomes (for the KPI dashboard) ----------------------------------------------


@dataclass(frozen=True)
class OrderShipOutcome:
    """How an order shipped, measured against its due date.

    reference: the last departure (or the last delivery, when the customer's setting is
    "delivered") over the order's shipments that reached that step, once the order is fully
    shipped (quantity that has left >= ordered, or the order's status is shipped/closed);
    None while it is not. on_time: rules.is_on_time(reference, due_date, factory time zone),
    None while not shipped."""

    order_id: int
    due_date: date
    reference: datetime | None
    on_time: bool | None
    basis: OnTimeBasis
    timezone: str
    shipped_qty: int
    ordered_qty: int
    days_late: int | None


def ship_outcomes(order_ids: Iterable[int] | None = None) -> list[OrderShipOutcome]:
    """Per order (all orders except cancelled ones when `order_ids` is None): due date, the
    on-time reference moment and whether it was on time.

    The sums and the latest departure and delivery per order are aggregated in the database
    (one query); only the calendar comparison in the factory's time zone runs in Python
    (rules.is_on_time), because time-zone arithmetic is not portable between SQLite and
    PostgreSQL. Ordered by order id."""
    from webapp.orders.models import OrderStatus

    gone = Shipment.status.in_([ShipmentStatus.DEPARTED, ShipmentStatus.DELIVERED])
    agg = (
        sa.select(
            ShipmentLine.order_id.label("order_id"),
            sa.func.sum(sa.case((gone, ShipmentLine.quantity), else_=0)).label("shipped"),
            sa.func.max(sa.case((gone, Shipment.departed_at))).label("last_departed"),
            sa.func.max(Shipment.delivered_at).label("last_delivered"),
            sa.func.sum(sa.case((gone & Shipment.delivered_at.is_(None), 1), else_=0)).label(
                "undelivered"
            ),
        )
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(Shipment.status != ShipmentStatus.CANCELLED)
        .group_by(ShipmentLine.order_id)
        .subquery()
    )
    query = (
        sa.select(
            Order.id,
            Order.due_date,
            Order.quantity,
            Order.status,
            Customer.on_time_basis,
            Factory.timezone,
            agg.c.shipped,
            agg.c.last_departed,
            agg.c.last_delivered,
            agg.c.undelivered,
        )
        .join(Customer, Customer.id == Order.customer_id)
        .join(Factory, Factory.id == Order.factory_id)
        .outerjoin(agg, agg.c.order_id == Order.id)
        .order_by(Order.id)
    )
    if order_ids is None:
        query = query.where(Order.status != OrderStatus.CANCELLED)
    else:
        ids = list(order_ids)
        if not ids:
            return []
        query = query.where(Order.id.in_(ids))
    from webapp.models_base import UTCDateTime

    as_utc = UTCDateTime().process_result_value
    result = []
    for (
        oid,
        due,
        qty,
        status,
        basis,
        tz,
        shipped,
        departed,
        delivered,
        undelivered,
    ) in db.session.execute(query):
        shipped = int(shipped or 0)
        complete = shipped >= qty or status in (OrderStatus.SHIPPED, OrderStatus.CLOSED)
        departed = as_utc(departed, None) if isinstance(departed, datetime) else _parse(departed)
        delivered = (
            as_utc(delivered, None) if isinstance(delivered, datetime) else _parse(delivered)
        )
        if basis is OnTimeBasis.DELIVERED:
            reference = delivered if complete and shipped and not int(undelivered or 0) else None
        else:
            reference = departed if complete and shipped else None
        result.append(
            OrderShipOutcome(
                order_id=oid,
                due_date=due,
                reference=reference,
                on_time=rules.is_on_time(reference, due, tz),
                basis=basis,
                timezone=tz,
                shipped_qty=shipped,
                ordered_qty=qty,
                days_late=rules.days_late(reference, due, tz),
            )
        )
    return result


def _parse(value) -> datetime | None:
    """Aggregates over a CASE lose the column type on SQLite: ISO strings come back."""
    if value is None:
        return None
    from datetime import UTC

    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- the shipping schedule (出货排期表) ---------------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    """One upcoming shipment and its readiness."""

    shipment: Shipment
    when: date | None  # planned departure, else planned loading, else ready date
    production_done: bool
    production_percent: float
    fri_passed: bool
    booked: bool
    late: bool  # planned to leave after an order's due date, or the date has passed

    @property
    def ready(self) -> bool:
        return self.production_done and self.fri_passed and self.booked


@dataclass(frozen=True)
class ScheduleWeek:
    year: int
    week: int  # ISO week; 0 for shipments without a planned date
    start: date | None
    rows: list[ScheduleRow]


def schedule(user, today: date | None = None) -> list[ScheduleWeek]:
    """Open shipments the user may see, grouped by ISO week of their planned departure (those
    without a date last), with production, final inspection and booking readiness."""
    from webapp.progress.queries import stage_totals
    from webapp.shipments.services import final_inspection_check
    from webapp.timeutil import app_today

    today = today or app_today()
    shipments = shipments_for(user, status="open")
    orders = {o.id: o for s in shipments for o in s.orders}
    totals = stage_totals([st.id for o in orders.values() for st in o.stages])
    done: dict[int, tuple[bool, float]] = {}
    for oid, order in orders.items():
        shares = [
            min(totals[st.id].good / st.planned_qty, 1.0) if st.id in totals and st.planned_qty
            else (1.0 if not st.planned_qty else 0.0)
            for st in order.stages
        ]  # fmt: skip
        percent = sum(shares) / len(shares) if shares else 0.0
        finished = order.status.value in ("inspected", "shipped", "closed")
        done[oid] = (finished or (bool(shares) and percent >= 1.0), 1.0 if finished else percent)
    fri = {oid: final_inspection_check(o).ok for oid, o in orders.items()}
    groups: dict[tuple[int, int], list[ScheduleRow]] = {}
    for s in shipments:
        when = s.etd or s.planned_loading or s.planned_ready
        ids = [o.id for o in s.orders]
        late = bool(when) and (when < today or any(when > orders[i].due_date for i in ids))
        row = ScheduleRow(
            shipment=s, when=when,
            production_done=all(done[i][0] for i in ids),
            production_percent=min((done[i][1] for i in ids), default=0.0),
            fri_passed=all(fri[i] for i in ids),
            booked=s.status is not ShipmentStatus.PLANNED,
            late=late,
        )  # fmt: skip
        key = when.isocalendar()[:2] if when else (9999, 0)
        groups.setdefault(key, []).append(row)
    weeks = []
    for (year, week), rows in sorted(groups.items()):
        rows.sort(key=lambda r: (r.when or date.max, r.shipment.id))
        start = date.fromisocalendar(year, week, 1) if week else None
        weeks.append(ScheduleWeek(year if week else 0, week, start, rows))
    return weeks
