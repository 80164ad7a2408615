"""Supplier performance and follow-up urgency of material POs: pure maths, no Flask, no database.

Functions take any object with the attributes of a MaterialPO (status, quantity, promised_date,
received_qty, inspection_result) plus `received_on`, the local date the goods arrived (the
caller converts the UTC timestamp into the factory's zone). Statuses and results may be enum
members or their string values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

NOT_YET_SHIPPED = frozenset({"ordered", "confirmed"})
NOT_YET_RECEIVED = frozenset({"ordered", "confirmed", "shipped"})
# Statuses at which the goods have arrived (received and every later step).
RECEIVED = frozenset({"received", "inspected", "in_warehouse"})


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def _status(po: Any) -> str:
    return _value(po.status)


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def was_received(po: Any) -> bool:
    """True once the goods arrived, whatever happened after."""
    return po.received_qty is not None and (_status(po) in RECEIVED or _status(po) == "cancelled")


def on_time_rate(pos: Iterable[Any]) -> float | None:
    """Received on or before the promised date / received; None when nothing was received."""
    received = [po for po in pos if was_received(po) and po.received_on is not None]
    on_time = sum(1 for po in received if po.received_on <= po.promised_date)
    return _rate(on_time, len(received))


def right_quantity_rate(pos: Iterable[Any]) -> float | None:
    """Received exactly the ordered quantity / received."""
    received = [po for po in pos if was_received(po)]
    return _rate(sum(1 for po in received if po.received_qty == po.quantity), len(received))


def rejection_rate(pos: Iterable[Any]) -> float | None:
    """Rejected at incoming inspection / inspected."""
    inspected = [po for po in pos if _value(po.inspection_result) in ("accepted", "rejected")]
    rejected = sum(1 for po in inspected if _value(po.inspection_result) == "rejected")
    return _rate(rejected, len(inspected))


@dataclass(frozen=True)
class SupplierMetrics:
    """The three supplier rates (None = no data yet) and the counts behind them."""

    pos: int
    received: int
    inspected: int
    on_time_rate: float | None
    right_quantity_rate: float | None
    rejection_rate: float | None


def by_supplier(pos: Iterable[Any]) -> dict[int, SupplierMetrics]:
    """The metrics of every supplier_id that has POs."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for po in pos:
        groups[po.supplier_id].append(po)
    return {
        supplier_id: SupplierMetrics(
            pos=len(group),
            received=sum(1 for po in group if was_received(po)),
            inspected=sum(1 for po in group if po.inspection_result is not None),
            on_time_rate=on_time_rate(group),
            right_quantity_rate=right_quantity_rate(group),
            rejection_rate=rejection_rate(group),
        )
        for supplier_id, group in groups.items()
    }


def is_overdue(po: Any, today: date) -> bool:
    """Not yet received and the promised date has passed."""
    return _status(po) in NOT_YET_RECEIVED and po.promised_date < today


def is_due_soon(po: Any, now: datetime) -> bool:
    """Not yet shipped and promised within the next 24 hours: time for the pre-delivery call.

    `now` is local to the factory; the promised date counts as due from its first hour, so a
    PO promised today or on the date 24 hours from now is due soon."""
    if _status(po) not in NOT_YET_SHIPPED:
        return False
    return now.date() <= po.promised_date <= (now + timedelta(hours=24)).date()


def shortfall(po: Any) -> int | None:
    """Ordered minus received (negative = more came than ordered); None before receipt."""
    if po.received_qty is None:
        return None
    return po.quantity - po.received_qty


def is_short(po: Any) -> bool:
    """Received less than ordered."""
    missing = shortfall(po)
    return missing is not None and missing > 0


def is_rejected(po: Any) -> bool:
    """Rejected at incoming inspection."""
    return _value(po.inspection_result) == "rejected"
