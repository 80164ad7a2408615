"""Time to resolve, percentiles, Pareto and flags: table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from webapp.delays import metrics

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("resolved", "expected"),
    [(None, None), (T0, timedelta(0)), (T0 + timedelta(hours=26), timedelta(hours=26))],
)
def test_time_to_resolve(resolved, expected):
    assert metrics.time_to_resolve(T0, resolved) == expected


def test_resolved_before_created_is_an_error():
    with pytest.raises(ValueError):
        metrics.time_to_resolve(T0, T0 - timedelta(seconds=1))


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([], 90, None),
        ([5], 90, 5),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 91, 10),
        ([10, 1, 7], 50, 7),
        ([3, 1, 2], 100, 3),
    ],
)
def test_percentile_nearest_rank(values, p, expected):
    assert metrics.percentile(values, p) == expected


@pytest.mark.parametrize("p", [0, -1, 101])
def test_percentile_range(p):
    with pytest.raises(ValueError):
        metrics.percentile([1], p)


@pytest.mark.parametrize(
    ("values", "expected"), [([], None), ([4], 4), ([1, 3], 2), ([5, 1, 3], 3), ([4, 1, 3, 2], 2.5)]
)
def test_median(values, expected):
    assert metrics.median(values) == expected


def test_resolution_stats_per_cause_and_total():
    h = timedelta(hours=1)
    stats = metrics.resolution_stats(
        [("material", 10 * h), ("material", 30 * h), ("material", 20 * h), ("equipment", 2 * h)]
    )
    assert stats["material"] == metrics.ResolutionStats(3, 20.0, 30.0)
    assert stats["equipment"] == metrics.ResolutionStats(1, 2.0, 2.0)
    assert stats[""].count == 4
    assert stats[""].median_hours == 15.0


def test_pareto_ranks_and_accumulates():
    result = metrics.pareto({"material": 5, "equipment": 2, "people": 3, "other": 0})
    assert [c for c, *_ in result] == ["material", "people", "equipment"]
    assert [n for _, n, _ in result] == [5, 3, 2]
    assert result[-1][2] == pytest.approx(1.0)
    assert result[0][2] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("is_open", "age_h", "slip", "days_left", "expected"),
    [
        (True, 10, None, 30, []),
        (True, 49, None, 30, ["open_too_long"]),
        (True, 10, 5, 3, ["endangers_due_date"]),
        (True, 10, 3, 3, []),  # slip exactly to the due date still ships on time
        (True, 72, 9, 2, ["open_too_long", "endangers_due_date"]),
        (False, 200, 9, 2, []),  # resolved delays are never flagged
    ],
)
def test_flags(is_open, age_h, slip, days_left, expected):
    today = date(2026, 3, 10)
    assert metrics.flags(
        is_open=is_open, created_at=T0, now=T0 + timedelta(hours=age_h), slip_days=slip,
        due_date=today + timedelta(days=days_left), today=today, open_limit=timedelta(hours=48),
    ) == expected  # fmt: skip
