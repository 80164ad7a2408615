"""Demo approval requests of every kind: some waiting, one questioned, some decided."""

from __future__ import annotations

import uuid
from datetime import timedelta
from io import BytesIO

import sqlalchemy as sa

from webapp.approvals import services
from webapp.approvals.models import ApprovalRequest
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.models_base import utcnow


def _photo(colour: tuple[int, int, int], mark: tuple[int, int, int]) -> bytes:
    """A fabric-like photo with a defect mark, made in memory."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 900), colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, 1200, 24):  # weave lines
        draw.line([(x, 0), (x, 900)], fill=tuple(max(c - 18, 0) for c in colour), width=3)
    draw.ellipse([520, 360, 700, 520], outline=mark, width=14)
    draw.line([(560, 420), (660, 470)], fill=mark, width=10)
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _inspection(order, inspector, defects, notes=""):
    from webapp.inspections import services as inspections
    from webapp.inspections.models import DefectClass, DefectType, InspectionType

    types = {t.code: t for t in db.session.scalars(sa.select(DefectType))}
    inspection, _ = inspections.start_inspection(
        order=order, by=inspector, client_uuid=uuid.uuid4(), inspection_type=InspectionType.FRI,
        lot_size=order.quantity, level="II", aqls={"critical": "0", "major": "2.5", "minor": "4.0"},
        severity="normal",
    )  # fmt: skip
    checklist = {item: ("pass", "") for item in inspections.CHECKLIST[inspection.type]}
    for code, cls, count, photos in defects:
        inspections.add_defect(
            inspection=inspection, by=inspector, client_uuid=uuid.uuid4(),
            defect_type=types[code], defect_class=DefectClass(cls), count=count, photos=photos,
        )  # fmt: skip
        if code == "X-MARK":
            checklist["carton_marks"] = ("fail", "箱唛款号印错 wrong style on carton")
    inspections.save_checklist(inspection, checklist, by=inspector)
    inspections.submit(inspection, by=inspector, notes=notes)
    return inspection


def _aged(req: ApprovalRequest, hours: float) -> None:
    req.created_at = utcnow() - timedelta(hours=hours)


def load() -> None:
    """Add the demo requests (called by webapp.demo.load, after orders, delays, materials)."""
    from webapp.delays.approval_kinds import request_decision
    from webapp.delays.models import Delay, DelayStatus
    from webapp.inspections.approval_kinds import request_concession
    from webapp.materials import approval_kinds as material_kinds
    from webapp.materials.models import InspectionOutcome, MaterialPO, MaterialPOStatus
    from webapp.orders.approval_kinds import request_change
    from webapp.orders.models import Order

    users = {u.username: u for u in db.session.scalars(sa.select(User))}
    boss = users.get("wangmin") or db.session.scalar(
        sa.select(User).where(User.role == Role.SUPERVISOR)
    )
    inspector = users.get("chenjie") or db.session.scalar(
        sa.select(User).where(User.role == Role.INSPECTOR)
    )
    orders = {o.style: o for o in db.session.scalars(sa.select(Order))}

    def follower_of(style):
        return db.session.get(User, orders[style].follower_id)

    # Inspection sign-offs: two clean lots (routine, batchable) and one rejected with photos.
    for style, hours in (("YP-8815", 30), ("NH-2407", 20)):
        ins = _inspection(orders[style], inspector, [], notes="外观、尺寸、包装均合格")
        _aged(services.open_request("inspection_signoff", ins.id), hours)
    rejected = _inspection(
        orders["HA-5521"], inspector,
        [("G-SEAM", "major", 6, [_photo((40, 60, 120), (250, 230, 40)),
                                 _photo((42, 64, 126), (250, 80, 40))]),
         ("G-STAIN", "major", 3, [_photo((235, 235, 228), (120, 90, 60))]),
         ("G-THREAD", "minor", 5, [])],
        notes="侧缝爆线集中在 L 码 / open seams mostly in size L",
    )  # fmt: skip
    _aged(services.open_request("inspection_signoff", rejected.id), 6)
    # A rejected lot with a concession asked by the follower, and one already granted.
    shade = _inspection(orders["HA-5550"], inspector, [("G-SHADE", "major", 10, [
        _photo((150, 30, 40), (255, 255, 255))])])  # fmt: skip
    services.decide(services.open_request("inspection_signoff", shade.id), by=boss,
                    approve=True, comment="判定无误")  # fmt: skip
    concession = request_concession(shade, by=follower_of("HA-5550"),
                                    reason="客户邮件同意轻微色差，降价 3% 接收 / customer accepts "
                                    "the slight shade with a 3% discount")  # fmt: skip
    _aged(concession, 3)

    # The escalated delay waits for the supervisor's decision.
    for delay in db.session.scalars(sa.select(Delay).where(Delay.status == DelayStatus.ESCALATED)):
        _aged(request_decision(delay, db.session.get(User, delay.created_by_id)), 60)

    # Due-date changes: one waiting, one questioned, one approved, one rejected.
    today = orders["NH-2411"].due_date
    pending = request_change(orders["NH-2411"], by=follower_of("NH-2411"),
                             new_due=today + timedelta(days=6),
                             reason="开料锯维修 3 天，白茬工序落后 / saw repair, white body behind")  # fmt: skip
    _aged(pending, 8)
    asked = request_change(orders["HA-5534"], by=follower_of("HA-5534"),
                           new_due=orders["HA-5534"].due_date + timedelta(days=4),
                           reason="面料短码补货 / fabric shortfall re-delivery")  # fmt: skip
    services.ask_info(asked, by=boss, question="补货的面料哪天到厂？有供应商确认吗？")
    approved = request_change(orders["YP-8810"], by=follower_of("YP-8810"),
                              new_due=orders["YP-8810"].due_date + timedelta(days=3),
                              reason="客户追加 200 件 / customer added 200 pcs")  # fmt: skip
    services.decide(approved, by=boss, approve=True, comment="客户已书面确认 confirmed in writing")
    refused = request_change(orders["HA-5530"], by=follower_of("HA-5530"),
                             new_due=orders["HA-5530"].due_date + timedelta(days=5),
                             reason="车缝慢 / sewing slow")  # fmt: skip
    services.decide(refused, by=boss, approve=False,
                    comment="船期已订，不能推迟；安排周六加班 / vessel booked: overtime on Saturday")  # fmt: skip

    # The rejected labels at incoming inspection: the follower asks for a concession.
    po = db.session.scalar(
        sa.select(MaterialPO).where(
            MaterialPO.status == MaterialPOStatus.INSPECTED,
            MaterialPO.inspection_result == InspectionOutcome.REJECTED,
        )
    )
    if po is not None:
        owner = po.created_by or follower_of(po.orders[0].style)
        if owner.role is not Role.FOLLOWER and po.orders:
            owner = follower_of(po.orders[0].style)
        req = material_kinds.request_concession(
            po, by=owner, reason="颜色偏差在客户样卡范围内，字体问题可返工 / colour within the "
            "customer's card, font can be reworked",
        )  # fmt: skip
        _aged(req, 12)
    db.session.flush()
