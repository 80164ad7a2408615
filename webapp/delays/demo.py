"""Demo delays of several causes and ages, and a few customer complaints."""

from __future__ import annotations

import uuid
from datetime import timedelta

import sqlalchemy as sa

from webapp.delays.models import (
    Complaint,
    ComplaintCategory,
    ComplaintSeverity,
    ComplaintStatus,
    Delay,
    DelayCause,
    DelayStatus,
    Department,
)
from webapp.extensions import db
from webapp.models_base import utcnow
from webapp.orders.models import Order, OrderStatus

# (style, stage index or None, cause, dept, hours, qty, slip, age hours, status, resolved after h, note)
DELAYS = [
    ("YP-8801", 1, DelayCause.MATERIAL, Department.PURCHASING, 16, 400, 3, 70, "escalated", None,
     "辅料拉链未到，车缝停工待料 / zippers not delivered"),
    ("NH-2411", 0, DelayCause.EQUIPMENT, Department.PRODUCTION, 10, 0, 2, 30, "open", None,
     "开料锯故障 / panel saw broken"),
    ("HA-5521", 1, DelayCause.RUSH_ORDER, Department.PRODUCTION, 24, 600, 2, 20, "open", None,
     "插单：HA-5550 特急 / inserted rush order"),
    ("HA-5550", 1, DelayCause.PEOPLE, Department.PRODUCTION, 30, 0, 1, 90, "resolved", 40,
     "节后缺勤 / absence after the holiday"),
    ("NH-2420", 0, DelayCause.QUALITY, Department.QC, 6, 35, 1, 120, "resolved", 26,
     "木材含水率超标，返工 / wood moisture too high"),
    ("YP-8810", 0, DelayCause.PLAN_ERROR, Department.PRODUCTION, 0, 0, 1, 200, "resolved", 8,
     "排产日期录错 / wrong dates in plan"),
    ("HA-5530", 1, DelayCause.UPSTREAM, Department.PRODUCTION, 8, 200, 1, 10, "open", None,
     "裁剪延误传到车缝 / cutting late"),
    ("HA-5534", 0, DelayCause.MATERIAL, Department.PURCHASING, 12, 300, 2, 160, "resolved", 60,
     "面料短码 / fabric short shipped"),
]  # fmt: skip

COMPLAINTS = [
    ("HA-5508", ComplaintCategory.QUALITY, ComplaintSeverity.HIGH, ComplaintStatus.IN_PROGRESS,
     "Customer found 12 pcs with open seams at the side in carton 14-18."),
    ("NH-2402", ComplaintCategory.PACKAGING, ComplaintSeverity.MEDIUM, ComplaintStatus.CLOSED,
     "外箱破损 6 箱，客户要求加强箱体 / 6 cartons crushed"),
]  # fmt: skip


def load() -> None:
    """Add the demo delays and complaints (called by webapp.demo.load)."""
    orders = {o.style: o for o in db.session.scalars(sa.select(Order))}
    now = utcnow()
    for style, stage_i, cause, dept, hours, qty, slip, age, status, after, note in DELAYS:
        order = orders[style]
        created = now - timedelta(hours=age)
        delay = Delay(
            client_uuid=uuid.uuid4(), order_id=order.id,
            stage_id=order.stages[stage_i].id if stage_i is not None else None, cause=cause,
            department=dept, hours_lost=hours, qty_affected=qty, slip_days=slip, note=note,
            status=DelayStatus(status), created_by_id=order.follower_id, created_at=created,
        )  # fmt: skip
        if status == "escalated":
            delay.escalated_at = created + timedelta(hours=4)
            delay.escalation_note = "需要主管协调供应商 / please push the supplier"
        if status == "resolved":
            delay.resolved_at = created + timedelta(hours=after)
            delay.root_cause = note
            delay.action_taken = "加班两天追回 / two days of overtime"
        db.session.add(delay)
    for style, category, severity, status, text in COMPLAINTS:
        order = orders[style]
        complaint = Complaint(
            client_uuid=uuid.uuid4(), order_id=order.id, category=category, severity=severity,
            description=text, department=Department.QC, status=status,
            created_by_id=order.follower_id, created_at=now - timedelta(days=5),
        )  # fmt: skip
        if status is ComplaintStatus.CLOSED:
            complaint.closed_at = now - timedelta(days=2)
            complaint.action_taken = "改用五层瓦楞纸箱 / switched to 5-ply cartons"
        db.session.add(complaint)
    assert all(orders[s].status is not OrderStatus.CANCELLED for s, *_ in DELAYS)
    db.session.flush()
