"""Demo history for the KPI dashboard: delays resolved and check-ins corrected over the last
months, so the trends and the monthly review (每月复盘) have something to compare.

Runs after the other domains' demo data and builds on their orders."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from webapp.delays.models import Delay, DelayCause, DelayStatus, Department
from webapp.extensions import db
from webapp.orders.models import Order
from webapp.progress.models import CheckIn
from webapp.progress.queries import effective

# (months back, cause, hours to resolve, note)
PAST_DELAYS = [
    (1, DelayCause.MATERIAL, 52, "面料晚到三天，停工待料"),
    (1, DelayCause.MATERIAL, 30, "拉链短少 200 条，补货后恢复"),
    (1, DelayCause.EQUIPMENT, 9, "平车断针频繁，机修更换针板"),
    (1, DelayCause.QUALITY, 20, "后整污渍返工"),
    (2, DelayCause.MATERIAL, 75, "辅料供应商交期延误"),
    (2, DelayCause.PEOPLE, 36, "节后员工返岗不足"),
    (2, DelayCause.PLAN_ERROR, 12, "排产未计入外协周期"),
    (3, DelayCause.MATERIAL, 44, "面料色差退货重染"),
    (3, DelayCause.RUSH_ORDER, 16, "插单特急订单占用车缝线"),
]


def load(today) -> None:
    """Past delays on the demo orders, and a few corrected check-ins."""
    orders = list(db.session.scalars(sa.select(Order).order_by(Order.id)))
    if not orders:
        return
    for i, (months, cause, hours, note) in enumerate(PAST_DELAYS):
        order = orders[i % len(orders)]
        day = today.replace(day=1) - timedelta(days=30 * (months - 1) + 20 - i)
        created = datetime.combine(day, time(2), UTC)
        db.session.add(Delay(
            client_uuid=uuid.uuid4(), order_id=order.id, cause=cause, note=note,
            department=Department.PURCHASING if cause is DelayCause.MATERIAL
            else Department.PRODUCTION,
            status=DelayStatus.RESOLVED, created_at=created,
            resolved_at=created + timedelta(hours=hours), root_cause=note,
            action_taken="已处理", created_by_id=order.follower_id or order.created_by_id or 1,
        ))  # fmt: skip
    # One check-in in six of the demo orders was corrected the next day (typing errors).
    originals = list(
        db.session.scalars(
            sa.select(CheckIn)
            .where(CheckIn.corrects_id.is_(None), effective())
            .order_by(CheckIn.id)
        )
    )
    for checkin in originals[::6]:
        db.session.add(CheckIn(
            client_uuid=uuid.uuid4(), order_id=checkin.order_id, stage_id=checkin.stage_id,
            work_date=checkin.work_date, good_qty=checkin.good_qty + 10,
            rework_qty=checkin.rework_qty, scrap_qty=checkin.scrap_qty, note="数量录错，更正",
            corrects_id=checkin.id, created_by_id=checkin.created_by_id,
            created_at=checkin.created_at + timedelta(days=1),
        ))  # fmt: skip
    db.session.flush()
