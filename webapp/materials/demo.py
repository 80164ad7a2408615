"""Demo suppliers and material POs in every state, linked to the demo orders."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.materials import services
from webapp.materials.models import Currency, InspectionOutcome, MaterialPOStatus
from webapp.orders.models import Order

S = MaterialPOStatus

SUPPLIERS = [
    ("JXFZ", "绍兴锦绣纺织有限公司 Shaoxing Jinxiu Textiles", "陈经理 Chen 137 5851 0266"),
    ("HXFL", "义乌宏信服装辅料厂 Yiwu Hongxin Garment Trims", "吴小姐 Ms Wu 159 5792 3308"),
    ("DLWJ", "东莞德隆五金制品有限公司 Dongguan Delong Hardware", "梁先生 Liang 136 2269 4471"),
    ("HZMY", "湖州明远木业有限公司 Huzhou Mingyuan Timber", "沈经理 Shen 139 5720 1185"),
]

# (supplier, number, item, spec, qty, unit, price, currency, promised in days, status,
#  received qty, inspection result, inspection note, styles of the orders it feeds)
POS = [
    ("JXFZ", "JX-26-0411", "CVC 珠地布 CVC pique", "60/40, 220 g, 藏青 navy", 5200, "m", "21.80", "CNY", -1, "confirmed", None, None, "", ["HA-5521"]),
    ("JXFZ", "JX-26-0415", "粘胶平纹布 Viscose plain", "100% viscose, 120 g", 3800, "m", "16.50", "CNY", 1, "ordered", None, None, "", ["HA-5530"]),
    ("JXFZ", "JX-26-0420", "法国毛圈布 French terry", "280 g, 灰 grey marl", 2900, "m", "24.00", "CNY", 0, "confirmed", None, None, "", ["HA-5534"]),
    ("JXFZ", "JX-26-0388", "涤棉府绸 TC poplin", "65/35, 133×72", 2600, "m", "12.90", "CNY", -9, "in_warehouse", 2600, "accepted", "", ["YP-8801"]),
    ("JXFZ", "JX-26-0402", "抓绒 Polar fleece", "300 g, 黑 black", 3600, "m", "19.20", "CNY", -4, "received", 3240, None, "", ["HA-5550"]),
    ("HXFL", "HX-7710", "树脂纽扣 Resin buttons", "18L, 4 孔 4-hole", 24000, "pcs", "0.0850", "CNY", -6, "shipped", None, None, "", ["HA-5521", "YP-8815"]),
    ("HXFL", "HX-7716", "YKK 拉链 YKK zipper #5", "60 cm, 双头 two-way", 1500, "pcs", "3.4500", "CNY", 6, "ordered", None, None, "", ["HA-5545"]),
    ("HXFL", "HX-7702", "主唛 Woven main labels", "Hanseatic, 5×2 cm", 12000, "pcs", "0.1200", "CNY", -12, "inspected", 12000, "rejected", "字体错误，颜色偏差 wrong font and colour", ["HA-5530", "HA-5534"]),
    ("HXFL", "HX-7698", "胶袋 Polybags", "30×40 cm, 自粘 self-seal", 8000, "pcs", "0.1800", "CNY", -15, "in_warehouse", 8000, "accepted", "", ["YP-8810"]),
    ("HXFL", "HX-7721", "吊牌 Hang tags", "350 g 铜版纸 art card", 6000, "pcs", "0.2500", "CNY", 9, "cancelled", None, None, "", ["YP-8812"]),
    ("DLWJ", "DL-3305", "层板托 Shelf supports", "5 mm 镀镍 nickel", 6000, "pcs", "0.0600", "USD", -2, "shipped", None, None, "", ["NH-2411"]),
    ("DLWJ", "DL-3310", "M6 连接件 M6 connector bolts", "带预埋螺母 with barrel nuts", 9600, "sets", "0.1150", "USD", 1, "confirmed", None, None, "", ["NH-2407", "NH-2420"]),
    ("DLWJ", "DL-3290", "铰链 Hinges", "35 mm 阻尼 soft close", 1800, "pcs", "0.9500", "USD", -8, "inspected", 1800, "accepted", "", ["NH-2420"]),
    ("HZMY", "MY-1108", "橡木板材 Oak boards", "FAS 级, 25 mm", 42, "m", "860.0000", "CNY", -3, "received", 42, None, "", ["NH-2407"]),
    ("HZMY", "MY-1112", "桦木胶合板 Birch plywood", "18 mm, BB/BB", 300, "pcs", "11.5000", "EUR", 14, "ordered", None, None, "", ["NH-2425"]),
]  # fmt: skip

ORDER = [S.CONFIRMED, S.SHIPPED, S.RECEIVED, S.INSPECTED, S.IN_WAREHOUSE]


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).replace(tzinfo=UTC)


def load(today: date) -> None:
    """Add suppliers and ~15 POs (called by webapp.demo after the orders)."""
    follower = db.session.scalar(
        sa.select(User).where(User.role == Role.FOLLOWER).order_by(User.id)
    )
    supervisor = db.session.scalar(sa.select(User).where(User.role == Role.SUPERVISOR))
    suppliers = {
        code: services.create_supplier(
            {"code": code, "name": name, "contact": contact, "active": True}, by=supervisor
        )
        for code, name, contact in SUPPLIERS
    }
    orders = {o.style: o for o in db.session.scalars(sa.select(Order))}
    for row in POS:
        (
            code,
            number,
            item,
            spec,
            qty,
            unit,
            price,
            currency,
            days,
            status,
            received,
            result,
            note,
            styles,
        ) = row
        promised = today + timedelta(days=days)
        order_ids = [orders[s].id for s in styles if s in orders]
        owner = (
            orders[styles[0]].follower
            if styles[0] in orders and orders[styles[0]].follower
            else follower
        )
        po, _ = services.create_po(
            {"number": number, "supplier_id": suppliers[code].id, "item": item, "spec": spec,
             "quantity": qty, "unit": unit, "unit_price": Decimal(price), "currency": Currency(currency),
             "promised_date": promised, "note": ""},
            order_ids, by=owner, client_uuid=uuid.uuid4(),
        )  # fmt: skip
        target = S(status)
        if target is S.CANCELLED:
            services.advance(
                po,
                S.CANCELLED,
                supervisor,
                at=_moment(today - timedelta(days=2), 2),
                note="客户取消款式 style dropped",
            )
            continue
        # Steps dated backwards from the promised date: receipt on the day, a day late when short.
        step_days = {
            S.CONFIRMED: -12,
            S.SHIPPED: -3,
            S.RECEIVED: 0 if received == qty else 1,
            S.INSPECTED: 1,
            S.IN_WAREHOUSE: 2,
        }
        for step in ORDER[: ORDER.index(target) + 1] if target in ORDER else []:
            at = _moment(min(promised + timedelta(days=step_days[step]), today), 3)
            by = supervisor if step is S.IN_WAREHOUSE and result == "rejected" else owner
            services.advance(
                po, step, by, at=at, received_qty=received,
                inspection_result=InspectionOutcome(result) if result else None, inspection_note=note,
            )  # fmt: skip
