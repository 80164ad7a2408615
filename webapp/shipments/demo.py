"""Demo shipments in every state, two of them late, with final inspections and a loading photo."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

import sqlalchemy as sa

from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.orders.models import Customer, OnTimeBasis, Order
from webapp.shipments.models import (
    STEP_COLUMNS,
    STEPS,
    Shipment,
    ShipmentLine,
    ShipmentPhoto,
    ShipmentStatus,
    ShipMode,
)

S = ShipmentStatus
# (style, share of the order, final status, mode, carrier, ETD in days from today,
#  days from today the goods left (None: not yet), days from today delivered)
PLAN = [
    ("NH-2402", 1.0, S.DELIVERED, ShipMode.SEA, "Maersk 马士基", -12, -13, -7),
    ("HA-5508", 0.6, S.DELIVERED, ShipMode.SEA, "COSCO 中远海运", -26, -25, -2),
    ("HA-5508", 0.4, S.DEPARTED, ShipMode.AIR, "Kuehne+Nagel 德迅", -18, -18, None),  # late
    ("HA-5511", 1.0, S.DEPARTED, ShipMode.SEA, "Hapag-Lloyd 赫伯罗特", -3, -1, None),  # late
    ("YP-8810", 0.5, S.LOADED, ShipMode.TRUCK, "顺丰快运 SF Freight", 1, None, None),
    ("NH-2420", 1.0, S.INSPECTED, ShipMode.SEA, "Maersk 马士基", 5, None, None),
    ("HA-5530", 0.5, S.PACKED, ShipMode.SEA, "COSCO 中远海运", 7, None, None),
    ("HA-5521", 1.0, S.BOOKED, ShipMode.SEA, "Evergreen 长荣海运", 19, None, None),
    ("YP-8801", 1.0, S.PLANNED, ShipMode.TRUCK, "", 12, None, None),
    ("YP-8815", 1.0, S.PLANNED, ShipMode.SEA, "", 35, None, None),  # planned after the due date
    ("HA-5550", 1.0, S.CANCELLED, ShipMode.SEA, "ONE 海洋网联", 15, None, None),
]
DESTINATIONS = {"NORDH": "Gothenburg 哥德堡", "HANSA": "Hamburg 汉堡", "SHYP": "上海 Shanghai"}


def _at(today: date, days: int, hour: int = 10) -> datetime:
    # 10:00 in Shanghai is 02:00 UTC.
    return datetime.combine(today + timedelta(days=days), time(hour - 8), tzinfo=UTC)


def _loading_photo(by: User):
    from PIL import Image, ImageDraw

    from webapp.media.services import store_photo

    image = Image.new("RGB", (960, 720), (60, 90, 120))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 120, 880, 640), outline=(230, 230, 230), width=8)
    for x in range(120, 860, 90):
        draw.rectangle((x, 420, x + 80, 620), fill=(176, 134, 84))
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return store_photo(out.getvalue(), client_uuid=uuid.uuid5(uuid.NAMESPACE_URL, "demo-load"),
                       by=by)  # fmt: skip


def _final_inspection(order: Order, inspector: User) -> int | None:
    """An accepted final inspection (FRI) with no defects, through the inspection services."""
    from webapp.inspections import services as inspections
    from webapp.inspections.models import InspectionType

    if not order.status.is_open:
        return None
    customer = order.customer
    inspection, _ = inspections.start_inspection(
        order=order, by=inspector, client_uuid=uuid.uuid4(), inspection_type=InspectionType.FRI,
        lot_size=order.quantity, level=customer.inspection_level,
        aqls={"critical": customer.aql_critical, "major": customer.aql_major,
              "minor": customer.aql_minor}, severity="normal",
    )  # fmt: skip
    inspections.save_checklist(
        inspection,
        {item: ("pass", "") for item in inspections.CHECKLIST[InspectionType.FRI]},
        by=inspector,
    )
    inspections.submit(inspection, by=inspector, notes="抽检合格 Lot accepted")
    return inspection.id


def load(today: date) -> None:
    """Add the demo shipments (called by webapp.demo.load after the orders)."""
    supervisor = db.session.scalar(sa.select(User).where(User.role == Role.SUPERVISOR))
    inspector = db.session.scalar(sa.select(User).where(User.role == Role.INSPECTOR))
    # Nordhem buys delivered (DDP): its orders are on time by the delivery date.
    nordh = db.session.scalar(sa.select(Customer).where(Customer.code == "NORDH"))
    if nordh is not None:
        nordh.on_time_basis = OnTimeBasis.DELIVERED
    orders = {o.style: o for o in db.session.scalars(sa.select(Order))}
    fri: dict[str, int | None] = {}
    for style, share, status, mode, carrier, etd, left, delivered in PLAN:
        order = orders.get(style)
        if order is None:
            continue
        if status in (S.INSPECTED, S.LOADED, S.DEPARTED) and style not in fri:
            fri[style] = _final_inspection(order, inspector)
        qty = int(order.quantity * share)
        cartons = max(qty // 24, 1)
        shipment = Shipment(
            client_uuid=uuid.uuid4(), customer_id=order.customer_id, mode=mode, carrier=carrier,
            port_of_loading="宁波 Ningbo" if mode is not ShipMode.TRUCK else "慈溪 Cixi",
            destination=DESTINATIONS.get(order.customer.code, ""), currency="USD",
            etd=today + timedelta(days=etd), eta=today + timedelta(days=etd + 28),
            planned_loading=today + timedelta(days=etd - 1),
            planned_ready=today + timedelta(days=etd - 3), created_by_id=order.follower_id or supervisor.id,
        )  # fmt: skip
        price = Decimal("18.50") if order.product_type == "furniture" else Decimal("6.20")
        shipment.lines.append(ShipmentLine(order_id=order.id, quantity=qty, cartons=cartons,
                                           unit_price=price, final_inspection_id=fri.get(style)))  # fmt: skip
        shipment.created_at = _at(today, min(etd, 0) - 20)
        reached = STEPS.index(status) if status in STEPS else 1
        base = (left if left is not None else etd) - 6
        for i, step in enumerate(STEPS[1 : reached + 1], start=1):
            moment = _at(today, min(base + i, 0), 9 + i)
            if step is S.DEPARTED:
                moment = _at(today, left, 18)
            elif step is S.DELIVERED:
                moment = _at(today, delivered, 15)
            setattr(shipment, STEP_COLUMNS[step], moment)
        if reached >= STEPS.index(S.BOOKED):
            shipment.booking_ref = f"BK{order.id:04d}{abs(etd):02d}"
        if reached >= STEPS.index(S.PACKED):
            shipment.cartons = cartons
            shipment.gross_kg = Decimal(cartons * 11)
            shipment.net_kg = Decimal(cartons * 10)
            shipment.volume_cbm = Decimal(cartons) * Decimal("0.085")
            shipment.packing_confirmed = True
        if reached >= STEPS.index(S.LOADED):
            shipment.container_no = f"CSNU{7100000 + order.id * 13:07d}"
            shipment.seal_no = f"SL{880000 + order.id}"
            shipment.loading_checklist = {"container_condition": "pass", "carton_count": "pass",
                                          "carton_marks": "pass", "seal": "pass"}  # fmt: skip
        if status is S.CANCELLED:
            shipment.cancelled_at = _at(today, -2)
            shipment.cancel_reason = "客户要求与下一批合并出货 Customer merges it with the next lot"
        shipment.status = status
        if fri.get(style) and shipment.inspected_at:
            # The final inspection happened just before the shipment's inspection step.
            from webapp.inspections.models import Inspection

            inspection = db.session.get(Inspection, fri[style])
            inspection.submitted_at = shipment.inspected_at - timedelta(hours=3)
            inspection.created_at = shipment.inspected_at - timedelta(hours=6)
        db.session.add(shipment)
        db.session.flush()
        if status is S.LOADED:
            photo = _loading_photo(supervisor)
            db.session.add(ShipmentPhoto(shipment_id=shipment.id, photo_id=photo.id))
    db.session.flush()
