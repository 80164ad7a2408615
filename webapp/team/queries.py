"""The follower's day generated from the day's records, and the supervisor's team figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.audit.models import AuditEntry
from webapp.auth.models import Role, User
from webapp.delays.models import Delay, DelayStatus
from webapp.extensions import db
from webapp.inspections.models import Inspection, InspectionStatus
from webapp.materials.models import MaterialPO, MaterialPOOrder, MaterialPOStatus
from webapp.orders.models import Order, OrderStatus, Stage
from webapp.progress.models import CheckIn
from webapp.samples.models import Sample, SampleStatus
from webapp.team.models import FollowerDay

OPEN = (OrderStatus.RECEIVED, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION,
        OrderStatus.INSPECTED)  # fmt: skip


def day_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """The UTC moments a local working day starts and ends."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time.min, zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, zone).astimezone(UTC)
    return start, end


@dataclass
class CheckInLine:
    order: Order
    stage: Stage
    good: int = 0
    rework: int = 0
    scrap: int = 0
    count: int = 0


@dataclass
class Step:
    """One move of a record that day: a material PO or sample step, a shipment moved."""

    record: object
    status: str
    at: datetime


@dataclass
class DaySummary:
    user: User
    day: date
    checkins: list[CheckInLine] = field(default_factory=list)
    delays_opened: list[Delay] = field(default_factory=list)
    delays_resolved: list[Delay] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    material_steps: list[Step] = field(default_factory=list)
    sample_steps: list[Step] = field(default_factory=list)
    shipment_steps: list[Step] = field(default_factory=list)
    # tomorrow
    materials_due: list[MaterialPO] = field(default_factory=list)
    samples_due: list[Sample] = field(default_factory=list)
    stages_due: list[Stage] = field(default_factory=list)
    orders_due: list[Order] = field(default_factory=list)
    record: FollowerDay | None = None

    @property
    def activity(self) -> int:
        """How many things happened: a day with 0 has nothing to report."""
        return (len(self.checkins) + len(self.delays_opened) + len(self.delays_resolved)
                + len(self.inspections) + len(self.material_steps) + len(self.sample_steps)
                + len(self.shipment_steps))  # fmt: skip

    @property
    def tomorrow_count(self) -> int:
        return (len(self.materials_due) + len(self.samples_due) + len(self.stages_due)
                + len(self.orders_due))  # fmt: skip


def _steps(user_id: int, table: str, model, start, end) -> list[Step]:
    entries = list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(
                AuditEntry.actor_id == user_id,
                AuditEntry.entity_type == table,
                AuditEntry.at >= start,
                AuditEntry.at < end,
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
    steps = []
    for entry in entries:
        status = (entry.changes or {}).get("status")
        if not status or not entry.entity_id.isdigit():
            continue
        record = db.session.get(model, int(entry.entity_id)) if model is not None else None
        steps.append(Step(record if record is not None else entry.entity_id, status[1], entry.at))
    return steps


def _followed(user_id: int) -> sa.Select:
    return sa.select(Order.id).where(Order.follower_id == user_id)


def day_summary(user: User, day: date, timezone: str) -> DaySummary:
    """What the follower did on `day` (check-ins, delays, inspections, material and sample
    steps, shipments moved) and what falls due the day after."""
    start, end = day_bounds(day, timezone)
    summary = DaySummary(user, day)
    lines: dict[tuple[int, int], CheckInLine] = {}
    for c in db.session.scalars(
        sa.select(CheckIn)
        .where(CheckIn.created_by_id == user.id, CheckIn.created_at >= start,
               CheckIn.created_at < end)
        .order_by(CheckIn.order_id, CheckIn.stage_id)
        .options(so.joinedload(CheckIn.order), so.joinedload(CheckIn.stage))
    ):  # fmt: skip
        line = lines.setdefault((c.order_id, c.stage_id), CheckInLine(c.order, c.stage))
        line.good += c.good_qty
        line.rework += c.rework_qty
        line.scrap += c.scrap_qty
        line.count += 1
    summary.checkins = sorted(lines.values(), key=lambda ln: (ln.order.id, ln.stage.position))
    summary.delays_opened = list(db.session.scalars(
        sa.select(Delay).where(Delay.created_by_id == user.id, Delay.created_at >= start,
                               Delay.created_at < end).order_by(Delay.id)
    ))  # fmt: skip
    summary.delays_resolved = list(db.session.scalars(
        sa.select(Delay).where(Delay.status == DelayStatus.RESOLVED, Delay.resolved_at >= start,
                               Delay.resolved_at < end, Delay.order_id.in_(_followed(user.id)))
        .order_by(Delay.id)
    ))  # fmt: skip
    summary.inspections = list(db.session.scalars(
        sa.select(Inspection).where(
            Inspection.status == InspectionStatus.SUBMITTED, Inspection.submitted_at >= start,
            Inspection.submitted_at < end,
            sa.or_(Inspection.inspector_id == user.id, Inspection.order_id.in_(_followed(user.id))),
        ).order_by(Inspection.id)
    ))  # fmt: skip
    summary.material_steps = _steps(user.id, "material_pos", MaterialPO, start, end)
    summary.sample_steps = _steps(user.id, "samples", Sample, start, end)
    summary.shipment_steps = _steps(user.id, "shipments", _shipment_model(), start, end)
    _tomorrow(summary, day + timedelta(days=1))
    summary.record = db.session.scalar(
        sa.select(FollowerDay).where(FollowerDay.user_id == user.id, FollowerDay.day == day)
    )
    return summary


def _shipment_model():
    """The shipment model once the shipments domain is merged; until then steps show by id."""
    try:
        from webapp.shipments.models import Shipment
    except ModuleNotFoundError:
        return None
    return Shipment


def _tomorrow(summary: DaySummary, tomorrow: date) -> None:
    uid = summary.user.id
    open_orders = sa.select(Order.id).where(Order.follower_id == uid, Order.status.in_(OPEN))
    summary.materials_due = list(db.session.scalars(
        sa.select(MaterialPO).join(MaterialPOOrder).where(
            MaterialPOOrder.order_id.in_(open_orders), MaterialPO.promised_date == tomorrow,
            MaterialPO.status.not_in((MaterialPOStatus.IN_WAREHOUSE, MaterialPOStatus.CANCELLED,
                                      MaterialPOStatus.RECEIVED, MaterialPOStatus.INSPECTED)),
        ).order_by(MaterialPO.id)
    ).unique())  # fmt: skip
    summary.samples_due = list(db.session.scalars(
        sa.select(Sample).where(
            sa.or_(Sample.order_id.in_(open_orders),
                   sa.and_(Sample.order_id.is_(None), Sample.created_by_id == uid)),
            Sample.status.in_((SampleStatus.REQUESTED, SampleStatus.IN_MAKING,
                               SampleStatus.READY)),
            Sample.due_date == tomorrow,
        ).order_by(Sample.id)
    ))  # fmt: skip
    summary.stages_due = list(db.session.scalars(
        sa.select(Stage).where(Stage.order_id.in_(open_orders), Stage.planned_finish == tomorrow)
        .order_by(Stage.order_id, Stage.position).options(so.joinedload(Stage.order))
    ))  # fmt: skip
    summary.orders_due = list(db.session.scalars(
        sa.select(Order).where(Order.id.in_(open_orders), Order.due_date == tomorrow)
        .order_by(Order.id)
    ))  # fmt: skip


def followers() -> list[User]:
    """Active followers, by name."""
    return list(db.session.scalars(
        sa.select(User).where(User.active, User.role == Role.FOLLOWER).order_by(User.full_name)
    ))  # fmt: skip


# --- the supervisor's team view ---------------------------------------------------------------


@dataclass
class FollowerRow:
    user: User
    orders: list[Order] = field(default_factory=list)
    at_risk: list[Order] = field(default_factory=list)
    open_delay_ages: list[int] = field(default_factory=list)  # days, oldest first
    corrected: int = 0
    checkins: int = 0

    @property
    def accuracy(self) -> float | None:
        """Check-ins not corrected later / check-ins (None without any)."""
        if not self.checkins:
            return None
        return 1 - self.corrected / self.checkins


def team(today: date, since: date) -> tuple[list[FollowerRow], dict]:
    """Per follower: open orders followed, at-risk orders, open delays by age, and the
    data-accuracy rate of check-ins since `since`; also the orders' progress by id."""
    from webapp.progress.queries import progress_for_orders

    rows = {u.id: FollowerRow(u) for u in followers()}
    orders = list(db.session.scalars(
        sa.select(Order).where(Order.status.in_(OPEN), Order.follower_id.in_(list(rows)))
        .order_by(Order.due_date, Order.id)
        .options(so.selectinload(Order.stages), so.joinedload(Order.customer))
    ).unique())  # fmt: skip
    progress = progress_for_orders(orders, today)
    for order in orders:
        row = rows[order.follower_id]
        row.orders.append(order)
        if progress[order.id].at_risk:
            row.at_risk.append(order)
    delays = db.session.execute(
        sa.select(Order.follower_id, Delay.created_at).join(Order, Order.id == Delay.order_id)
        .where(Delay.status.in_((DelayStatus.OPEN, DelayStatus.ESCALATED)),
               Order.follower_id.in_(list(rows)))
        .order_by(Delay.created_at)
    )  # fmt: skip
    for follower_id, created in delays:
        rows[follower_id].open_delay_ages.append((today - created.date()).days)
    per_user = correction_rate_by_user(since)
    for uid, row in rows.items():
        row.corrected, row.checkins = per_user.get(uid, (0, 0))
    return list(rows.values()), progress


def correction_rate_by_user(since: date) -> dict[int, tuple[int, int]]:
    """(corrected, originals) per follower, like progress.queries.correction_rate."""
    from webapp.progress.queries import correction_rate

    result: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for uid in db.session.scalars(
        sa.select(CheckIn.created_by_id).where(CheckIn.work_date >= since).distinct()
    ):
        result[uid] = correction_rate(start=since, created_by_id=uid)
    return result
