"""A small data set built by hand, in October 2026 (Asia/Shanghai), whose every KPI is worked
out in the comments below; the tests assert the dashboard shows exactly these numbers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from webapp.auth.models import Role

OCT = {"start": "2026-10-01", "end": "2026-10-31"}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class Data:
    supervisor: object
    follower1: object
    follower2: object
    factory_a: object
    factory_b: object
    customer_x: object
    customer_y: object
    orders: dict


@pytest.fixture
def kpi_data(app, make_user, make_factory, make_customer, make_order) -> Data:
    from webapp.delays.models import (
        Complaint,
        ComplaintCategory,
        ComplaintSeverity,
        Delay,
        DelayCause,
        DelayStatus,
        Department,
    )
    from webapp.extensions import db
    from webapp.inspections.models import (
        Inspection,
        InspectionResult,
        InspectionStatus,
        InspectionType,
    )
    from webapp.materials.models import (
        InspectionOutcome,
        MaterialPO,
        MaterialPOOrder,
        MaterialPOStatus,
        Supplier,
    )
    from webapp.orders.models import OrderStatus
    from webapp.progress.models import CheckIn
    from webapp.timeutil import today_in

    sup = make_user(Role.SUPERVISOR, username="boss", full_name="王主管")
    f1 = make_user(Role.FOLLOWER, username="f1", full_name="李娜")
    f2 = make_user(Role.FOLLOWER, username="f2", full_name="张伟")
    fa = make_factory(name="盛泰 A")
    fb = make_factory(name="恒达 B")
    cx = make_customer(name="Nordhem")
    cy = make_customer(name="Hansa")
    done = OrderStatus.SHIPPED
    o1 = make_order(follower=f1, factory=fa, customer=cx, status=done, style="O1")
    o2 = make_order(follower=f2, factory=fb, customer=cy, status=done, style="O2")
    o3 = make_order(follower=f1, factory=fa, customer=cy, status=done, style="O3")
    today = today_in("Asia/Shanghai")
    # o4 should have finished cutting and sewing by now and has no output: at risk.
    o4 = make_order(
        follower=f1,
        factory=fa,
        customer=cx,
        style="O4",
        start=today - timedelta(days=20),
        days=10,
        due_date=today + timedelta(days=2),
    )
    # o5 starts in two days: open, not at risk.
    o5 = make_order(
        follower=f2,
        factory=fb,
        customer=cy,
        style="O5",
        start=today + timedelta(days=2),
        days=10,
        due_date=today + timedelta(days=30),
    )
    with app.app_context():

        def ins(order, result, at, **kw):
            i = Inspection(
                client_uuid=uuid.uuid4(),
                order_id=order.id,
                type=kw.pop("type", InspectionType.FRI),
                lot_size=500,
                level="II",
                severity="normal",
                suggested_severity="normal",
                sample_size=50,
                status=kw.pop("status", InspectionStatus.SUBMITTED),
                result=result,
                inspector_id=sup.id,
                submitted_at=utc(at) if at else None,
                **kw,
            )
            db.session.add(i)
            db.session.flush()
            return i

        A, R = InspectionResult.ACCEPTED, InspectionResult.REJECTED
        # First-pass, October: i1 accepted, i2 rejected, i4 accepted, i7 accepted = 3 / 4.
        ins(o1, A, "2026-10-05 02:00")  # i1
        i2 = ins(o2, R, "2026-10-06 02:00")
        ins(o2, A, "2026-10-09 02:00", reinspection_of_id=i2.id)  # re-inspection: not counted
        ins(o3, A, "2026-10-07 02:00", type=InspectionType.DUPRO)  # i4
        ins(o1, None, None, status=InspectionStatus.IN_PROGRESS)  # not submitted
        ins(o1, A, "2026-09-30 15:30")  # 23:30 on 30 Sep in Shanghai: outside
        ins(o3, A, "2026-09-30 16:30")  # i7: 00:30 on 1 Oct in Shanghai: inside

        # Check-ins for October: 8 entered, 3 corrections (o1: 1; o2: 2, one of a correction).
        def checkin(order, day, good, corrects=None, stage=0):
            c = CheckIn(
                client_uuid=uuid.uuid4(),
                order_id=order.id,
                stage_id=order.stages[stage].id,
                work_date=date.fromisoformat(day),
                good_qty=good,
                rework_qty=0,
                scrap_qty=0,
                corrects_id=corrects.id if corrects else None,
                created_by_id=sup.id,
            )
            db.session.add(c)
            db.session.flush()
            return c

        first = checkin(o1, "2026-10-02", 10)
        for day in ("2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06"):
            checkin(o1, day, 10)
        checkin(o1, "2026-10-02", 12, corrects=first)
        a = checkin(o2, "2026-10-02", 20)
        checkin(o2, "2026-10-03", 20)
        checkin(o2, "2026-10-04", 20)
        fix = checkin(o2, "2026-10-02", 21, corrects=a)
        checkin(o2, "2026-10-02", 22, corrects=fix)
        checkin(o1, "2026-09-30", 10)  # September: outside

        # Delays. Pareto of those recorded in October (cancelled left out):
        # material 3 (60 %), equipment 1 (80 %), people 1 (100 %).
        # Resolved in October: material 10, 20, 40 h (median 20, P90 40);
        # equipment 5, 268 h (median 136.5, P90 268); all: median 20, P90 268.
        def delay(order, cause, created, hours=None, status=None):
            d = Delay(
                client_uuid=uuid.uuid4(),
                order_id=order.id,
                cause=cause,
                department=Department.PRODUCTION,
                created_by_id=f1.id,
                created_at=utc(created),
                status=status or (DelayStatus.RESOLVED if hours is not None else DelayStatus.OPEN),
                resolved_at=utc(created) + timedelta(hours=hours) if hours is not None else None,
            )
            db.session.add(d)
            return d

        M, E = DelayCause.MATERIAL, DelayCause.EQUIPMENT
        delay(o1, M, "2026-10-02 00:00", 10)
        delay(o1, M, "2026-10-03 00:00", 20)
        delay(o2, M, "2026-10-05 00:00", 40)
        delay(o2, E, "2026-10-06 00:00", 5)
        delay(o3, DelayCause.PEOPLE, "2026-10-07 00:00")
        delay(o3, M, "2026-10-08 00:00", status=DelayStatus.CANCELLED)
        delay(o1, E, "2026-09-20 00:00", 268)  # recorded in September, resolved in October

        # Complaints: two in October, one in September.
        for order, at in (
            (o1, "2026-10-10 03:00"),
            (o2, "2026-10-11 03:00"),
            (o2, "2026-09-01 03:00"),
        ):
            db.session.add(
                Complaint(
                    client_uuid=uuid.uuid4(),
                    order_id=order.id,
                    category=ComplaintCategory.QUALITY,
                    severity=ComplaintSeverity.MEDIUM,
                    description="色差",
                    created_by_id=f1.id,
                    department=Department.QC,
                    created_at=utc(at),
                )
            )

        # Material POs. Received in October: p1 on time (23:00 local on the promised day),
        # p2 late (00:30 local the day after), p3 early: on time 2 / 3.
        # Inspected in October: p1 accepted, p2 rejected, p5 rejected: rejected 2 / 3.
        s1 = Supplier(code="S1", name="宁波拉链")
        s2 = Supplier(code="S2", name="绍兴面料")
        db.session.add_all([s1, s2])
        db.session.flush()

        def po(
            number,
            supplier,
            promised,
            orders,
            received=None,
            inspected=None,
            result=None,
            status=MaterialPOStatus.IN_WAREHOUSE,
        ):
            p = MaterialPO(
                client_uuid=uuid.uuid4(),
                number=number,
                supplier_id=supplier.id,
                item="拉链",
                quantity=100,
                unit_price=Decimal("1.00"),
                promised_date=date.fromisoformat(promised),
                status=status,
                received_at=utc(received) if received else None,
                received_qty=100 if received else None,
                inspected_at=utc(inspected) if inspected else None,
                inspection_result=result,
            )
            for order in orders:
                p.order_links.append(MaterialPOOrder(order_id=order.id))
            db.session.add(p)

        OK, NO = InspectionOutcome.ACCEPTED, InspectionOutcome.REJECTED
        po("P1", s1, "2026-10-10", [o1], "2026-10-10 15:00", "2026-10-11 02:00", OK)
        po("P2", s1, "2026-10-10", [o1], "2026-10-10 16:30", "2026-10-12 02:00", NO)
        po("P3", s2, "2026-10-05", [o2], "2026-10-03 02:00")
        po("P4", s2, "2026-10-05", [o2], status=MaterialPOStatus.SHIPPED)
        po("P5", s2, "2026-09-25", [o2], "2026-09-28 02:00", "2026-10-02 02:00", NO)

        # Shipments. October: o1 left at 23:00 local on its due date (on time), o2 at 00:30
        # local the day after its due date (late): on time 1 / 2; complaints 2 / 2 shipped.
        # September: o3, on time.
        from webapp.orders.models import Order
        from webapp.shipments.models import Shipment, ShipmentLine, ShipmentStatus

        for order, due, departed in (
            (o1, "2026-10-10", "2026-10-10 15:00"),
            (o2, "2026-10-10", "2026-10-10 16:30"),
            (o3, "2026-10-20", "2026-09-28 02:00"),
        ):
            db.session.get(Order, order.id).due_date = date.fromisoformat(due)
            shipment = Shipment(
                client_uuid=uuid.uuid4(),
                customer_id=order.customer_id,
                status=ShipmentStatus.DEPARTED,
                departed_at=utc(departed),
                created_by_id=sup.id,
            )
            shipment.lines.append(ShipmentLine(order_id=order.id, quantity=order.quantity))
            db.session.add(shipment)
        db.session.commit()
    orders = {"o1": o1, "o2": o2, "o3": o3, "o4": o4, "o5": o5}
    return Data(sup, f1, f2, fa, fb, cx, cy, orders)
