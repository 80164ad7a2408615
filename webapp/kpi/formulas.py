"""KPI formulas: pure functions, no Flask and no database.

The database counts (GROUP BY, percentiles); these functions turn the counts into the figures a
supervisor is judged by, and decide the periods and the comparison with the previous period.
Every rate is a :class:`Ratio` so a page can show the numbers behind it, not only the percent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from webapp.delays.metrics import median, pareto, percentile

__all__ = [
    "Change",
    "Ratio",
    "change",
    "complaint_rate",
    "correction_rate",
    "first_pass_rate",
    "is_on_time",
    "median",
    "months_back",
    "nearest_rank_index",
    "on_time_rate",
    "pareto",
    "percentile",
    "period_bounds",
    "previous_period",
    "supplier_on_time_rate",
    "supplier_rejection_rate",
]


@dataclass(frozen=True)
class Ratio:
    """A rate with the counts behind it: `value` is None when there is nothing to count."""

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.numerator < 0 or self.denominator < 0:
            raise ValueError("counts cannot be negative")

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


def is_on_time(due_date: date, shipped_on: date | None) -> bool | None:
    """Shipped on or before the due date; None while not shipped."""
    if shipped_on is None:
        return None
    return shipped_on <= due_date


def on_time_rate(outcomes: Iterable[bool | None]) -> Ratio:
    """订单准时交付率: shipped on or before the due date / shipped (unshipped ones don't count)."""
    shipped = [o for o in outcomes if o is not None]
    return Ratio(sum(1 for o in shipped if o), len(shipped))


def first_pass_rate(accepted_first: int, inspected_first: int) -> Ratio:
    """Lots accepted at their first inspection / lots inspected (re-inspections not counted)."""
    if accepted_first > inspected_first:
        raise ValueError("more lots accepted than inspected")
    return Ratio(accepted_first, inspected_first)


def complaint_rate(complaints: int, shipped_orders: int) -> Ratio:
    """客户投诉率: complaints received in the period / orders shipped in the period.

    Can exceed 100 % (several complaints about one shipment, or complaints about shipments of an
    earlier period), which is why it is not a share but a rate."""
    return Ratio(complaints, shipped_orders)


def correction_rate(corrections: int, originals: int) -> Ratio:
    """数据准确性: check-ins corrected later / check-ins entered (lower is better)."""
    return Ratio(corrections, originals)


def supplier_on_time_rate(on_time: int, received: int) -> Ratio:
    """Material POs received on or before the promised date / received."""
    if on_time > received:
        raise ValueError("more POs on time than received")
    return Ratio(on_time, received)


def supplier_rejection_rate(rejected: int, inspected: int) -> Ratio:
    """Material POs rejected at incoming inspection / inspected (lower is better)."""
    if rejected > inspected:
        raise ValueError("more POs rejected than inspected")
    return Ratio(rejected, inspected)


def nearest_rank_index(p: float, n: int) -> int:
    """1-based rank of the nearest-rank p-th percentile among n sorted values (SQL uses it)."""
    if not 0 < p <= 100 or n < 1:
        raise ValueError("percentile out of range or no values")
    return max(math.ceil(p / 100 * n), 1)


# --- periods -------------------------------------------------------------------------------

PERIOD_KINDS = ("week", "month")


def period_bounds(kind: str, day: date) -> tuple[date, date]:
    """The ISO week (Monday to Sunday) or calendar month containing `day`, both ends included."""
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if kind == "month":
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    raise ValueError(f"unknown period kind: {kind!r}")


def previous_period(kind: str, start: date) -> tuple[date, date]:
    """The week or month before the one starting on `start`."""
    return period_bounds(kind, start - timedelta(days=1))


def months_back(day: date, count: int) -> list[tuple[date, date]]:
    """The `count` calendar months ending with the one containing `day`, oldest first."""
    months = []
    start, end = period_bounds("month", day)
    for _ in range(count):
        months.append((start, end))
        start, end = previous_period("month", start)
    return months[::-1]


# --- comparison ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """This period against the previous one: the difference and whether that is good news."""

    delta: float | None  # in the figure's own unit (rate points as a fraction, or hours)
    verdict: str  # "better", "worse", "same" or "" (nothing to compare)


def change(
    current: float | None, previous: float | None, higher_is_better: bool, tolerance: float = 1e-9
) -> Change:
    """Compare two figures; `higher_is_better` says which direction is good news."""
    if current is None or previous is None:
        return Change(None, "")
    delta = current - previous
    if abs(delta) <= tolerance:
        return Change(0.0, "same")
    good = delta > 0 if higher_is_better else delta < 0
    return Change(delta, "better" if good else "worse")


def stats_by_key(
    durations: Mapping[str, Sequence[float]],
) -> dict[str, tuple[int, float | None, float | None]]:
    """(count, median, nearest-rank 90th percentile) per key: the reference the SQL must match."""
    return {
        key: (len(v), median(v), percentile(v, 90) if v else None) for key, v in durations.items()
    }
