"""Recording check-ins: every rule of issue #3 lives here. Services flush; the view commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.orders.models import Stage
from webapp.progress.models import CheckIn
from webapp.progress.queries import stage_totals
from webapp.sync.idempotency import ClientUUIDConflict, create_once, find
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


def _validate(
    stage: Stage, by: User, quantities: tuple[int, int, int], work_date: date, correcting: bool
) -> None:
    order = stage.order
    if not order.status.is_open:
        raise CheckInRefused("order_closed", status=order.status.value)
    if not order.can_check_in(by):
        raise CheckInRefused("not_allowed")
    from webapp.samples.rules import checkin_blocked

    if checkin_blocked(order):
        # Output on the floor is bulk production: not before the PP sample is approved.
        raise CheckInRefused("pp_sample_not_approved")
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
    if (existing := find(CheckIn, client_uuid)) is not None:
        # A retry of a saved check-in answers with the original, even if the order closed since.
        if diff := [f for f in CHECKIN_FIELDS if getattr(existing, f) != values[f]]:
            raise ClientUUIDConflict(existing, diff)
        return CheckInResult(existing, False)

    _validate(stage, by, (good_qty, rework_qty, scrap_qty), work_date, corrects is not None)
    if corrects is not None:
        if corrects.stage_id != stage.id:
            raise CheckInRefused("wrong_stage")
        already = db.session.scalar(sa.select(CheckIn.id).where(CheckIn.corrects_id == corrects.id))
        if already is not None:
            raise CheckInRefused("already_corrected")

    previous = _previous_stage(stage)
    # One query for this stage's and the previous stage's totals (the warning needs both).
    totals = stage_totals([stage.id] + ([previous.id] if previous else []))
    current_good = totals[stage.id].good if stage.id in totals else 0
    new_total = current_good - (corrects.good_qty if corrects else 0) + good_qty
    if new_total > stage.planned_qty * OVER_PLAN_FACTOR and not confirm_over_plan:
        raise NeedsConfirmation("over_plan", total=new_total, planned=stage.planned_qty)

    checkin, created = create_once(CheckIn, client_uuid, values, CHECKIN_FIELDS, checked=True)
    if created:
        audit.created(by, checkin, CHECKIN_FIELDS)
        if corrects is not None:
            audit.record(by, "corrected", corrects, {"corrected_by": [None, checkin.id]})
    warnings = []
    # A later stage ahead of the one before it is worth a look, not a refusal.
    previous_good = totals[previous.id].good if previous and previous.id in totals else 0
    if previous is not None and new_total > previous_good:
        details = {"stage": previous, "previous": previous_good, "total": new_total}
        warnings.append(("ahead_of_previous", details))
    return CheckInResult(checkin, created, warnings)


def _previous_stage(stage: Stage) -> Stage | None:
    earlier = [s for s in stage.order.stages if s.position < stage.position]
    return max(earlier, key=lambda s: s.position) if earlier else None
