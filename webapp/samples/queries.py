"""Reading samples: the follower's follow-up lists, an order's rounds, overdue samples."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.orders.models import Order
from webapp.samples.models import Sample, SampleStatus

IN_OUR_HANDS = (SampleStatus.REQUESTED, SampleStatus.IN_MAKING, SampleStatus.READY)


def visible(user) -> sa.Select:
    """Samples the user may see: all for supervisors, admins and inspectors; a follower's own."""
    query = sa.select(Sample).options(so.joinedload(Sample.order), so.joinedload(Sample.customer))
    if user.can_see_all_orders():
        return query
    return query.outerjoin(Order, Order.id == Sample.order_id).where(
        sa.or_(
            Order.follower_id == user.id,
            sa.and_(Sample.order_id.is_(None), Sample.created_by_id == user.id),
        )
    )


def for_order(order_id: int) -> list[Sample]:
    """An order's sample rounds, by type and round."""
    return list(
        db.session.scalars(
            sa.select(Sample)
            .where(Sample.order_id == order_id)
            .order_by(Sample.type, Sample.round_no, Sample.id)
            .options(so.selectinload(Sample.photos))
        )
    )


def is_overdue(sample: Sample, today: date) -> bool:
    """Not sent yet and past the date it was due to go out."""
    return sample.status.in_our_hands and sample.due_date < today


def waiting_days(sample: Sample, today: date) -> int | None:
    """Days since a sent round went out without an answer."""
    if sample.status is not SampleStatus.SENT or sample.sent_on is None:
        return None
    return (today - sample.sent_on).days


@dataclass
class FollowUp:
    due_this_week: list[Sample] = field(default_factory=list)
    waiting: list[Sample] = field(default_factory=list)
    rejected: list[Sample] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.due_this_week) + len(self.waiting) + len(self.rejected)


def follow_up(user, today: date, chase_days: int) -> FollowUp:
    """Due within seven days (overdue first), waiting for the customer's answer longer than
    `chase_days`, and rejections that have no next round yet."""
    base = visible(user)
    due = db.session.scalars(
        base.where(Sample.status.in_(IN_OUR_HANDS), Sample.due_date <= today + timedelta(days=7))
        .order_by(Sample.due_date, Sample.id)
    )  # fmt: skip
    waiting = db.session.scalars(
        base.where(Sample.status == SampleStatus.SENT,
                   Sample.sent_on <= today - timedelta(days=chase_days))
        .order_by(Sample.sent_on, Sample.id)
    )  # fmt: skip
    nxt = so.aliased(Sample)
    rejected = db.session.scalars(
        base.where(
            Sample.status == SampleStatus.REJECTED,
            ~sa.exists().where(nxt.previous_id == Sample.id),
        ).order_by(Sample.answered_on, Sample.id)
    )
    return FollowUp(list(due.unique()), list(waiting.unique()), list(rejected.unique()))


def overdue_by_order(order_ids: Iterable[int], today: date) -> dict[int, list[Sample]]:
    """Overdue samples (not sent, past due) per order, in one query."""
    ids = list(order_ids)
    result: dict[int, list[Sample]] = defaultdict(list)
    if not ids:
        return result
    rows = db.session.scalars(
        sa.select(Sample)
        .where(Sample.order_id.in_(ids), Sample.status.in_(IN_OUR_HANDS), Sample.due_date < today)
        .order_by(Sample.due_date)
    )
    for sample in rows:
        result[sample.order_id].append(sample)
    return result


def search(user, text: str = "", status: str = "open", limit: int = 300) -> list[Sample]:
    """The sample list: by order number, style, PO number or customer, open ones first."""
    query = visible(user)
    if status == "open":
        query = query.where(Sample.status.in_((*IN_OUR_HANDS, SampleStatus.SENT)))
    elif status in {s.value for s in SampleStatus}:
        query = query.where(Sample.status == SampleStatus(status))
    if text := text.strip():
        like = f"%{text.lower()}%"
        from webapp.orders.models import Customer

        query = query.where(
            sa.or_(
                sa.func.lower(Sample.style).like(like),
                Sample.customer_id.in_(
                    sa.select(Customer.id).where(sa.func.lower(Customer.name).like(like))
                ),
                Sample.order_id.in_(
                    sa.select(Order.id).where(sa.func.lower(Order.po_number).like(like))
                ),
            )
        )
    query = query.order_by(Sample.due_date, Sample.id).limit(limit)
    return list(db.session.scalars(query).unique())
