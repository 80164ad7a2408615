"""Plan-vs-actual and projected finish of production stages, and the at-risk rule of an order.

Pure functions: standard library only (no Flask, no database), so that the daily report,
the plan-vs-actual table (生产计划进度跟踪表) and the at-risk list all agree.

Calendar
    A *working day* is a date whose ``weekday()`` (Monday = 0 .. Sunday = 6) is in
    ``workdays``; by default Monday to Saturday (``WORKDAYS_DEFAULT``), since most Chinese
    plants work six days. Output recorded on a non-working day (Sunday overtime) still
    counts: in ``actual`` and in the rate window that contains it.

Plan
    ``planned_to_date`` spreads ``planned_qty`` linearly over the working days of
    ``[planned_start, planned_finish]`` (both inclusive) and rounds down: 0 before
    ``planned_start``, ``planned_qty`` from ``planned_finish`` on, otherwise
    ``planned_qty * working days elapsed up to today / working days planned``.

Actual
    ``daily_good`` maps work date to good quantity that day. Missing days are 0, entries
    after ``today`` are ignored, negative quantities are refused (ValueError). A day *with
    output* is a day whose quantity is above 0. ``actual`` is the sum up to ``today``
    inclusive.

Rate
    The average good quantity per working day over the last ``window`` working days ending
    at ``today`` (or, when ``today`` is not a working day, at the last working day before
    it). The window never starts before the stage's first day with output, so a stage that
    began two working days ago is measured over those two working days. The quantity is
    summed over every calendar day from the window's start to ``today``, so non-working-day
    output inside the window (a Sunday ``today`` included) is credited to it; the divisor
    counts working days only, and is taken as 1 when the window holds no working day at all
    (the first output fell on non-working days after the last working day). No output at
    all gives ``daily_rate = None``.

Projection and status
    * done: ``actual >= planned_qty``: status ``"done"``, ``projected_finish`` = the last
      day with output (None if there is none, i.e. ``planned_qty == 0``).
    * producing, rate > 0: the remaining quantity starts on the next working day after
      ``today`` (today's output is assumed recorded) and needs ``ceil(remaining / rate)``
      working days: ``projected_finish = add_working_days(next working day,
      ceil(remaining / rate) - 1)``. Status ``"late"`` if ``projected_finish >
      planned_finish``; else ``"behind"`` if ``actual < planned_to_date * (1 -
      behind_margin)``; else ``"on_track"``.
    * output exists but none inside the window: ``"stalled"``, ``projected_finish = None``.
    * no output, ``today < planned_start``: ``"not_started"``, ``projected_finish =
      planned_finish`` (assumed on plan).
    * no output, ``today >= planned_start``: assume it starts on the next working day at the
      planned pace, ``projected_finish = add_working_days(next working day, planned working
      days - 1)``, status ``"late"``. (If that still meets ``planned_finish``, which happens
      only when the plan starts on a non-working day such as a Sunday, the status stays
      ``"not_started"``: nothing is late yet.)
    * ``late_days``: working days in ``(planned_finish, projected_finish]``, 0 when the
      projected finish is not later or unknown.
    * ``percent``: ``actual / planned_qty`` (may exceed 1), 0 when ``planned_qty == 0``.

Order at risk
    ``order_at_risk`` looks at every stage that is not done and returns one reason per rule
    that applies (an empty list means the order is not at risk):
    ``"stalled"`` for a stalled stage; ``"not_started_late"`` for a stage with no output whose
    status is ``"late"``; ``"after_stage_plan"`` for a producing stage projected after its
    planned finish; ``"after_due_date"`` for any stage projected after the order's due date
    (this one comes in addition to the others). ``days_late`` is in calendar days after the
    stage's planned finish (after the due date for ``"after_due_date"``), 0 when unknown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WORKDAYS_DEFAULT = frozenset({0, 1, 2, 3, 4, 5})  # Mon..Sat: most Chinese plants work six days

STATUSES = ("not_started", "on_track", "behind", "late", "done", "stalled")
RISK_KINDS = ("after_stage_plan", "after_due_date", "stalled", "not_started_late")

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class StagePlan:
    """The plan of one production stage: quantity and inclusive start and finish dates."""

    planned_qty: int
    planned_start: date
    planned_finish: date  # inclusive

    def __post_init__(self) -> None:
        # The same rules as the database's check constraints on stages.
        if self.planned_qty < 0:
            raise ValueError(f"planned_qty must be >= 0, got {self.planned_qty}")
        if self.planned_finish < self.planned_start:
            raise ValueError(
                f"planned_finish {self.planned_finish} is before planned_start {self.planned_start}"
            )


@dataclass(frozen=True)
class StageProjection:
    """Plan-vs-actual of one stage on one day, with its projected finish and status."""

    actual: int  # cumulative good quantity up to and including `today`
    planned_to_date: int  # what the plan expects by the end of `today`
    gap: int  # actual - planned_to_date (negative = behind)
    remaining: int  # max(planned_qty - actual, 0)
    daily_rate: float | None  # recent good quantity per working day; None without output
    projected_finish: date | None  # None when it cannot be projected (stalled)
    status: str  # one of STATUSES
    late_days: int  # working days projected_finish is after planned_finish
    percent: float  # actual / planned_qty (may exceed 1); 0 when planned_qty == 0


@dataclass(frozen=True)
class RiskReason:
    """One reason why an order is at risk, pointing at a stage by its index."""

    stage_index: int  # index in the sequence given to order_at_risk
    kind: str  # one of RISK_KINDS
    projected_finish: date | None
    days_late: int  # calendar days after the planned finish (or the due date); 0 when unknown


def _workdays(workdays: Collection[int]) -> frozenset[int]:
    wd = frozenset(workdays)
    if not wd:
        raise ValueError("workdays must contain at least one weekday")
    if not wd <= frozenset(range(7)):
        raise ValueError(f"workdays must be weekday numbers 0..6, got {sorted(wd)}")
    return wd


def _count(start: date, end: date, wd: frozenset[int]) -> int:
    if end < start:
        return 0
    full_weeks, rest = divmod((end - start).days + 1, 7)
    first = start.weekday()
    return full_weeks * len(wd) + sum(1 for i in range(rest) if (first + i) % 7 in wd)


# Projections stop at this many working days ahead (about ten years).
MAX_PROJECTION_DAYS = 3000


def _forward(start: date, n: int, wd: frozenset[int]) -> date:
    """The (n+1)-th working day on or after `start`."""
    d = start
    while d.weekday() not in wd:
        d += _ONE_DAY
    # Seven days on from a working day is the same weekday, len(wd) working days later.
    weeks, rest = divmod(n, len(wd))
    d += timedelta(weeks=weeks)
    for _ in range(rest):
        d += _ONE_DAY
        while d.weekday() not in wd:
            d += _ONE_DAY
    return d


def _backward(end: date, n: int, wd: frozenset[int]) -> date:
    """The (n+1)-th working day on or before `end`."""
    d = end
    while d.weekday() not in wd:
        d -= _ONE_DAY
    weeks, rest = divmod(n, len(wd))
    d -= timedelta(weeks=weeks)
    for _ in range(rest):
        d -= _ONE_DAY
        while d.weekday() not in wd:
            d -= _ONE_DAY
    return d


def working_days_between(
    start: date, end: date, workdays: Collection[int] = WORKDAYS_DEFAULT
) -> int:
    """Count the working days in [start, end], both inclusive; 0 if end < start."""
    return _count(start, end, _workdays(workdays))


def add_working_days(start: date, n: int, workdays: Collection[int] = WORKDAYS_DEFAULT) -> date:
    """Return the n-th working day after start (n=0: start, or the next working day)."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    return _forward(start, n, _workdays(workdays))


def _planned_to_date(plan: StagePlan, today: date, wd: frozenset[int]) -> int:
    if today < plan.planned_start:
        return 0
    if today >= plan.planned_finish:
        return plan.planned_qty
    total = _count(plan.planned_start, plan.planned_finish, wd)
    if total == 0:  # a plan made only of non-working days expects nothing before its end
        return 0
    return plan.planned_qty * _count(plan.planned_start, today, wd) // total


def planned_to_date(
    plan: StagePlan, today: date, workdays: Collection[int] = WORKDAYS_DEFAULT
) -> int:
    """Return the quantity the plan expects by the end of `today` (linear, rounded down)."""
    return _planned_to_date(plan, today, _workdays(workdays))


def _late_days(plan: StagePlan, projected: date | None, wd: frozenset[int]) -> int:
    if projected is None or projected <= plan.planned_finish:
        return 0
    return _count(plan.planned_finish + _ONE_DAY, projected, wd)


def project_stage(
    plan: StagePlan,
    daily_good: Mapping[date, int],
    today: date,
    *,
    window: int = 5,
    workdays: Collection[int] = WORKDAYS_DEFAULT,
    behind_margin: float = 0.10,
) -> StageProjection:
    """Compare a stage's output with its plan on `today` and project when it will finish."""
    wd = _workdays(workdays)
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    if not 0 <= behind_margin < 1:
        raise ValueError(f"behind_margin must be in [0, 1), got {behind_margin}")
    days = {d: q for d, q in daily_good.items() if d <= today}
    negative = sorted(d for d, q in days.items() if q < 0)
    if negative:
        raise ValueError(f"negative good quantity on {negative[0]}")
    output_days = sorted(d for d, q in days.items() if q > 0)

    actual = sum(days.values())
    expected = _planned_to_date(plan, today, wd)
    remaining = max(plan.planned_qty - actual, 0)
    percent = actual / plan.planned_qty if plan.planned_qty else 0.0
    next_working_day = _forward(today + _ONE_DAY, 0, wd)

    window_qty = window_days = 0
    daily_rate: float | None = None
    if output_days:
        window_start = max(_backward(today, window - 1, wd), output_days[0])
        window_qty = sum(q for d, q in days.items() if window_start <= d)
        window_days = max(_count(window_start, today, wd), 1)
        daily_rate = window_qty / window_days

    projected: date | None
    if actual >= plan.planned_qty:
        status = "done"
        projected = output_days[-1] if output_days else None
    elif not output_days:
        if today < plan.planned_start:
            status, projected = "not_started", plan.planned_finish
        else:
            planned_days = _count(plan.planned_start, plan.planned_finish, wd)
            planned_days = min(planned_days, MAX_PROJECTION_DAYS)
            projected = _forward(next_working_day, max(planned_days - 1, 0), wd)
            status = "late" if projected > plan.planned_finish else "not_started"
    elif window_qty == 0:
        status, projected = "stalled", None
    else:
        days_needed = -(-remaining * window_days // window_qty)  # ceil(remaining / rate)
        # A trickle against a huge plan would project past year 9999; ten years is "never".
        projected = _forward(next_working_day, min(days_needed, MAX_PROJECTION_DAYS) - 1, wd)
        if projected > plan.planned_finish:
            status = "late"
        elif actual < expected * (1 - behind_margin):
            status = "behind"
        else:
            status = "on_track"

    return StageProjection(
        actual=actual,
        planned_to_date=expected,
        gap=actual - expected,
        remaining=remaining,
        daily_rate=daily_rate,
        projected_finish=projected,
        status=status,
        late_days=_late_days(plan, projected, wd),
        percent=percent,
    )


def order_at_risk(
    projections: Sequence[tuple[StagePlan, StageProjection]], due_date: date
) -> list[RiskReason]:
    """List why an order is at risk, stage by stage; an empty list means it is not."""
    reasons: list[RiskReason] = []
    for index, (plan, proj) in enumerate(projections):
        if proj.status == "done":
            continue
        if proj.status == "stalled":
            reasons.append(RiskReason(index, "stalled", proj.projected_finish, 0))
            continue
        finish = proj.projected_finish
        if finish is None:
            continue
        if finish > plan.planned_finish:
            kind = (
                "not_started_late"
                if proj.status == "late" and proj.actual == 0
                else "after_stage_plan"
            )
            reasons.append(RiskReason(index, kind, finish, (finish - plan.planned_finish).days))
        if finish > due_date:
            reasons.append(RiskReason(index, "after_due_date", finish, (finish - due_date).days))
    return reasons
