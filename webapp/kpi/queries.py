"""KPI counts from the database: every figure is one aggregate query (GROUP BY, percentiles),
filtered by period, factory, customer and follower; and the records behind each figure.

Periods are local dates in the app's time zone; timestamps (stored in UTC) are compared with
the UTC instants of the period's first and last local midnight, so the indexes serve."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.delays.models import Complaint, Delay, DelayCause, DelayStatus
from webapp.extensions import db
from webapp.inspections.models import Inspection, InspectionResult, InspectionStatus
from webapp.kpi import formulas
from webapp.materials.models import InspectionOutcome, MaterialPO, MaterialPOOrder, Supplier
from webapp.orders.models import Order, OrderStatus, Stage
from webapp.progress.models import CheckIn

DRILL_LIMIT = 1000


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: a period (local dates, both included) and optional scope."""

    start: date
    end: date
    factory_id: int | None = None
    customer_id: int | None = None
    follower_id: int | None = None
    timezone: str = "Asia/Shanghai"

    @property
    def scoped(self) -> bool:
        return bool(self.factory_id or self.customer_id or self.follower_id)

    def args(self) -> dict[str, str]:
        """The query-string arguments that reproduce these filters (for links)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "factory": str(self.factory_id or ""),
            "customer": str(self.customer_id or ""),
            "follower": str(self.follower_id or ""),
        }

    def utc_range(self) -> tuple[datetime, datetime]:
        """[first local midnight, the midnight after the last day) as UTC instants."""
        zone = ZoneInfo(self.timezone)
        start = datetime.combine(self.start, time.min, zone).astimezone(UTC)
        end = datetime.combine(self.end + timedelta(days=1), time.min, zone).astimezone(UTC)
        return start, end

    def with_period(self, start: date, end: date) -> Filters:
        return replace(self, start=start, end=end)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _scope(query, f: Filters):
    """Restrict a query that already joins Order to the factory, customer and follower."""
    if f.factory_id:
        query = query.where(Order.factory_id == f.factory_id)
    if f.customer_id:
        query = query.where(Order.customer_id == f.customer_id)
    if f.follower_id:
        query = query.where(Order.follower_id == f.follower_id)
    return query


def _in_period(column, f: Filters):
    start, end = f.utc_range()
    return sa.and_(column >= start, column < end)


def _utc_offset(f: Filters) -> timedelta:
    return datetime.combine(f.end, time(12), ZoneInfo(f.timezone)).utcoffset() or timedelta()


def _lit(text: str):
    """An SQL string literal, inlined: the same expression in SELECT and GROUP BY must not
    differ by bound parameters (PostgreSQL compares them as different expressions)."""
    return sa.literal_column("'" + text.replace("'", "''") + "'")


def _local_date(column, f: Filters):
    """The local date of a UTC timestamp column, computed by the database."""
    if _dialect() == "postgresql":
        return sa.cast(sa.func.timezone(_lit(f.timezone), column), sa.Date)
    # SQLite (development and tests): the zone's offset in the period (no DST in China).
    minutes = int(_utc_offset(f).total_seconds() // 60)
    return sa.func.date(column, _lit(f"{minutes:+d} minutes"))


def _month(column, f: Filters, timestamp: bool):
    """'YYYY-MM' of a date column or of a UTC timestamp's local date."""
    value = _local_date(column, f) if timestamp else column
    if _dialect() == "postgresql":
        return sa.func.to_char(value, _lit("YYYY-MM"))
    return sa.func.strftime(_lit("%Y-%m"), value)


def _hours(start, end):
    """Hours between two UTC timestamp columns."""
    if _dialect() == "postgresql":
        return sa.extract("epoch", end - start) / 3600.0
    # julianday is a float of days: round to the millisecond so 20 h is 20.0, not 20.0000000037
    return sa.func.round((sa.func.julianday(end) - sa.func.julianday(start)) * 86400.0, 3) / 3600.0


# --- first-pass inspections ----------------------------------------------------------------


def _first_inspections(f: Filters):
    """First inspections (not re-inspections) of production lots submitted in the period.

    Incoming inspections of material POs are the supplier's figure, not the factory's."""
    query = (
        sa.select()
        .select_from(Inspection)
        .join(Order, Order.id == Inspection.order_id)
        .where(
            Inspection.status == InspectionStatus.SUBMITTED,
            Inspection.reinspection_of_id.is_(None),
            Inspection.material_po_id.is_(None),
            _in_period(Inspection.submitted_at, f),
        )
    )
    return _scope(query, f)


def first_pass(f: Filters) -> formulas.Ratio:
    accepted, total = db.session.execute(
        _first_inspections(f).add_columns(
            sa.func.count().filter(Inspection.result == InspectionResult.ACCEPTED),
            sa.func.count(),
        )
    ).one()
    return formulas.first_pass_rate(int(accepted), int(total))


def first_pass_by_month(f: Filters) -> dict[str, formulas.Ratio]:
    month = _month(Inspection.submitted_at, f, timestamp=True)
    rows = db.session.execute(
        _first_inspections(f)
        .add_columns(
            month,
            sa.func.count().filter(Inspection.result == InspectionResult.ACCEPTED),
            sa.func.count(),
        )
        .group_by(month)
    )
    return {m: formulas.first_pass_rate(int(a), int(n)) for m, a, n in rows}


def first_inspection_records(f: Filters) -> list[Inspection]:
    query = _first_inspections(f).add_columns(Inspection)
    query = query.options(
        so.joinedload(Inspection.order).joinedload(Order.customer),
        so.joinedload(Inspection.order).joinedload(Order.factory),
    )
    return list(
        db.session.scalars(
            query.order_by(Inspection.submitted_at, Inspection.id).limit(DRILL_LIMIT)
        )
    )


# --- check-in corrections (data accuracy) ----------------------------------------------------


def _checkins(f: Filters):
    query = sa.select().select_from(CheckIn).where(CheckIn.work_date.between(f.start, f.end))
    if f.scoped:
        query = _scope(query.join(Order, Order.id == CheckIn.order_id), f)
    return query


def corrections(f: Filters) -> formulas.Ratio:
    fixed, originals = db.session.execute(
        _checkins(f).add_columns(
            sa.func.count().filter(CheckIn.corrects_id.is_not(None)),
            sa.func.count().filter(CheckIn.corrects_id.is_(None)),
        )
    ).one()
    return formulas.correction_rate(int(fixed), int(originals))


def corrections_by_month(f: Filters) -> dict[str, formulas.Ratio]:
    """Grouped by work date in the database (an index range scan, no per-row formatting), then
    the few dozen days are folded into months."""
    rows = db.session.execute(
        _checkins(f)
        .add_columns(
            CheckIn.work_date,
            sa.func.count().filter(CheckIn.corrects_id.is_not(None)),
            sa.func.count().filter(CheckIn.corrects_id.is_(None)),
        )
        .group_by(CheckIn.work_date)
    )
    months: dict[str, list[int]] = {}
    for day, fixed, originals in rows:
        acc = months.setdefault(day.strftime("%Y-%m"), [0, 0])
        acc[0] += int(fixed)
        acc[1] += int(originals)
    return {m: formulas.correction_rate(c, n) for m, (c, n) in months.items()}


def correction_records(f: Filters) -> list[CheckIn]:
    """The corrections entered for work dates in the period, with the entry each replaced."""
    query = (
        _checkins(f)
        .add_columns(CheckIn)
        .where(CheckIn.corrects_id.is_not(None))
        .options(
            so.joinedload(CheckIn.order),
            so.joinedload(CheckIn.stage),
            so.joinedload(CheckIn.corrects),
            so.joinedload(CheckIn.created_by),
        )
        .order_by(CheckIn.work_date, CheckIn.id)
        .limit(DRILL_LIMIT)
    )
    return list(db.session.scalars(query))


# --- delays: Pareto and time to resolve ------------------------------------------------------


def _delays(f: Filters):
    return _scope(sa.select().select_from(Delay).join(Order, Order.id == Delay.order_id), f)


def delay_counts(f: Filters) -> dict[str, int]:
    """Delays recorded in the period (cancelled ones left out), per cause."""
    rows = db.session.execute(
        _delays(f)
        .add_columns(Delay.cause, sa.func.count())
        .where(Delay.status != DelayStatus.CANCELLED, _in_period(Delay.created_at, f))
        .group_by(Delay.cause)
    )
    return {cause.value: int(n) for cause, n in rows}


def delays_by_month(f: Filters) -> dict[str, int]:
    month = _month(Delay.created_at, f, timestamp=True)
    rows = db.session.execute(
        _delays(f)
        .add_columns(month, sa.func.count())
        .where(Delay.status != DelayStatus.CANCELLED, _in_period(Delay.created_at, f))
        .group_by(month)
    )
    return {m: int(n) for m, n in rows}


@dataclass(frozen=True)
class Resolution:
    count: int
    median_hours: float | None
    p90_hours: float | None


def resolution(f: Filters) -> dict[str, Resolution]:
    """Median and nearest-rank 90th percentile of time to resolve (hours), per cause and in all
    (key ""), over the delays resolved in the period: the same rule as the delays page."""
    hours = _hours(Delay.created_at, Delay.resolved_at).label("h")
    base = _delays(f).where(
        Delay.status == DelayStatus.RESOLVED,
        Delay.resolved_at.is_not(None),
        _in_period(Delay.resolved_at, f),
    )
    if _dialect() == "postgresql":
        query = base.add_columns(
            Delay.cause,
            sa.func.count(),
            sa.func.percentile_cont(0.5).within_group(hours),
            sa.func.percentile_disc(0.9).within_group(hours),
        ).group_by(sa.func.rollup(Delay.cause))
        rows = db.session.execute(query).all()
    else:
        rows = _window_percentiles(base, hours)
    result = {}
    for cause, n, med, p90 in rows:
        key = cause.value if isinstance(cause, DelayCause) else (cause or "")
        result[key] = Resolution(int(n), _f(med), _f(p90))
    return result


def _f(value) -> float | None:
    return None if value is None else float(value)


def _window_percentiles(base, hours) -> list[tuple]:
    """The portable fallback: ranks by window functions, then the middle and 90th-rank values."""
    rows = []
    for partition in (Delay.cause, None):
        keys = [partition] if partition is not None else []
        ranked = base.add_columns(
            (partition if partition is not None else sa.literal("")).label("k"),
            hours,
            sa.func.row_number().over(partition_by=keys, order_by=hours).label("rn"),
            sa.func.count().over(partition_by=keys).label("n"),
        ).subquery()
        # median: ranks (n+1)//2 and (n+2)//2; nearest-rank p90: ceil(0.9 n) = (9n + 9)//10
        mid = sa.or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
        p90 = ranked.c.rn == (9 * ranked.c.n + 9) // 10
        query = sa.select(
            ranked.c.k,
            sa.func.max(ranked.c.n),
            sa.func.avg(sa.case((mid, ranked.c.h))),
            sa.func.max(sa.case((p90, ranked.c.h))),
        ).group_by(ranked.c.k)
        for k, n, med, p in db.session.execute(query):
            rows.append((DelayCause(k) if k else "", n, med, p))
    return rows


def delay_records(f: Filters, cause: str | None = None, resolved: bool = False) -> list[Delay]:
    """Delays recorded in the period (or resolved in it), optionally of one cause."""
    query = _delays(f).add_columns(Delay)
    if resolved:
        query = query.where(
            Delay.status == DelayStatus.RESOLVED, _in_period(Delay.resolved_at, f)
        ).order_by(Delay.resolved_at, Delay.id)
    else:
        query = query.where(
            Delay.status != DelayStatus.CANCELLED, _in_period(Delay.created_at, f)
        ).order_by(Delay.created_at, Delay.id)
    if cause in {c.value for c in DelayCause}:
        query = query.where(Delay.cause == DelayCause(cause))
    query = query.options(so.joinedload(Delay.order).joinedload(Order.factory))
    return list(db.session.scalars(query.limit(DRILL_LIMIT)))


# --- complaints ------------------------------------------------------------------------------


def _complaints(f: Filters):
    query = sa.select().select_from(Complaint).join(Order, Order.id == Complaint.order_id)
    return _scope(query, f).where(_in_period(Complaint.created_at, f))


def complaint_count(f: Filters) -> int:
    return int(db.session.execute(_complaints(f).add_columns(sa.func.count())).scalar_one())


def complaint_records(f: Filters) -> list[Complaint]:
    query = (
        _complaints(f)
        .add_columns(Complaint)
        .options(so.joinedload(Complaint.order).joinedload(Order.customer))
        .order_by(Complaint.created_at, Complaint.id)
        .limit(DRILL_LIMIT)
    )
    return list(db.session.scalars(query))


# --- material suppliers ----------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierRow:
    supplier: Supplier | None  # None: all suppliers
    on_time: formulas.Ratio
    rejection: formulas.Ratio


def _material_pos(f: Filters):
    query = sa.select().select_from(MaterialPO)
    if f.scoped:
        # A PO counts for the scope when it feeds at least one order in it.
        feeds = _scope(
            sa.select(MaterialPOOrder.id)
            .join(Order, Order.id == MaterialPOOrder.order_id)
            .where(MaterialPOOrder.material_po_id == MaterialPO.id),
            f,
        )
        query = query.where(sa.exists(feeds))
    return query


def _received(f: Filters):
    return sa.and_(MaterialPO.received_qty.is_not(None), _in_period(MaterialPO.received_at, f))


def _inspected(f: Filters):
    return sa.and_(
        MaterialPO.inspection_result.is_not(None), _in_period(MaterialPO.inspected_at, f)
    )


def suppliers(f: Filters) -> list[SupplierRow]:
    """On-time rate of POs received in the period and rejection rate of POs inspected in it,
    for all suppliers (first row) and per supplier, worst on-time first."""
    received, inspected = _received(f), _inspected(f)
    on_time = sa.and_(received, _local_date(MaterialPO.received_at, f) <= MaterialPO.promised_date)
    rejected = sa.and_(inspected, MaterialPO.inspection_result == InspectionOutcome.REJECTED)
    rows = db.session.execute(
        _material_pos(f)
        .add_columns(
            MaterialPO.supplier_id,
            sa.func.count().filter(on_time),
            sa.func.count().filter(received),
            sa.func.count().filter(rejected),
            sa.func.count().filter(inspected),
        )
        .where(sa.or_(received, inspected))
        .group_by(MaterialPO.supplier_id)
    ).all()
    names = {
        s.id: s
        for s in db.session.scalars(
            sa.select(Supplier).where(Supplier.id.in_([r[0] for r in rows]))
        )
    }
    per = [
        SupplierRow(
            names[sid],
            formulas.supplier_on_time_rate(int(ot), int(rc)),
            formulas.supplier_rejection_rate(int(rj), int(ins)),
        )
        for sid, ot, rc, rj, ins in rows
    ]
    per.sort(key=lambda r: (r.on_time.value if r.on_time.value is not None else 2, r.supplier.name))
    total = SupplierRow(
        None,
        formulas.supplier_on_time_rate(
            sum(r.on_time.numerator for r in per), sum(r.on_time.denominator for r in per)
        ),
        formulas.supplier_rejection_rate(
            sum(r.rejection.numerator for r in per), sum(r.rejection.denominator for r in per)
        ),
    )
    return [total, *per]


def material_po_records(f: Filters, supplier_id: int | None = None) -> list[tuple]:
    """POs received or inspected in the period: (po, received local date, on time, rejected)."""
    received_on = _local_date(MaterialPO.received_at, f)
    query = (
        _material_pos(f)
        .add_columns(MaterialPO, sa.case((_received(f), received_on)), _inspected(f))
        .where(sa.or_(_received(f), _inspected(f)))
        .options(so.joinedload(MaterialPO.supplier))
        .order_by(MaterialPO.supplier_id, MaterialPO.promised_date, MaterialPO.id)
        .limit(DRILL_LIMIT)
    )
    if supplier_id:
        query = query.where(MaterialPO.supplier_id == supplier_id)
    result = []
    for po, on, was_inspected in db.session.execute(query):
        if isinstance(on, str):
            on = date.fromisoformat(on)
        on_time = None if on is None else on <= po.promised_date
        rejected = po.inspection_result is InspectionOutcome.REJECTED if was_inspected else None
        result.append((po, on, on_time, rejected))
    return result


# --- orders at risk --------------------------------------------------------------------------

RISK_STATUSES = (OrderStatus.RECEIVED, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION)


@dataclass(frozen=True)
class _Stage:
    id: int
    planned_qty: int
    planned_start: date
    planned_finish: date


@dataclass
class _Order:
    """What the projection needs of an order, read as plain rows (no ORM objects)."""

    id: int
    status: OrderStatus
    due_date: date
    stages: list[_Stage] = field(default_factory=list)


@dataclass
class AtRisk:
    """Open orders whose projection misses a date: their ids (soonest due first) and why."""

    ids: list[int]
    open_orders: int
    reasons: dict[int, list]

    @property
    def ratio(self) -> formulas.Ratio:
        return formulas.Ratio(len(self.ids), self.open_orders)

    def orders(self, limit: int | None = None) -> list[tuple[Order, list]]:
        """(order, main risk reasons) of the first `limit` at-risk orders, loaded for display."""
        ids = self.ids[:limit] if limit else self.ids
        if not ids:
            return []
        loaded = {
            o.id: o
            for o in db.session.scalars(
                sa.select(Order).where(Order.id.in_(ids)).options(
                    so.selectinload(Order.stages), so.joinedload(Order.customer),
                    so.joinedload(Order.factory), so.joinedload(Order.follower),
                )
            ).unique()
        }  # fmt: skip
        return [(loaded[i], self.reasons[i]) for i in ids]


def at_risk(f: Filters, today: date) -> AtRisk:
    """Open orders (received, confirmed, in production) in the scope whose projected finish
    misses a stage plan or the due date, as of today: the rule of the home page and the
    tracking table (progress.queries.progress_for_orders), fed with plain rows."""
    from webapp.progress.queries import progress_for_orders

    open_orders = _scope(sa.select(Order.id).where(Order.status.in_(RISK_STATUSES)), f).subquery()
    rows = db.session.execute(
        sa.select(
            Order.id, Order.status, Order.due_date, Stage.id, Stage.planned_qty,
            Stage.planned_start, Stage.planned_finish,
        )
        .join(Stage, Stage.order_id == Order.id)
        .where(Order.id.in_(sa.select(open_orders.c.id)))
        .order_by(Order.id, Stage.position, Stage.id)
    )  # fmt: skip
    orders: dict[int, _Order] = {}
    for oid, status, due, sid, qty, start, finish in rows:
        order = orders.get(oid) or orders.setdefault(oid, _Order(oid, status, due))
        order.stages.append(_Stage(sid, qty, start, finish))
    stage_ids = sa.select(Stage.id).where(Stage.order_id.in_(sa.select(open_orders.c.id)))
    progress = progress_for_orders(orders.values(), today, stage_ids=stage_ids)
    risky = sorted(
        (p for p in progress.values() if p.at_risk), key=lambda p: (p.order.due_date, p.order.id)
    )
    return AtRisk(
        [p.order.id for p in risky], len(orders), {p.order.id: p.main_risks for p in risky}
    )


# --- shipments: on-time delivery ------------------------------------------------------------


def _shipped_in_period(f: Filters) -> list:
    """The ship outcomes (shipments.queries.ship_outcomes) of the orders in the scope whose
    on-time reference (last departure, or delivery) falls on a local day of the period."""
    from webapp.shipments.models import Shipment, ShipmentLine
    from webapp.shipments.queries import ship_outcomes
    from webapp.timeutil import local

    start, end = f.utc_range()
    # Candidates: a shipment of the order left or arrived within a day of the period (the
    # factory's zone may differ from the app's); the exact local-day test follows.
    slack = timedelta(days=1)
    moved = sa.or_(
        sa.and_(Shipment.departed_at >= start - slack, Shipment.departed_at < end + slack),
        sa.and_(Shipment.delivered_at >= start - slack, Shipment.delivered_at < end + slack),
    )
    candidates = _scope(
        sa.select(ShipmentLine.order_id)
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .join(Order, Order.id == ShipmentLine.order_id)
        .where(moved)
        .distinct(),
        f,
    )
    ids = list(db.session.scalars(candidates))
    return [
        o
        for o in ship_outcomes(ids)
        if o.reference is not None and f.start <= local(o.reference, o.timezone).date() <= f.end
    ]


def shipping(f: Filters) -> formulas.Ratio:
    """On-time delivery of the orders shipped in the period: (on time, shipped)."""
    return formulas.on_time_rate(o.on_time for o in _shipped_in_period(f))


def shipment_records(f: Filters) -> list[tuple]:
    """(order, shipped on (local date), on time, days late) of the orders shipped in the period,
    latest first."""
    from webapp.timeutil import local

    outcomes = _shipped_in_period(f)
    orders = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Order)
            .where(Order.id.in_([x.order_id for x in outcomes]))
            .options(so.joinedload(Order.customer))
        )
    }
    rows = [
        (orders[o.order_id], local(o.reference, o.timezone).date(), o.on_time, o.days_late)
        for o in outcomes
    ]
    rows.sort(key=lambda r: (r[1], r[0].id))
    return rows[:DRILL_LIMIT]
