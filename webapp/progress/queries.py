"""Reading progress: sums over check-in rows that no later correction replaced."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.progress.models import CheckIn


@cache
def _newer():
    # Built once, on first use: aliasing at import time would configure the mappers before
    # every model module is imported.
    return so.aliased(CheckIn, name="newer")


def effective():
    """A WHERE clause: check-ins that no other check-in corrects."""
    return ~sa.exists().where(_newer().corrects_id == CheckIn.id)


@dataclass(frozen=True)
class Totals:
    good: int = 0
    rework: int = 0
    scrap: int = 0

    @property
    def total(self) -> int:
        return self.good + self.rework + self.scrap


def stage_totals(stage_ids: Iterable[int]) -> dict[int, Totals]:
    """Cumulative good, rework and scrap per stage."""
    ids = list(stage_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(
            CheckIn.stage_id,
            sa.func.sum(CheckIn.good_qty),
            sa.func.sum(CheckIn.rework_qty),
            sa.func.sum(CheckIn.scrap_qty),
        )
        .where(CheckIn.stage_id.in_(ids), effective())
        .group_by(CheckIn.stage_id)
    )
    return {sid: Totals(int(g or 0), int(r or 0), int(s or 0)) for sid, g, r, s in rows}


def daily_good(stage_ids: Iterable[int]) -> dict[int, dict[date, int]]:
    """Good quantity per stage and work date."""
    ids = list(stage_ids)
    result: dict[int, dict[date, int]] = defaultdict(dict)
    if not ids:
        return result
    rows = db.session.execute(
        sa.select(CheckIn.stage_id, CheckIn.work_date, sa.func.sum(CheckIn.good_qty))
        .where(CheckIn.stage_id.in_(ids), effective())
        .group_by(CheckIn.stage_id, CheckIn.work_date)
    )
    for sid, day, good in rows:
        result[sid][day] = int(good or 0)
    return result


def recent_checkins(order_id: int, limit: int = 20) -> list[CheckIn]:
    """The latest check-ins of an order, newest first, with what corrected them."""
    return list(
        db.session.scalars(
            sa.select(CheckIn)
            .where(CheckIn.order_id == order_id)
            .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
            .limit(limit)
            .options(so.joinedload(CheckIn.stage), so.joinedload(CheckIn.created_by))
        )
    )


def corrected_ids(checkin_ids: Iterable[int]) -> set[int]:
    """Which of these check-ins have been replaced by a correction."""
    ids = list(checkin_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(sa.select(CheckIn.corrects_id).where(CheckIn.corrects_id.in_(ids)))
    )


def correction_rate(start: date | None = None, end: date | None = None) -> tuple[int, int]:
    """(check-ins corrected later, original check-ins) for the data-accuracy KPI."""
    query = sa.select(
        sa.func.count(CheckIn.id).filter(CheckIn.corrects_id.is_not(None)),
        sa.func.count(CheckIn.id).filter(CheckIn.corrects_id.is_(None)),
    )
    if start:
        query = query.where(CheckIn.work_date >= start)
    if end:
        query = query.where(CheckIn.work_date <= end)
    corrections, originals = db.session.execute(query).one()
    return int(corrections), int(originals)


@dataclass(frozen=True)
class StageProgress:
    stage: object  # Stage
    totals: Totals
    projection: object  # projection.StageProjection


@dataclass(frozen=True)
class OrderProgress:
    order: object  # Order
    stages: list[StageProgress]
    risks: list  # projection.RiskReason

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)

    @property
    def percent(self) -> float:
        """Overall progress: the mean of the stages' completion, each capped at 100 %."""
        if not self.stages:
            return 0.0
        shares = [
            min(sp.totals.good / sp.stage.planned_qty, 1.0) if sp.stage.planned_qty else 1.0
            for sp in self.stages
        ]
        return sum(shares) / len(shares)

    @property
    def main_risks(self) -> list:
        """One reason per stage, the most serious (missing the due date beats the stage plan)."""
        rank = {"after_due_date": 0, "stalled": 1, "not_started_late": 2, "after_stage_plan": 3}
        best: dict[int, object] = {}
        for reason in self.risks:
            kept = best.get(reason.stage_index)
            if kept is None or rank[reason.kind] < rank[kept.kind]:
                best[reason.stage_index] = reason
        return [best[i] for i in sorted(best)]


def progress_for_orders(orders: Iterable, today: date) -> dict[int, OrderProgress]:
    """Plan-vs-actual and projection for each order's stages, in three queries in all."""
    from webapp.progress import projection

    orders = list(orders)
    stage_ids = [s.id for o in orders for s in o.stages]
    totals = stage_totals(stage_ids)
    daily = daily_good(stage_ids)
    result = {}
    for order in orders:
        rows = []
        pairs = []
        for stage in order.stages:
            plan = projection.StagePlan(
                stage.planned_qty, stage.planned_start, stage.planned_finish
            )
            proj = projection.project_stage(plan, daily.get(stage.id, {}), today)
            rows.append(StageProgress(stage, totals.get(stage.id, Totals()), proj))
            pairs.append((plan, proj))
        open_order = order.status.is_open and order.status.value not in ("shipped", "inspected")
        risks = projection.order_at_risk(pairs, order.due_date) if open_order else []
        result[order.id] = OrderProgress(order, rows, risks)
    return result


@cache
def _daily_totals_query():
    # Built once: every check-in runs it, and building the statement (with its NOT EXISTS)
    # cost about as much Python as executing it.
    return (
        sa.select(
            CheckIn.stage_id,
            CheckIn.work_date,
            sa.func.sum(CheckIn.good_qty),
            sa.func.sum(CheckIn.rework_qty),
            sa.func.sum(CheckIn.scrap_qty),
        )
        .where(CheckIn.stage_id.in_(sa.bindparam("stage_ids", expanding=True)), effective())
        .group_by(CheckIn.stage_id, CheckIn.work_date)
    )


def daily_totals(stage_ids: Iterable[int]) -> dict[int, dict[date, Totals]]:
    """Good, rework and scrap per stage and work date, in one query."""
    ids = list(stage_ids)
    result: dict[int, dict[date, Totals]] = defaultdict(dict)
    if not ids:
        return result
    rows = db.session.execute(_daily_totals_query(), {"stage_ids": ids})
    for sid, day, good, rework, scrap in rows:
        result[sid][day] = Totals(int(good or 0), int(rework or 0), int(scrap or 0))
    return result


def add_totals(*parts: Totals) -> Totals:
    """The sum of several Totals."""
    return Totals(
        sum(t.good for t in parts), sum(t.rework for t in parts), sum(t.scrap for t in parts)
    )


def stage_progress(stage, days: dict[date, Totals], today: date) -> StageProgress:
    """A stage's totals and projection from its totals per work date (no query)."""
    from webapp.progress import projection

    daily = {day: t.good for day, t in days.items()}
    plan = projection.StagePlan(stage.planned_qty, stage.planned_start, stage.planned_finish)
    return StageProgress(
        stage, add_totals(*days.values()), projection.project_stage(plan, daily, today)
    )


def progress_for_stage(stage, today: date) -> StageProgress:
    """One stage's totals and projection from a single query."""
    return stage_progress(stage, daily_totals([stage.id]).get(stage.id, {}), today)
