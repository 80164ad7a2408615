"""The follower's day note and sending it; reassigning an order. Services flush and audit."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.models_base import utcnow
from webapp.orders.models import Order
from webapp.sync.idempotency import create_once
from webapp.team.models import FollowerDay


class TeamRefused(ValueError):
    """A team rule was broken; `code` says which (views translate it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def save_day(
    user: User, day: date, *, note: str, tomorrow_note: str, client_uuid: uuid.UUID,
    send: bool = False,
) -> FollowerDay:  # fmt: skip
    """Write the day's note and "tomorrow"; `send` hands the day to the supervisor (again)."""
    record = db.session.scalar(
        sa.select(FollowerDay).where(FollowerDay.user_id == user.id, FollowerDay.day == day)
    )
    if record is None:
        record, _ = create_once(
            FollowerDay, client_uuid, {"user_id": user.id, "day": day}, ("user_id", "day")
        )
    fields = ("note", "tomorrow_note", "sent_at")
    before = audit.snapshot(record, fields)
    record.note = note.strip()
    record.tomorrow_note = tomorrow_note.strip()
    if send:
        record.sent_at = utcnow()
    db.session.flush()
    if changes := audit.diff(before, audit.snapshot(record, fields)):
        audit.record(user, "sent" if send else "update", record, changes)
    return record


def reassign_order(order: Order, to: User, *, by: User, note: str = "") -> Order:
    """Give an order to another follower (a supervisor's or admin's decision, audited)."""
    if not by.can_manage_orders():
        raise TeamRefused("not_allowed")
    if to.role is not Role.FOLLOWER or not to.active:
        raise TeamRefused("not_a_follower")
    if order.follower_id == to.id:
        raise TeamRefused("same_follower")
    before = order.follower_id
    order.follower_id = to.id
    changes = {"follower_id": [before, to.id]}
    if note := note.strip():
        changes["note"] = [None, note]
    audit.record(by, "reassign", order, changes)
    return order
