"""Recording check-ins: every rule of issue #3 lives here. Services flush; the view commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.orders.models import Stage
from webapp.progress.models import CheckIn
from webapp.progress.queries import Totals, add_totals, daily_totals
from webapp.sync.idempotency import ClientUUIDConflict, differences, find, insert_once
from webapp.timeutil import today_in

OVER_PLAN_FACTOR = 1.10  # above 110 % of plan the follower must confirm
MAX_BACKDATE_DAYS = 14
CHECKIN_FIELDS = (
    "stage_id",
    "work_date",
    "good_qty",
    "rework_qty",
    "scrap_qty",
    "note",
    "corrects_id",
)


class CheckInRefused(Exception):
    """The check-in breaks a rule; `code` says which (the view translates it)."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


class NeedsConfirmation(CheckInRefused):
    """The check-in would take the stage above 110 % of plan: ask before saving."""


@dataclass
class CheckInResult:
    checkin: CheckIn
    created: bool
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    # When created: the stage's totals per work date with this check-in counted, so the
    # response can draw the bar without summing the rows again.
    stage_days: dict[date, Totals] | None = None


def _validate(
    stage: Stage, by: User, quantities: tuple[int, int, int], work_date: date, correcting: bool
) -> None:
    order = stage.order
    if not order.status.is_open:
        raise CheckInRefused("order_closed", status=order.status.value)
    if not order.can_check_in(by):
        raise CheckInRefused("not_allowed")
    if any(not isinstance(q, int) or isinstance(q, bool) or q < 0 for q in quantities):
        raise CheckInRefused("negative")
    if sum(quantities) == 0 and not correcting:
        raise CheckInRefused("empty")
    today = today_in(order.factory.timezone)
    if work_date > today:
        raise CheckInRefused("future_date")
    if work_date < today - timedelta(days=MAX_BACKDATE_DAYS):
        raise CheckInRefused("too_old", days=MAX_BACKDATE_DAYS)


def record_checkin(
    *,
    stage: Stage,
    by: User,
    client_uuid: uuid.UUID,
    good_qty: int,
    rework_qty: int = 0,
    scrap_qty: int = 0,
    note: str = "",
    work_date: date | None = None,
    photo_id: int | None = None,
    corrects: CheckIn | None = None,
    confirm_over_plan: bool = False,
) -> CheckInResult:
    """Record output of a stage (or correct an earlier check-in); idempotent on client_uuid."""
    work_date = work_date or (
        corrects.work_date if corrects else today_in(stage.order.factory.timezone)
    )
    values = {
        "order_id": stage.order_id,
        "stage_id": stage.id,
        "work_date": work_date,
        "good_qty": good_qty,
        "rework_qty": rework_qty,
        "scrap_qty": scrap_qty,
        "note": note.strip(),
        "photo_id": photo_id,
        "corrects_id": corrects.id if corrects else None,
        "created_by_id": by.id,
    }
    previous = _previous_stage(stage)
    try:
        _validate(stage, by, (good_qty, rework_qty, scrap_qty), work_date, corrects is not None)
        if corrects is not None:
            if corrects.stage_id != stage.id:
                raise CheckInRefused("wrong_stage")
            already = db.session.scalar(
                sa.select(CheckIn.id).where(CheckIn.corrects_id == corrects.id)
            )
            if already is not None:
                raise CheckInRefused("already_corrected")
        # One query: this stage's totals per day (the 110 % check and the response's bar) and
        # the previous stage's (the warning).
        days_by_stage = daily_totals([stage.id] + ([previous.id] if previous else []))
        days = dict(days_by_stage.get(stage.id, {}))
        current_good = sum(t.good for t in days.values())
        new_total = current_good - (corrects.good_qty if corrects else 0) + good_qty
        if new_total > stage.planned_qty * OVER_PLAN_FACTOR and not confirm_over_plan:
            raise NeedsConfirmation("over_plan", total=new_total, planned=stage.planned_qty)
    except CheckInRefused:
        # A retry of a saved check-in answers with the original even if the order closed since
        # or its own quantity now counts towards the 110 %: only refusals pay for this lookup.
        if (existing := find(CheckIn, client_uuid)) is not None:
            return _replay(existing, values)
        raise

    checkin = insert_once(CheckIn, client_uuid, values)
    if checkin is None:
        # Sent before, or a copy of this request won the race: the unique column decided.
        existing = find(CheckIn, client_uuid)
        if existing is None:  # pragma: no cover - the conflicting row cannot vanish
            raise RuntimeError(f"check-in {client_uuid} conflicted but cannot be read")
        return _replay(existing, values)
    audit.created(by, checkin, CHECKIN_FIELDS)
    if corrects is not None:
        audit.record(by, "corrected", corrects, {"corrected_by": [None, checkin.id]})
        replaced = Totals(corrects.good_qty, corrects.rework_qty, corrects.scrap_qty)
        old = days.get(corrects.work_date, Totals())
        days[corrects.work_date] = Totals(
            old.good - replaced.good, old.rework - replaced.rework, old.scrap - replaced.scrap
        )
    days[work_date] = add_totals(
        days.get(work_date, Totals()), Totals(good_qty, rework_qty, scrap_qty)
    )
    warnings = []
    # A later stage ahead of the one before it is worth a look, not a refusal.
    if previous is not None:
        previous_good = sum(t.good for t in days_by_stage.get(previous.id, {}).values())
        if new_total > previous_good:
            details = {"stage": previous, "previous": previous_good, "total": new_total}
            warnings.append(("ahead_of_previous", details))
    return CheckInResult(checkin, True, warnings, days)


def _replay(existing: CheckIn, values: dict) -> CheckInResult:
    """The answer to a UUID already stored: the original, or a conflict if the content differs."""
    if diff := differences(existing, values, CHECKIN_FIELDS):
        raise ClientUUIDConflict(existing, diff)
    return CheckInResult(existing, False)


@cache
def _stage_options() -> tuple:
    # Built once, on first use (the mappers are configured by then), not on every check-in.
    from sqlalchemy import orm as so

    from webapp.orders.models import Order

    order = so.joinedload(Stage.order)
    return (order.joinedload(Order.factory), order.joinedload(Order.stages))


def load_stage(order_id: int | None, stage_id: int) -> Stage | None:
    """The stage (of this order, if given) with its order, factory and sibling stages."""
    stage = db.session.get(Stage, stage_id, options=_stage_options())
    if stage is None or (order_id is not None and stage.order_id != order_id):
        return None
    return stage


def _previous_stage(stage: Stage) -> Stage | None:
    earlier = [s for s in stage.order.stages if s.position < stage.position]
    return max(earlier, key=lambda s: s.position) if earlier else None
