"""Setting up an order's payment milestones and recording what came in. Services flush + audit."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.payments.models import MilestoneKind, PaymentMilestone
from webapp.sync.idempotency import create_once

FIELDS = ("order_id", "kind", "amount", "currency", "due_date", "due_days", "condition", "note")
COMPARE = ("order_id", "kind", "amount", "currency")
CENT = Decimal("0.01")


class PaymentRefused(ValueError):
    """A payment rule was broken; `code` says which (views translate it)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def _money(value: Any, code: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise PaymentRefused(code)
    if value != value.quantize(CENT):
        raise PaymentRefused("too_many_decimals")
    if abs(value) >= Decimal("1e12"):
        raise PaymentRefused("too_large")
    return value


def _check(data: dict[str, Any]) -> None:
    if not isinstance(data.get("kind"), MilestoneKind):
        raise PaymentRefused("bad_kind")
    if _money(data.get("amount"), "bad_amount") <= 0:
        raise PaymentRefused("bad_amount")
    currency = data.get("currency") or ""
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise PaymentRefused("bad_currency")
    due_days = data.get("due_days")
    if due_days is not None and due_days < 0:
        raise PaymentRefused("bad_due_days")
    if (
        data["kind"] is MilestoneKind.OPEN_ACCOUNT
        and data.get("due_date") is None
        and (due_days is None)
    ):
        raise PaymentRefused("due_required")


def add_milestone(
    order, data: dict[str, Any], *, by: User, client_uuid: uuid.UUID
) -> tuple[PaymentMilestone, bool]:
    """Add one milestone of the order's payment terms; idempotent on the client UUID."""
    data = {**data, "order_id": order.id, "condition": (data.get("condition") or "").strip(),
            "note": (data.get("note") or "").strip()}  # fmt: skip
    data.setdefault("due_date", None)
    data.setdefault("due_days", None)
    _check(data)
    position = db.session.scalar(
        sa.select(sa.func.count(PaymentMilestone.id)).where(PaymentMilestone.order_id == order.id)
    )
    milestone, created = create_once(
        PaymentMilestone, client_uuid,
        {**data, "position": position, "created_by_id": by.id}, COMPARE,
    )  # fmt: skip
    if created:
        audit.created(by, milestone, FIELDS)
    return milestone, created


def record_receipt(
    milestone: PaymentMilestone,
    *,
    amount: Decimal,
    received_on: date,
    by: User,
    today: date,
    note: str = "",
) -> PaymentMilestone:
    """Record the total received so far on a milestone and its date; audited (before, after)."""
    if _money(amount, "bad_amount") < 0:
        raise PaymentRefused("bad_amount")
    if received_on > today:
        raise PaymentRefused("future_date")
    fields = ("received_amount", "received_on")
    before = audit.snapshot(milestone, fields)
    milestone.received_amount = amount
    milestone.received_on = received_on
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(milestone, fields))
    if note := (note or "").strip():
        changes["note"] = [None, note]
    audit.record(by, "received", milestone, changes)
    return milestone


def remove_milestone(milestone: PaymentMilestone, *, by: User) -> None:
    """Remove a milestone entered by mistake (never one with money received)."""
    if milestone.received > 0:
        raise PaymentRefused("has_receipts")
    audit.record(by, "delete", milestone, {f: [v, None] for f, v in
                                           audit.snapshot(milestone, FIELDS).items()})  # fmt: skip
    db.session.delete(milestone)
    db.session.flush()


def milestones(order_id: int) -> list[PaymentMilestone]:
    """The order's milestones in the order of its terms."""
    return list(
        db.session.scalars(
            sa.select(PaymentMilestone)
            .where(PaymentMilestone.order_id == order_id)
            .order_by(PaymentMilestone.position, PaymentMilestone.id)
        )
    )


def balance_outstanding(order) -> Decimal:
    """What must still come in before the goods may leave (deposit and balance milestones).

    Amounts in different currencies are not added up: the figure is per the order's terms, which
    use one currency in practice; a mixed set counts each milestone's own outstanding amount."""
    return sum(
        (m.outstanding for m in milestones(order.id) if m.kind.before_shipment), Decimal("0.00")
    )


def balance_required_before_shipment(order) -> bool:
    """The terms flag: the order's terms ask for the balance before shipment."""
    return any(m.kind is MilestoneKind.BALANCE_BEFORE_SHIPMENT for m in milestones(order.id))
