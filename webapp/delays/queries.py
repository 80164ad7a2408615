"""Finding delays: what a user may see, flags for the supervisor, lists by age, cause, factory."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import orm as so

from webapp.auth.models import User
from webapp.delays import metrics
from webapp.delays.models import Complaint, ComplaintStatus, Delay, DelayStatus
from webapp.extensions import db
from webapp.models_base import utcnow
from webapp.orders.models import Order
from webapp.timeutil import today_in

OPEN = (DelayStatus.OPEN, DelayStatus.ESCALATED)


def visible(user: User, model=Delay):
    """A select of the delays (or complaints) on orders the user may see."""
    query = sa.select(model).join(Order, Order.id == model.order_id)
    if not user.can_see_all_orders():
        query = query.where(Order.follower_id == user.id)
    return query.options(
        so.joinedload(model.order).joinedload(Order.customer),
        so.joinedload(model.order).joinedload(Order.factory),
    )


def open_limit() -> timedelta:
    return timedelta(hours=current_app.config.get("DELAY_OPEN_LIMIT_HOURS", 48))


def delay_flags(delay: Delay) -> list[str]:
    """Why a supervisor should look at this delay now."""
    order = delay.order
    return metrics.flags(
        is_open=delay.status.is_open, created_at=delay.created_at, now=utcnow(),
        slip_days=delay.slip_days, due_date=order.due_date,
        today=today_in(order.factory.timezone), open_limit=open_limit(),
    )  # fmt: skip


def open_delays(user: User, order_id: int | None = None) -> list[Delay]:
    """Open and escalated delays, oldest first."""
    query = visible(user).where(Delay.status.in_(OPEN))
    if order_id:
        query = query.where(Delay.order_id == order_id)
    return list(db.session.scalars(query.order_by(Delay.created_at)).unique())


def flagged(user: User) -> list[tuple[Delay, list[str]]]:
    """Escalated delays and those flagged automatically, for the supervisor's home."""
    result = []
    for delay in open_delays(user):
        flags = delay_flags(delay)
        if delay.status is DelayStatus.ESCALATED or flags:
            result.append((delay, flags))
    return result


def for_order(order_id: int) -> list[Delay]:
    """All delays of one order, newest first."""
    return list(
        db.session.scalars(
            sa.select(Delay).where(Delay.order_id == order_id).order_by(Delay.created_at.desc())
        )
    )


def cause_summary(user: User):
    """Pareto of causes and resolution-time statistics per cause."""
    delays = list(
        db.session.scalars(visible(user).where(Delay.status != DelayStatus.CANCELLED)).unique()
    )
    counts = Counter(d.cause.value for d in delays)
    durations = [
        (d.cause.value, metrics.time_to_resolve(d.created_at, d.resolved_at))
        for d in delays
        if d.resolved_at is not None
    ]
    return metrics.pareto(counts), metrics.resolution_stats(durations)


def factory_summary(user: User) -> list[tuple[object, int, int]]:
    """(factory, open delays, all delays) per factory, most open first."""
    rows: dict[int, list] = {}
    for d in db.session.scalars(
        visible(user).where(Delay.status != DelayStatus.CANCELLED)
    ).unique():
        entry = rows.setdefault(d.order.factory_id, [d.order.factory, 0, 0])
        entry[2] += 1
        if d.status.is_open:
            entry[1] += 1
    return sorted((tuple(r) for r in rows.values()), key=lambda r: (-r[1], -r[2]))


def stages_needing_a_cause(progress, order_delays: list[Delay]) -> list:
    """Stages behind plan by more than the margin with no open delay: ask the follower why."""
    margin = current_app.config.get("DELAY_PROMPT_MARGIN", 0.10)
    covered = {d.stage_id for d in order_delays if d.status.is_open}
    covered_order = any(d.status.is_open and d.stage_id is None for d in order_delays)
    result = []
    for sp in progress.stages:
        p = sp.projection
        behind = p.planned_to_date > 0 and p.actual < p.planned_to_date * (1 - margin)
        if behind and p.status != "done" and sp.stage.id not in covered and not covered_order:
            result.append(sp)
    return result


def complaints(user: User, open_only: bool = False) -> list[Complaint]:
    query = visible(user, Complaint)
    if open_only:
        query = query.where(Complaint.status != ComplaintStatus.CLOSED)
    return list(db.session.scalars(query.order_by(Complaint.created_at.desc()).limit(200)).unique())
