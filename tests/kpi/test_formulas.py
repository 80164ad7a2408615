"""KPI formulas: table-driven tests of the pure functions."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.kpi import formulas as fm


@pytest.mark.parametrize(
    ("numerator", "denominator", "value"),
    [(0, 0, None), (0, 4, 0.0), (3, 4, 0.75), (4, 4, 1.0), (5, 4, 1.25)],
)
def test_ratio_value(numerator, denominator, value):
    assert fm.Ratio(numerator, denominator).value == value


def test_ratio_refuses_negative_counts():
    with pytest.raises(ValueError):
        fm.Ratio(-1, 3)


@pytest.mark.parametrize(
    ("due", "shipped", "expected"),
    [
        (date(2026, 10, 10), None, None),
        (date(2026, 10, 10), date(2026, 10, 9), True),
        (date(2026, 10, 10), date(2026, 10, 10), True),  # on the due date is on time
        (date(2026, 10, 10), date(2026, 10, 11), False),
    ],
)
def test_is_on_time(due, shipped, expected):
    assert fm.is_on_time(due, shipped) is expected


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([], (0, 0)),
        ([None, None], (0, 0)),  # not shipped yet: not counted
        ([True, False, None, True], (2, 3)),
        ([False], (0, 1)),
    ],
)
def test_on_time_rate(outcomes, expected):
    ratio = fm.on_time_rate(outcomes)
    assert (ratio.numerator, ratio.denominator) == expected


@pytest.mark.parametrize(
    ("function", "args", "value"),
    [
        (fm.first_pass_rate, (3, 4), 0.75),
        (fm.first_pass_rate, (0, 0), None),
        (fm.complaint_rate, (2, 40), 0.05),
        (fm.complaint_rate, (3, 2), 1.5),  # several complaints about few shipments
        (fm.correction_rate, (3, 8), 0.375),
        (fm.supplier_on_time_rate, (2, 3), 2 / 3),
        (fm.supplier_rejection_rate, (0, 5), 0.0),
    ],
)
def test_rates(function, args, value):
    result = function(*args).value
    assert result == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(
    ("function", "args"),
    [(fm.first_pass_rate, (5, 4)), (fm.supplier_on_time_rate, (3, 2)),
     (fm.supplier_rejection_rate, (2, 1))],
)  # fmt: skip
def test_impossible_counts_are_refused(function, args):
    with pytest.raises(ValueError):
        function(*args)


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([20.0], 20.0, 20.0),
        ([10.0, 20.0, 40.0], 20.0, 40.0),
        ([5.0, 268.0], 136.5, 268.0),
        ([5.0, 10.0, 20.0, 40.0, 268.0], 20.0, 268.0),
        (list(range(1, 11)), 5.5, 9),  # nearest rank: the 9th of 10
        (list(range(1, 12)), 6, 10),  # ceil(9.9) = 10th of 11
    ],
)
def test_median_and_nearest_rank_percentile(values, median, p90):
    assert fm.median(values) == median
    assert fm.percentile(values, 90) == p90
    assert sorted(values)[fm.nearest_rank_index(90, len(values)) - 1] == p90


@pytest.mark.parametrize(
    ("kind", "day", "bounds"),
    [
        ("week", date(2026, 10, 14), (date(2026, 10, 12), date(2026, 10, 18))),  # Wednesday
        ("week", date(2026, 10, 12), (date(2026, 10, 12), date(2026, 10, 18))),  # Monday
        ("week", date(2026, 10, 18), (date(2026, 10, 12), date(2026, 10, 18))),  # Sunday
        ("week", date(2026, 1, 1), (date(2025, 12, 29), date(2026, 1, 4))),  # across a year
        ("month", date(2026, 10, 14), (date(2026, 10, 1), date(2026, 10, 31))),
        ("month", date(2026, 2, 28), (date(2026, 2, 1), date(2026, 2, 28))),
        ("month", date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29))),  # leap year
        ("month", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
    ],
)
def test_period_bounds(kind, day, bounds):
    assert fm.period_bounds(kind, day) == bounds


@pytest.mark.parametrize(
    ("kind", "start", "previous"),
    [
        ("week", date(2026, 10, 12), (date(2026, 10, 5), date(2026, 10, 11))),
        ("month", date(2026, 3, 1), (date(2026, 2, 1), date(2026, 2, 28))),
        ("month", date(2026, 1, 1), (date(2025, 12, 1), date(2025, 12, 31))),
    ],
)
def test_previous_period(kind, start, previous):
    assert fm.previous_period(kind, start) == previous


def test_unknown_period_kind():
    with pytest.raises(ValueError):
        fm.period_bounds("year", date(2026, 1, 1))


def test_months_back():
    assert fm.months_back(date(2026, 2, 14), 3) == [
        (date(2025, 12, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
    ]


@pytest.mark.parametrize(
    ("current", "previous", "higher_is_better", "delta", "verdict"),
    [
        (0.9, 0.8, True, 0.1, "better"),
        (0.7, 0.8, True, -0.1, "worse"),
        (0.05, 0.1, False, -0.05, "better"),  # fewer complaints is good news
        (30.0, 20.0, False, 10.0, "worse"),  # slower resolution is bad news
        (0.5, 0.5, True, 0.0, "same"),
        (None, 0.5, True, None, ""),
        (0.5, None, False, None, ""),
    ],
)
def test_change(current, previous, higher_is_better, delta, verdict):
    result = fm.change(current, previous, higher_is_better)
    assert result.verdict == verdict
    assert result.delta == (pytest.approx(delta) if delta is not None else None)
