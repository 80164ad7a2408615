"""Orders, lines, stage plans and the order lifecycle. Services flush and audit; views commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    Stage,
    StageTemplate,
    StageTemplateStep,
)

ORDER_FIELDS = (
    "customer_id", "factory_id", "follower_id", "po_number", "style", "product_name", "spec",
    "product_type", "quantity", "unit", "packaging", "due_date", "priority", "notes",
)  # fmt: skip
STAGE_FIELDS = ("name", "name_en", "planned_qty", "planned_start", "planned_finish")

S = OrderStatus
# Which roles may move an order from one status to the next (the order review is the supervisor's).
TRANSITIONS: dict[tuple[OrderStatus, OrderStatus], frozenset[Role]] = {
    (S.RECEIVED, S.CONFIRMED): frozenset({Role.SUPERVISOR, Role.ADMIN}),
    (S.CONFIRMED, S.IN_PRODUCTION): frozenset({Role.FOLLOWER, Role.SUPERVISOR, Role.ADMIN}),
    (S.IN_PRODUCTION, S.INSPECTED): frozenset({Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN}),
    (S.INSPECTED, S.SHIPPED): frozenset({Role.FOLLOWER, Role.SUPERVISOR, Role.ADMIN}),
    (S.SHIPPED, S.CLOSED): frozenset({Role.SUPERVISOR, Role.ADMIN}),
    **{
        (s, S.CANCELLED): frozenset({Role.SUPERVISOR, Role.ADMIN})
        for s in (S.RECEIVED, S.CONFIRMED, S.IN_PRODUCTION, S.INSPECTED)
    },
}


class OrderRuleBroken(ValueError):
    """An order rule was broken; `code` says which (views translate it)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class LineData:
    sku: str
    colour: str
    size: str
    quantity: int


def check_lines(quantity: int, lines: list[LineData]) -> None:
    """Lines are optional; when given they must add up to the order quantity."""
    if lines and sum(line.quantity for line in lines) != quantity:
        raise OrderRuleBroken(
            "lines_sum", total=sum(line.quantity for line in lines), quantity=quantity
        )


def _set_lines(order: Order, lines: list[LineData]) -> None:
    order.lines.clear()
    db.session.flush()
    for position, line in enumerate(lines):
        order.lines.append(
            OrderLine(position=position, sku=line.sku, colour=line.colour, size=line.size,
                      quantity=line.quantity)
        )  # fmt: skip


def _lines_snapshot(order: Order) -> list[str]:
    return [f"{ln.sku}|{ln.colour}|{ln.size}|{ln.quantity}" for ln in order.lines]


def create_order(data: dict[str, Any], lines: list[LineData], *, by: User) -> Order:
    """Create an order in status received."""
    check_lines(data["quantity"], lines)
    order = Order(**data, created_by_id=by.id, status=OrderStatus.RECEIVED)
    db.session.add(order)
    db.session.flush()
    _set_lines(order, lines)
    entry = audit.created(by, order, (*ORDER_FIELDS, "status"))
    entry.changes = {**entry.changes, "lines": [None, _lines_snapshot(order)]}
    return order


def update_order(order: Order, data: dict[str, Any], lines: list[LineData], *, by: User) -> Order:
    """Change an order's fields and lines; audited field by field."""
    check_lines(data.get("quantity", order.quantity), lines)
    before = {**audit.snapshot(order, ORDER_FIELDS), "lines": _lines_snapshot(order)}
    for key, value in data.items():
        if key not in ORDER_FIELDS:
            raise TypeError(f"not an editable order field: {key}")
        setattr(order, key, value)
    _set_lines(order, lines)
    db.session.flush()
    after = {**audit.snapshot(order, ORDER_FIELDS), "lines": _lines_snapshot(order)}
    if changes := audit.diff(before, after):
        audit.record(by, "update", order, changes)
    return order


def set_due_date(order: Order, new_due: date, *, by: User, because: str = "") -> Order:
    """Move the order's due date (交期), audited with what decided it (e.g. an approval)."""
    if new_due == order.due_date:
        return order
    before = order.due_date
    order.due_date = new_due
    db.session.flush()
    changes: dict[str, list[Any]] = {"due_date": [before.isoformat(), new_due.isoformat()]}
    if because:
        changes["because"] = [None, because]
    audit.record(by, "due_date", order, changes)
    return order


def allowed_transitions(order: Order, user: User) -> list[OrderStatus]:
    """The statuses this user may move the order to now."""
    return [
        to
        for (frm, to), roles in TRANSITIONS.items()
        if frm is order.status and user.role in roles and _may_touch(order, user)
    ]


def _may_touch(order: Order, user: User) -> bool:
    return user.role is not Role.FOLLOWER or order.follower_id == user.id


def change_status(order: Order, to: OrderStatus, *, by: User, comment: str = "") -> Order:
    """Move the order along its lifecycle; refuses what the role or the state does not allow."""
    roles = TRANSITIONS.get((order.status, to))
    if roles is None:
        raise OrderRuleBroken("bad_transition", frm=order.status.value, to=to.value)
    if by.role not in roles or not _may_touch(order, by):
        raise OrderRuleBroken("transition_not_allowed", to=to.value)
    if to is S.IN_PRODUCTION:
        from webapp.samples.rules import bulk_start_blocked

        if bulk_start_blocked(order):
            raise OrderRuleBroken("pp_sample_not_approved")
    before = order.status
    order.status = to
    changes: dict[str, list[Any]] = {"status": [before.value, to.value]}
    if comment:
        changes["comment"] = [None, comment]
    audit.record(by, "status", order, changes)
    return order


# --- stage plans ------------------------------------------------------------------------


def spread_plan(
    steps: list[StageTemplateStep], quantity: int, start: date, finish: date
) -> list[dict[str, Any]]:
    """Stage rows from a template: the days from start to finish shared out by step weight.

    Consecutive stages overlap by design (sewing starts while cutting still runs): each stage
    starts when the previous one is a third done, which is how the floor actually works."""
    days = max((finish - start).days + 1, len(steps))
    total_weight = sum(max(step.weight, 1) for step in steps) or 1
    rows = []
    cursor = 0.0
    for step in steps:
        length = days * max(step.weight, 1) / total_weight
        s = start + timedelta(days=int(cursor))
        f = start + timedelta(days=max(int(cursor + length) - 1, int(cursor)))
        rows.append(
            {"name": step.name, "name_en": step.name_en, "planned_qty": quantity,
             "planned_start": s, "planned_finish": min(f, finish)}
        )  # fmt: skip
        cursor += length
    # overlap: pull each stage's start back by a third of the previous stage's length
    for previous, row in pairwise(rows):
        prev_len = (previous["planned_finish"] - previous["planned_start"]).days + 1
        row["planned_start"] = max(
            previous["planned_start"], row["planned_start"] - timedelta(days=prev_len // 3)
        )
    return rows


def apply_template(
    order: Order, template: StageTemplate, start: date, *, by: User, finish: date | None = None
) -> list[Stage]:
    """Replace an order without check-ins by a plan started from a template."""
    _refuse_if_checked_in(order)
    finish = finish or order.due_date - timedelta(days=3)
    if finish < start:
        raise OrderRuleBroken("plan_dates")
    rows = spread_plan(list(template.steps), order.quantity, start, finish)
    return replace_stages(order, rows, by=by)


def _refuse_if_checked_in(order: Order) -> None:
    from webapp.progress.models import CheckIn

    if db.session.scalar(sa.select(CheckIn.id).where(CheckIn.order_id == order.id).limit(1)):
        raise OrderRuleBroken("plan_has_checkins")


def replace_stages(order: Order, rows: list[dict[str, Any]], *, by: User) -> list[Stage]:
    """Set the whole stage plan (before any check-in)."""
    _refuse_if_checked_in(order)
    for row in rows:
        if row["planned_finish"] < row["planned_start"]:
            raise OrderRuleBroken("plan_dates")
    before = [audit.snapshot(s, STAGE_FIELDS) for s in order.stages]
    order.stages.clear()
    db.session.flush()
    for position, row in enumerate(rows):
        order.stages.append(Stage(position=position, **row))
    db.session.flush()
    after = [audit.snapshot(s, STAGE_FIELDS) for s in order.stages]
    audit.record(by, "plan", order, {"stages": [before, after]})
    return list(order.stages)


def update_stage(stage: Stage, data: dict[str, Any], *, by: User) -> Stage:
    """Re-plan one stage (quantities and dates may change after check-ins; names too)."""
    if data["planned_finish"] < data["planned_start"]:
        raise OrderRuleBroken("plan_dates")
    before = audit.snapshot(stage, STAGE_FIELDS)
    for key in STAGE_FIELDS:
        if key in data:
            setattr(stage, key, data[key])
    if changes := audit.diff(before, audit.snapshot(stage, STAGE_FIELDS)):
        audit.record(by, "update", stage, changes)
    return stage
