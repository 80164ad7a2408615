"""Demo samples in every step: due this week, overdue, waiting for the customer, approved,
rejected with a second round, for orders and for a style before its order."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.orders.models import Customer, Order
from webapp.samples import services
from webapp.samples.models import SampleMaker, SampleStatus, SampleType

S = SampleStatus
T = SampleType

# (style, type, requested days ago, due in days, made by, spec, steps: the statuses it reached,
#  sent days ago, courier, tracking, comment of the customer)
SAMPLES = [
    ("NH-2415", T.PRE_PRODUCTION, 12, 3, SampleMaker.FACTORY, "胡桃木色 walnut finish, 按 NH-2415 图纸 rev.C",
     [S.IN_MAKING], None, "", "", ""),
    ("YP-8806", T.PRE_PRODUCTION, 20, -6, SampleMaker.FACTORY, "90% 白鸭绒, 充绒量 120 g",
     [S.IN_MAKING, S.READY, S.SENT, S.APPROVED], 9, "顺丰 SF Express", "SF1402886602", ""),
    ("HA-5540", T.LAB_DIP, 10, -2, SampleMaker.SAMPLE_ROOM, "Pantone 19-4052 TCX Classic Blue, A/B/C 三个色位",
     [S.IN_MAKING], None, "", "", ""),
    ("HA-5540", T.FIT, 8, 2, SampleMaker.SAMPLE_ROOM, "Size M, 按 HA spec sheet v2",
     [], None, "", "", ""),
    ("YP-8812", T.PRE_PRODUCTION, 18, -8, SampleMaker.FACTORY, "速干面料, 侧缝反光条",
     [S.IN_MAKING, S.READY, S.SENT], 8, "DHL", "4471 9920 31", ""),
    ("NH-2425", T.DEVELOPMENT, 15, -3, SampleMaker.FACTORY, "桦木多层板 birch ply, 哑光清漆",
     [S.IN_MAKING, S.READY, S.SENT, S.REJECTED], 6, "FedEx", "7781 2290 4416",
     "边缘封边不平, 颜色偏黄 edge banding uneven, colour too yellow"),
    ("HA-5534", T.SHIPPING, 6, 1, SampleMaker.FACTORY, "大货样 3 件, 随货样 shipping samples",
     [S.IN_MAKING, S.READY], None, "", "", ""),
    ("HA-5530", T.PRE_PRODUCTION, 30, -14, SampleMaker.FACTORY, "100% viscose, 主唛更正后",
     [S.IN_MAKING, S.READY, S.SENT, S.APPROVED_WITH_COMMENTS], 16, "UPS", "1Z 999 AA1 0123 4567",
     "大货注意领口止口 0.1 cm; 其他 OK. Watch the collar edge stitching in bulk."),
    ("YP-8815", T.FIT, 9, 4, SampleMaker.SAMPLE_ROOM, "珠地网眼, M 码",
     [S.IN_MAKING, S.READY, S.SENT], 2, "顺丰 SF Express", "SF1402889931", ""),
]  # fmt: skip


def load(today: date) -> None:
    """Add the demo samples (called by webapp.demo)."""
    orders = {o.style: o for o in db.session.scalars(sa.select(Order))}
    supervisor = db.session.scalar(sa.select(User).where(User.role == Role.SUPERVISOR))
    for row in SAMPLES:
        style, kind, asked, due_in, maker, spec, steps, sent_ago, courier, tracking, comment = row
        order = orders.get(style)
        if order is None:
            continue
        by = order.follower or supervisor
        sample, _ = services.create_sample(
            {"type": kind, "quantity": 3 if kind is T.SHIPPING else 2,
             "requested_date": today - timedelta(days=asked),
             "due_date": today + timedelta(days=due_in), "maker": maker, "spec": spec},
            by=by, order=order, client_uuid=uuid.uuid4(),
        )  # fmt: skip
        for step in steps:
            if step in (S.IN_MAKING, S.READY):
                services.advance(sample, step, by=by)
            elif step is S.SENT:
                services.advance(sample, S.SENT, by=by, courier=courier, tracking_no=tracking,
                                 sent_on=today - timedelta(days=sent_ago), today=today)  # fmt: skip
            else:
                services.record_result(
                    sample, step, by=by, comment=comment,
                    answered_on=today - timedelta(days=max(sent_ago - 3, 0)), today=today,
                )  # fmt: skip
        if sample.status is S.REJECTED:
            second, _ = services.open_next_round(
                sample, by=by, client_uuid=uuid.uuid4(), due_date=today + timedelta(days=5),
                requested_date=today - timedelta(days=1),
                spec=sample.spec + "; 封边重做, 颜色按 A 色板 re-do edges, colour to board A",
            )  # fmt: skip
            services.advance(second, S.IN_MAKING, by=by)
    # A style sample before its order exists: a new customer's development sample.
    customer = db.session.scalar(sa.select(Customer).where(Customer.code == "SHYP"))
    follower = db.session.scalar(
        sa.select(User).where(User.role == Role.FOLLOWER).order_by(User.id)
    )
    if customer and follower:
        services.create_sample(
            {"type": T.DEVELOPMENT, "quantity": 2, "requested_date": today - timedelta(days=2),
             "due_date": today + timedelta(days=6), "maker": SampleMaker.SAMPLE_ROOM,
             "customer_id": customer.id, "style": "YP-8830",
             "spec": "连帽冲锋衣 hooded shell jacket, 三层压胶"},
            by=follower, client_uuid=uuid.uuid4(),
        )  # fmt: skip
        cancelled, _ = services.create_sample(
            {"type": T.LAB_DIP, "quantity": 1, "requested_date": today - timedelta(days=9),
             "due_date": today - timedelta(days=1), "maker": SampleMaker.SAMPLE_ROOM,
             "customer_id": customer.id, "style": "YP-8830", "spec": "备选色 alternative colour"},
            by=follower, client_uuid=uuid.uuid4(),
        )  # fmt: skip
        services.cancel(cancelled, by=follower, reason="客户取消该色 customer dropped the colour")
