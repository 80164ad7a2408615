"""Reading approval requests: the supervisor's queue, the badge, a requester's own requests."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.approvals import registry
from webapp.approvals.models import OPEN_STATUSES, ApprovalRequest, ApprovalStatus
from webapp.extensions import db


def _loaded(query: sa.Select) -> sa.Select:
    return query.options(
        so.selectinload(ApprovalRequest.requested_by),
        so.selectinload(ApprovalRequest.decided_by),
        so.selectinload(ApprovalRequest.order),
        so.selectinload(ApprovalRequest.messages),
    )


def _ready(req: ApprovalRequest) -> bool:
    kind = registry.find(req.kind)
    return kind is not None and kind.ready(req)


def queue(user, *, kind: str | None = None) -> list[ApprovalRequest]:
    """Open requests ready to decide, oldest first; empty for users who do not decide."""
    if not user.can_decide_approvals():
        return []
    query = sa.select(ApprovalRequest).where(ApprovalRequest.status.in_(OPEN_STATUSES))
    if kind:
        query = query.where(ApprovalRequest.kind == kind)
    query = query.order_by(ApprovalRequest.created_at, ApprovalRequest.id)
    return [req for req in db.session.scalars(_loaded(query)) if _ready(req)]


def pending_count(user) -> int:
    """Requests waiting for this user's decision (held and questioned ones not counted)."""
    if not user.can_decide_approvals():
        return 0
    query = sa.select(ApprovalRequest).where(ApprovalRequest.status == ApprovalStatus.PENDING)
    return sum(1 for req in db.session.scalars(query) if _ready(req))


def mine(user) -> list[ApprovalRequest]:
    """The requests this user raised, newest first, with their decisions."""
    query = (
        sa.select(ApprovalRequest)
        .where(ApprovalRequest.requested_by_id == user.id)
        .order_by(ApprovalRequest.created_at.desc(), ApprovalRequest.id.desc())
    )
    return list(db.session.scalars(_loaded(query)))


def for_order(order_id: int) -> list[ApprovalRequest]:
    """Every request about one order, oldest first (for the order story)."""
    query = (
        sa.select(ApprovalRequest)
        .where(ApprovalRequest.order_id == order_id)
        .order_by(ApprovalRequest.created_at, ApprovalRequest.id)
    )
    return list(db.session.scalars(_loaded(query)))
