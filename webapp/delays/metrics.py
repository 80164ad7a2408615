"""Time-to-resolve and delay flags: pure functions, no Flask and no database.

Percentiles use the nearest-rank method (the smallest value with at least p % of the values
at or below it), so every figure shown is a real delay's resolution time."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta


def time_to_resolve(created_at: datetime, resolved_at: datetime | None) -> timedelta | None:
    """How long a delay took to resolve (None while it is open); never typed by anyone."""
    if resolved_at is None:
        return None
    if resolved_at < created_at:
        raise ValueError("resolved before it was created")
    return resolved_at - created_at


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile of `values` (None for no values); p in (0, 100]."""
    if not 0 < p <= 100:
        raise ValueError(f"percentile out of range: {p!r}")
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count), None for none."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class ResolutionStats:
    count: int
    median_hours: float | None
    p90_hours: float | None


def resolution_stats(
    durations: Iterable[tuple[str, timedelta]],
) -> dict[str, ResolutionStats]:
    """Median and 90th percentile of resolution time in hours, per cause and in total ("")."""
    by_cause: dict[str, list[float]] = {"": []}
    for cause, duration in durations:
        hours = duration.total_seconds() / 3600
        by_cause.setdefault(cause, []).append(hours)
        by_cause[""].append(hours)
    return {
        cause: ResolutionStats(len(hours), median(hours), percentile(hours, 90))
        for cause, hours in by_cause.items()
    }


def pareto(counts: Mapping[str, int]) -> list[tuple[str, int, float]]:
    """Causes ranked by count with their cumulative share: [(cause, count, cumulative), ...]."""
    total = sum(counts.values())
    ranked = sorted(((c, n) for c, n in counts.items() if n > 0), key=lambda x: (-x[1], x[0]))
    result, running = [], 0
    for cause, n in ranked:
        running += n
        result.append((cause, n, running / total))
    return result


def flags(
    *,
    is_open: bool,
    created_at: datetime,
    now: datetime,
    slip_days: int | None,
    due_date: date,
    today: date,
    open_limit: timedelta,
) -> list[str]:
    """Why a supervisor should look at an open delay: "open_too_long", "endangers_due_date"."""
    if not is_open:
        return []
    result = []
    if now - created_at > open_limit:
        result.append("open_too_long")
    if slip_days and today + timedelta(days=slip_days) > due_date:
        result.append("endangers_due_date")
    return result
