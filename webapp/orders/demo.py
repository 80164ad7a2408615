"""Demo orders: stage templates, ~20 orders in every state, two weeks of check-ins."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.orders import services
from webapp.orders.models import (
    Customer,
    Factory,
    OrderStatus,
    Priority,
    StageTemplate,
    StageTemplateStep,
)
from webapp.progress.models import CheckIn

TEMPLATES = [
    ("garment", "服装", "Garments",
     [("裁剪", "Cutting", 2), ("车缝", "Sewing", 5), ("后整", "Finishing", 2), ("包装", "Packing", 1)]),
    ("furniture", "家具", "Furniture",
     [("白茬", "White body", 4), ("涂装", "Finishing", 3), ("组装", "Assembly", 2), ("包装", "Packing", 1)]),
]  # fmt: skip

# (customer, style, product, spec, type, qty, unit, days from today to due, status, rush, pace)
# pace: share of the planned daily rate the floor achieved (below 1.0 = falling behind).
ORDERS = [
    ("NORDH", "NH-2407", "Oak dining chair 橡木餐椅", "W45×D52×H82 cm", "furniture", 600, "pcs", 32, "in_production", False, 1.05),
    ("NORDH", "NH-2411", "Bookshelf 5 tiers 五层书架", "W80×D30×H180 cm", "furniture", 300, "pcs", 18, "in_production", False, 0.55),
    ("NORDH", "NH-2415", "Side table 边几", "Ø45×H50 cm, walnut", "furniture", 450, "pcs", 45, "confirmed", False, 0),
    ("NORDH", "NH-2402", "Bench 长凳", "L120 cm, ash", "furniture", 200, "pcs", -6, "shipped", False, 1.0),
    ("HANSA", "HA-5521", "Men's polo shirt 男式Polo衫", "CVC 60/40, 220 g", "garment", 3000, "pcs", 21, "in_production", True, 0.7),
    ("HANSA", "HA-5530", "Ladies' blouse 女式衬衫", "100% viscose", "garment", 2400, "pcs", 28, "in_production", False, 1.0),
    ("HANSA", "HA-5534", "Kids' hoodie 童装卫衣", "French terry 280 g", "garment", 1800, "pcs", 35, "in_production", False, 0.9),
    ("HANSA", "HA-5540", "Chino trousers 休闲裤", "Twill 98/2 stretch", "garment", 2000, "pcs", 50, "received", False, 0),
    ("HANSA", "HA-5511", "Denim jacket 牛仔夹克", "12 oz denim", "garment", 1200, "pcs", -2, "inspected", False, 1.0),
    ("HANSA", "HA-5508", "T-shirt basic 基础T恤", "Jersey 180 g", "garment", 5000, "pcs", -20, "closed", False, 1.0),
    ("SHYP", "YP-8801", "工装衬衫 Work shirt", "涤棉 65/35", "garment", 1500, "pcs", 14, "in_production", True, 0.6),
    ("SHYP", "YP-8806", "羽绒背心 Down vest", "90% 白鸭绒", "garment", 800, "pcs", 40, "confirmed", False, 0),
    ("SHYP", "YP-8810", "针织开衫 Knit cardigan", "羊毛混纺 12GG", "garment", 1000, "pcs", 26, "in_production", False, 1.1),
    ("SHYP", "YP-8812", "运动短裤 Sports shorts", "速干面料", "garment", 2500, "pcs", 60, "received", False, 0),
    ("SHYP", "YP-8790", "儿童睡衣 Kids' pyjamas", "精梳棉", "garment", 1600, "sets", -10, "cancelled", False, 0),
    ("NORDH", "NH-2420", "Coffee table 咖啡桌", "W110×D60×H42 cm, oak", "furniture", 250, "pcs", 24, "in_production", False, 0.95),
    ("HANSA", "HA-5545", "Rain jacket 雨衣", "PU coated, taped seams", "garment", 1400, "pcs", 38, "in_production", False, 0.0),
    ("SHYP", "YP-8815", "POLO 领T恤 Polo tee", "珠地网眼", "garment", 3200, "pcs", 30, "in_production", False, 1.0),
    ("NORDH", "NH-2425", "Wall shelf 壁架", "W60 cm, birch ply", "furniture", 900, "pcs", 55, "received", False, 0),
    ("HANSA", "HA-5550", "Fleece jacket 抓绒外套", "Polar fleece 300 g", "garment", 2200, "pcs", 20, "in_production", False, 0.8),
]  # fmt: skip


def load(today: date) -> None:
    """Add templates, orders, plans and check-ins (called by webapp.demo.load)."""
    rng = random.Random(2407)
    templates = {}
    for code, name, name_en, steps in TEMPLATES:
        template = StageTemplate(product_type=code, name=name, name_en=name_en)
        template.steps = [
            StageTemplateStep(position=i, name=n, name_en=e, weight=w)
            for i, (n, e, w) in enumerate(steps)
        ]
        db.session.add(template)
        templates[code] = template
    db.session.flush()

    customers = {c.code: c for c in db.session.scalars(sa.select(Customer))}
    factories = list(db.session.scalars(sa.select(Factory).order_by(Factory.id)))
    followers = list(
        db.session.scalars(sa.select(User).where(User.role == Role.FOLLOWER).order_by(User.id))
    )
    supervisor = db.session.scalar(sa.select(User).where(User.role == Role.SUPERVISOR))

    for n, row in enumerate(ORDERS):
        code, style, product, spec, ptype, qty, unit, due_in, status, rush, pace = row
        due = today + timedelta(days=due_in)
        order = services.create_order(
            {
                "customer_id": customers[code].id, "factory_id": factories[n % len(factories)].id,
                "follower_id": followers[n % len(followers)].id, "po_number": f"PO-{26000 + n * 37}",
                "style": style, "product_name": product, "spec": spec, "product_type": ptype,
                "quantity": qty, "unit": unit, "packaging": "每箱 24 件, 外箱唛头按客户要求 / 24 pcs per carton",
                "due_date": due, "priority": Priority.RUSH if rush else Priority.NORMAL, "notes": "",
            },
            _lines(qty, ptype, rng),
            by=supervisor,
        )  # fmt: skip
        lead = 30 if ptype == "garment" else 40
        start = due - timedelta(days=lead)
        services.apply_template(
            order, templates[ptype], start, finish=due - timedelta(days=3), by=supervisor
        )
        order.status = OrderStatus(status)
        if pace or status in ("shipped", "inspected", "closed"):
            _checkins(order, today, pace, rng)


def _lines(qty: int, ptype: str, rng: random.Random) -> list[services.LineData]:
    if ptype != "garment":
        return []
    sizes = ["S", "M", "L", "XL"]
    shares = [0.2, 0.35, 0.3, 0.15]
    quantities = [int(qty * s) for s in shares]
    quantities[1] += qty - sum(quantities)
    colour = rng.choice(["Navy 藏青", "Black 黑色", "Olive 军绿", "White 白色"])
    return [
        services.LineData("", colour, size, q) for size, q in zip(sizes, quantities, strict=True)
    ]


def _checkins(order, today: date, pace: float, rng: random.Random) -> None:
    """Daily check-ins over the last two weeks (or the whole plan for finished orders)."""
    finished = order.status in (OrderStatus.SHIPPED, OrderStatus.INSPECTED, OrderStatus.CLOSED)
    for stage in order.stages:
        days = (stage.planned_finish - stage.planned_start).days + 1
        daily = stage.planned_qty / max(days, 1)
        first = max(stage.planned_start, today - timedelta(days=14))
        day, done = stage.planned_start, 0
        while (
            day <= min(today, stage.planned_finish + timedelta(days=10))
            and done < stage.planned_qty
        ):
            if day.weekday() != 6 and (finished or day >= first):
                good = min(int(daily * (pace if not finished else 1.0) * rng.uniform(0.85, 1.15)),
                           stage.planned_qty - done)  # fmt: skip
                if finished and day >= stage.planned_finish:
                    good = stage.planned_qty - done
                if good > 0:
                    db.session.add(CheckIn(
                        client_uuid=uuid.uuid4(), order_id=order.id, stage_id=stage.id,
                        work_date=day, good_qty=good, rework_qty=int(good * rng.uniform(0, 0.04)),
                        scrap_qty=int(good * rng.uniform(0, 0.01)), note="",
                        created_by_id=order.follower_id,
                    ))  # fmt: skip
                    done += good
            day += timedelta(days=1)
    db.session.flush()
