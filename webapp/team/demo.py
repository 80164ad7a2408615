"""Demo follower's days: yesterday's note sent to the supervisor, today's still being written."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.team import services


def load(today: date) -> None:
    followers = list(
        db.session.scalars(sa.select(User).where(User.role == Role.FOLLOWER).order_by(User.id))
    )
    notes = [
        ("HA-5521 车缝进度落后, 已与周厂长沟通加开 2 条线. NH-2411 层板托未到, 已催供应商.",
         "上午盯 HA-5521 车缝, 下午去慈溪恒达看 YP-8812 产前样."),
        ("NH-2425 开发样被客户退回 (封边不平), 已安排第二轮, 5 天内寄出.",
         "跟进 HX-7716 拉链交期, 确认 HA-5534 大货样寄出."),
    ]  # fmt: skip
    for user, (note, tomorrow) in zip(followers, notes, strict=False):
        services.save_day(user, today - timedelta(days=1), note=note, tomorrow_note=tomorrow,
                          client_uuid=uuid.uuid4(), send=True)  # fmt: skip
