"""Plan-vs-actual, projected finish and the at-risk rule (webapp.progress.projection).

Calendar used throughout (hand-checked):

         February / March 2026          April 2026
    Mo Tu We Th Fr Sa Su           Mo Tu We Th Fr Sa Su
    23 24 25 26 27 28  1                  1  2  3  4  5
     2  3  4  5  6  7  8            6  7  8  9 10 11 12
     9 10 11 12 13 14 15
    16 17 18 19 20 21 22
    23 24 25 26 27 28 29
    30 31

2026-03-02 is a Monday, 2026-03-08 a Sunday. Default working days are Monday to Saturday.
"""

from __future__ import annotations

import ast
import math
import sys
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webapp.progress import projection
from webapp.progress.projection import (
    MAX_PROJECTION_DAYS,
    STATUSES,
    WORKDAYS_DEFAULT,
    RiskReason,
    StagePlan,
    StageProjection,
    add_working_days,
    order_at_risk,
    planned_to_date,
    project_stage,
    working_days_between,
)

MON_FRI = frozenset({0, 1, 2, 3, 4})


def m(day: int) -> date:
    """A day of March 2026."""
    return date(2026, 3, day)


def a(day: int) -> date:
    """A day of April 2026."""
    return date(2026, 4, day)


def daily(qty: int, *days: int) -> dict[date, int]:
    """The same good quantity on several days of March 2026."""
    return {m(day): qty for day in days}


# --- working_days_between -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "workdays", "expected"),
    [
        (m(2), m(2), WORKDAYS_DEFAULT, 1),  # a Monday alone
        (m(2), m(7), WORKDAYS_DEFAULT, 6),  # Mon..Sat
        (m(2), m(8), WORKDAYS_DEFAULT, 6),  # Sunday adds nothing
        (m(8), m(8), WORKDAYS_DEFAULT, 0),  # a Sunday alone
        (m(2), m(9), WORKDAYS_DEFAULT, 7),  # across the weekend
        (m(2), m(15), WORKDAYS_DEFAULT, 12),  # two full weeks
        (m(2), m(31), WORKDAYS_DEFAULT, 26),  # 6+6+6+6 + Mon 30, Tue 31
        (m(28), a(3), WORKDAYS_DEFAULT, 6),  # Sat 28 .. Fri 3 April: 7 days less Sunday 29
        (m(9), m(2), WORKDAYS_DEFAULT, 0),  # end before start
        (m(2), m(8), MON_FRI, 5),
        (m(7), m(8), MON_FRI, 0),  # a weekend only
        (m(6), m(9), MON_FRI, 2),  # Fri, Mon
        (m(2), m(15), frozenset({6}), 2),  # Sundays only: 8 and 15
    ],
)
def test_working_days_between(start, end, workdays, expected):
    assert working_days_between(start, end, workdays) == expected


# --- add_working_days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "workdays", "expected"),
    [
        (m(2), 0, WORKDAYS_DEFAULT, m(2)),  # a working day is its own 0th
        (m(2), 1, WORKDAYS_DEFAULT, m(3)),
        (m(2), 5, WORKDAYS_DEFAULT, m(7)),  # Saturday works
        (m(2), 6, WORKDAYS_DEFAULT, m(9)),  # Sunday skipped
        (m(7), 1, WORKDAYS_DEFAULT, m(9)),  # Saturday + 1 = Monday
        (m(8), 0, WORKDAYS_DEFAULT, m(9)),  # from a Sunday: next working day
        (m(8), 1, WORKDAYS_DEFAULT, m(10)),
        (m(2), 12, WORKDAYS_DEFAULT, m(16)),  # two whole weeks of six days
        (m(30), 4, WORKDAYS_DEFAULT, a(3)),  # across the month end
        (m(6), 1, MON_FRI, m(9)),  # Friday + 1 = Monday
        (m(7), 0, MON_FRI, m(9)),  # from a Saturday off
        (m(2), 5, MON_FRI, m(9)),
        (m(2), 0, frozenset({6}), m(8)),  # Sundays only
        (m(2), 1, frozenset({6}), m(15)),
    ],
)
def test_add_working_days(start, n, workdays, expected):
    assert add_working_days(start, n, workdays) == expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: add_working_days(m(2), -1), "n must be"),
        (lambda: add_working_days(m(2), 1, frozenset()), "at least one"),
        (lambda: add_working_days(m(2), 1, {0, 7}), "0..6"),
        (lambda: working_days_between(m(2), m(9), set()), "at least one"),
        (lambda: planned_to_date(StagePlan(1, m(2), m(3)), m(2), {-1}), "0..6"),
    ],
)
def test_calendar_rejects_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- planned_to_date ------------------------------------------------------------------------

PLAN_600 = StagePlan(600, m(2), m(7))  # Mon..Sat: 6 working days, 100 a day


@pytest.mark.parametrize(
    ("plan", "today", "workdays", "expected"),
    [
        (PLAN_600, m(1), WORKDAYS_DEFAULT, 0),  # the day before the start
        (PLAN_600, m(2), WORKDAYS_DEFAULT, 100),  # end of the first day
        (PLAN_600, m(4), WORKDAYS_DEFAULT, 300),
        (PLAN_600, m(7), WORKDAYS_DEFAULT, 600),  # planned finish
        (PLAN_600, m(8), WORKDAYS_DEFAULT, 600),
        (PLAN_600, a(30), WORKDAYS_DEFAULT, 600),
        # rounded down: 100 / 6 a day
        (StagePlan(100, m(2), m(7)), m(2), WORKDAYS_DEFAULT, 16),
        (StagePlan(100, m(2), m(7)), m(4), WORKDAYS_DEFAULT, 50),
        (StagePlan(100, m(2), m(7)), m(5), WORKDAYS_DEFAULT, 66),
        # a plan over a weekend, Thu 5 .. Thu 12: 7 working days (5 6 7 9 10 11 12), 100 a day
        (StagePlan(700, m(5), m(12)), m(7), WORKDAYS_DEFAULT, 300),
        (StagePlan(700, m(5), m(12)), m(8), WORKDAYS_DEFAULT, 300),  # Sunday adds nothing
        (StagePlan(700, m(5), m(12)), m(9), WORKDAYS_DEFAULT, 400),
        # Thu 5 .. Wed 11 Mon-Fri: 5 working days (5 6 9 10 11), 200 a day
        (StagePlan(1000, m(5), m(11)), m(7), MON_FRI, 400),
        (StagePlan(1000, m(5), m(11)), m(8), MON_FRI, 400),
        (StagePlan(1000, m(5), m(11)), m(9), MON_FRI, 600),
        # the same plan Mon-Sat: 6 working days, Saturday counts: 1000 * 3 // 6
        (StagePlan(1000, m(5), m(11)), m(7), WORKDAYS_DEFAULT, 500),
        # one-day stage
        (StagePlan(250, m(3), m(3)), m(2), WORKDAYS_DEFAULT, 0),
        (StagePlan(250, m(3), m(3)), m(3), WORKDAYS_DEFAULT, 250),
        # nothing planned
        (StagePlan(0, m(2), m(7)), m(4), WORKDAYS_DEFAULT, 0),
        # a plan of non-working days only (Sat..Sun, Mon-Fri): nothing before its end
        (StagePlan(100, m(7), m(8)), m(7), MON_FRI, 0),
        (StagePlan(100, m(7), m(8)), m(8), MON_FRI, 100),
    ],
)
def test_planned_to_date(plan, today, workdays, expected):
    assert planned_to_date(plan, today, workdays) == expected


@pytest.mark.parametrize(
    ("qty", "start", "finish", "message"),
    [(-1, m(2), m(7), "planned_qty"), (10, m(7), m(2), "before planned_start")],
)
def test_stage_plan_rejects_what_the_database_refuses(qty, start, finish, message):
    with pytest.raises(ValueError, match=message):
        StagePlan(qty, start, finish)


# --- project_stage --------------------------------------------------------------------------

PLAN = StagePlan(1200, m(2), m(14))  # Mon 2 .. Sat 14: 12 working days, 100 a day
PLAN_WEEK2 = StagePlan(600, m(9), m(14))  # Mon 9 .. Sat 14: 6 working days, 100 a day
ONE_DAY = StagePlan(300, m(3), m(3))  # Tuesday 3 only
OVER_WEEKEND = StagePlan(500, m(5), m(11))  # Thu 5 .. Wed 11


def expect(
    plan: StagePlan,
    *,
    actual: int,
    planned: int,
    rate: float | None,
    finish: date | None,
    status: str,
    late: int = 0,
) -> StageProjection:
    """The projection with gap, remaining and percent derived as the API defines them."""
    return StageProjection(
        actual=actual,
        planned_to_date=planned,
        gap=actual - planned,
        remaining=max(plan.planned_qty - actual, 0),
        daily_rate=rate,
        projected_finish=finish,
        status=status,
        late_days=late,
        percent=actual / plan.planned_qty if plan.planned_qty else 0.0,
    )


# Each row: plan, daily_good, today, keyword arguments, expected projection.
PROJECTION_CASES = {
    # -- no check-ins yet
    "no check-ins, before planned start": (
        PLAN, {}, m(1), {},
        expect(PLAN, actual=0, planned=0, rate=None, finish=m(14), status="not_started"),
    ),
    # Wed 4, nothing done: full 12 days from Thu 5 -> Thu5..Sat7, Mon9..Sat14, Mon16..Wed18
    "no check-ins, after planned start": (
        PLAN, {}, m(4), {},
        expect(PLAN, actual=0, planned=300, rate=None, finish=m(18), status="late", late=3),
    ),
    # on the start day itself: 12 days from Tue 3 -> Mon 16 (today's output assumed recorded)
    "no check-ins, on the planned start day": (
        PLAN, {}, m(2), {},
        expect(PLAN, actual=0, planned=100, rate=None, finish=m(16), status="late", late=1),
    ),
    # -- producing
    # window Fri 27 .. Wed 4 clipped to Mon 2: 300 / 3 = 100; 900 left = 9 days from Thu 5
    "exactly on plan": (
        PLAN, daily(100, 2, 3, 4), m(4), {},
        expect(PLAN, actual=300, planned=300, rate=100.0, finish=m(14), status="on_track"),
    ),
    "entries after today are ignored": (
        PLAN, daily(100, 2, 3, 4) | {m(5): 999, m(9): 999}, m(4), {},
        expect(PLAN, actual=300, planned=300, rate=100.0, finish=m(14), status="on_track"),
    ),
    # Fri 6: plan 500, 450 = 500 * (1 - 0.10) exactly; rate 450 / 4 (Tue..Fri) = 112.5,
    # 750 left -> 7 days from Sat 7 -> Sat 14
    "slightly behind, within the margin": (
        PLAN, {m(3): 50, m(4): 100, m(5): 150, m(6): 150}, m(6), {},
        expect(PLAN, actual=450, planned=500, rate=112.5, finish=m(14), status="on_track"),
    ),
    "one piece beyond the margin": (
        PLAN, {m(3): 50, m(4): 100, m(5): 150, m(6): 149}, m(6), {},
        expect(PLAN, actual=449, planned=500, rate=112.25, finish=m(14), status="behind"),
    ),
    "same output with no margin": (
        PLAN, {m(3): 50, m(4): 100, m(5): 150, m(6): 150}, m(6), {"behind_margin": 0.0},
        expect(PLAN, actual=450, planned=500, rate=112.5, finish=m(14), status="behind"),
    ),
    # started Thu 5, 150 a day: window clipped to Thu..Fri; 900 / 150 = 6 days from Sat 7
    # -> Fri 13: in time, but far behind the plan to date
    "far behind, fast recent rate": (
        PLAN, daily(150, 5, 6), m(6), {},
        expect(PLAN, actual=300, planned=500, rate=150.0, finish=m(13), status="behind"),
    ),
    # 80 a day Mon..Fri: 800 left = 10 days from Sat 7 -> Sat7, Mon9..Sat14, Mon16..Wed18
    "late": (
        PLAN, daily(80, 2, 3, 4, 5, 6), m(6), {},
        expect(PLAN, actual=400, planned=500, rate=80.0, finish=m(18), status="late", late=3),
    ),
    # window of 2 (Thu, Fri) while output began Monday: 100 / 2 = 50; 800 left = 16 days
    # from Sat 7 -> Sat 7, Mon 9..Sat 14, Mon 16..Sat 21, Mon 23, Tue 24, Wed 25
    "window shorter than the days since first output": (
        PLAN, daily(100, 2, 3, 4) | daily(50, 5, 6), m(6), {"window": 2},
        expect(PLAN, actual=400, planned=500, rate=50.0, finish=m(25), status="late", late=9),
    ),
    "the same output over the default window of 5": (
        PLAN, daily(100, 2, 3, 4) | daily(50, 5, 6), m(6), {},
        expect(PLAN, actual=400, planned=500, rate=80.0, finish=m(18), status="late", late=3),
    ),
    # nothing since Tue 3; window Thu 5 .. Tue 10 is empty
    "stalled": (
        PLAN, daily(100, 2, 3), m(10), {},
        expect(PLAN, actual=200, planned=800, rate=0.0, finish=None, status="stalled"),
    ),
    # started early, before the planned Monday: window Fri 6..Sat 7, 400 left from Mon 9
    "started before the planned start": (
        PLAN_WEEK2, daily(100, 6, 7), m(7), {},
        expect(PLAN_WEEK2, actual=200, planned=0, rate=100.0, finish=m(12), status="on_track"),
    ),
    # -- finished
    "done exactly on the planned finish": (
        PLAN, daily(100, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14), m(14), {},
        expect(PLAN, actual=1200, planned=1200, rate=100.0, finish=m(14), status="done"),
    ),
    # 1500 by Fri 6; today Mon 9 (no output): window Wed 4..Mon 9 = 900 / 5
    "done early, above plan": (
        PLAN, daily(300, 2, 3, 4, 5, 6), m(9), {},
        expect(PLAN, actual=1500, planned=700, rate=180.0, finish=m(6), status="done"),
    ),
    # finished on Mon 16, one working day after Sat 14; window Thu 12..Tue 17 = 400 / 5
    "done late": (
        PLAN, daily(100, 2, 3, 5, 6, 7, 9, 10, 11, 12, 13, 14, 16), m(17), {},
        expect(PLAN, actual=1200, planned=1200, rate=80.0, finish=m(16), status="done", late=1),
    ),
    # -- weekends
    # Sunday 8 output counts; window Wed 4..Mon 9 holds Sun 8: (400 + 150 + 100) / 5 = 130;
    # 350 left -> ceil(2.69) = 3 days from Tue 10 -> Thu 12
    "Sunday output counts for actual and the window": (
        PLAN, daily(100, 2, 3, 4, 5, 6, 7, 9) | {m(8): 150}, m(9), {},
        expect(PLAN, actual=850, planned=700, rate=130.0, finish=m(12), status="on_track"),
    ),
    # from a Saturday: window Tue 3..Sat 7 = 100, 600 left from Mon 9 -> Sat 14
    "projection from a Saturday": (
        PLAN, daily(100, 2, 3, 4, 5, 6, 7), m(7), {},
        expect(PLAN, actual=600, planned=600, rate=100.0, finish=m(14), status="on_track"),
    ),
    # from a Sunday: the window ends on Saturday 7, the same answer
    "projection from a Sunday": (
        PLAN, daily(100, 2, 3, 4, 5, 6, 7), m(8), {},
        expect(PLAN, actual=600, planned=600, rate=100.0, finish=m(14), status="on_track"),
    ),
    # Sunday today with overtime: window Tue 3..Sun 8 = 600 / 5 = 120; 500 left = 5 days
    # from Mon 9 -> Fri 13
    "projection from a Sunday with Sunday output": (
        PLAN, daily(100, 2, 3, 4, 5, 6, 7, 8), m(8), {},
        expect(PLAN, actual=700, planned=600, rate=120.0, finish=m(13), status="on_track"),
    ),
    # first output ever on Sunday 8 = today: no working day in the window, divisor 1;
    # 480 left / 120 = 4 days from Mon 9 -> Thu 12
    "first output on a Sunday today": (
        PLAN_WEEK2, {m(8): 120}, m(8), {},
        expect(PLAN_WEEK2, actual=120, planned=0, rate=120.0, finish=m(12), status="on_track"),
    ),
    # Thu 5..Wed 11 Mon-Fri = 5 days, 100 a day; today Sat 7 is off: window Thu..Fri = 100;
    # 300 left from Mon 9 -> Wed 11
    "plan over a weekend, Mon-Fri": (
        OVER_WEEKEND, daily(100, 5, 6), m(7), {"workdays": MON_FRI},
        expect(OVER_WEEKEND, actual=200, planned=200, rate=100.0, finish=m(11),
               status="on_track"),
    ),
    # the same with Saturday working: 6 planned days, plan to Sat 7 = 500 * 3 // 6 = 250;
    # window Thu..Sat = 200 / 3; 300 left -> ceil(4.5) = 5 days from Mon 9 -> Fri 13
    "plan over a weekend, Mon-Sat": (
        OVER_WEEKEND, daily(100, 5, 6), m(7), {},
        expect(OVER_WEEKEND, actual=200, planned=250, rate=200 / 3, finish=m(13),
               status="late", late=2),
    ),
    # Mon-Fri, a stage started on Monday 9, today Sunday 15 after a five-day week
    "Mon-Fri projection from a Sunday": (
        PLAN_WEEK2, daily(60, 9, 10, 11, 12, 13), m(15), {"workdays": MON_FRI},
        # plan Mon 9..Sat 14 Mon-Fri = 5 days, finished by Sat 14: 600 to date;
        # rate 300 / 5 = 60; 300 left = 5 days from Mon 16 -> Fri 20; late Mon16..Fri20
        expect(PLAN_WEEK2, actual=300, planned=600, rate=60.0, finish=m(20), status="late",
               late=5),
    ),
    # a plan starting on Sunday, checked that Sunday: starting Monday still meets Saturday
    "plan starting on a Sunday, checked that Sunday": (
        StagePlan(600, m(8), m(14)), {}, m(8), {},
        expect(StagePlan(600, m(8), m(14)), actual=0, planned=0, rate=None, finish=m(14),
               status="not_started"),
    ),
    # -- degenerate plans
    "nothing planned, nothing made": (
        StagePlan(0, m(2), m(7)), {}, m(4), {},
        expect(StagePlan(0, m(2), m(7)), actual=0, planned=0, rate=None, finish=None,
               status="done"),
    ),
    "nothing planned, some made": (
        StagePlan(0, m(2), m(7)), {m(3): 50}, m(4), {},
        expect(StagePlan(0, m(2), m(7)), actual=50, planned=0, rate=25.0, finish=m(3),
               status="done"),
    ),
    "one-day stage, the day before": (
        ONE_DAY, {}, m(2), {},
        expect(ONE_DAY, actual=0, planned=0, rate=None, finish=m(3), status="not_started"),
    ),
    "one-day stage, nothing on the day": (
        ONE_DAY, {}, m(3), {},
        expect(ONE_DAY, actual=0, planned=300, rate=None, finish=m(4), status="late", late=1),
    ),
    "one-day stage, short on the day": (
        ONE_DAY, {m(3): 200}, m(3), {},
        expect(ONE_DAY, actual=200, planned=300, rate=200.0, finish=m(4), status="late",
               late=1),
    ),
    "one-day stage, done on the day": (
        ONE_DAY, {m(3): 300}, m(3), {},
        expect(ONE_DAY, actual=300, planned=300, rate=300.0, finish=m(3), status="done"),
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("plan", "daily_good", "today", "kwargs", "expected"),
    list(PROJECTION_CASES.values()),
    ids=list(PROJECTION_CASES),
)
def test_project_stage(plan, daily_good, today, kwargs, expected):
    assert project_stage(plan, daily_good, today, **kwargs) == expected


@pytest.mark.parametrize(
    ("plan", "daily_good", "today", "gap", "remaining", "percent"),
    [
        (PLAN, daily(300, 2, 3, 4, 5, 6), m(9), 800, 0, 1.25),  # above plan
        (PLAN, daily(80, 2, 3, 4, 5, 6), m(6), -100, 800, 1 / 3),
        (StagePlan(0, m(2), m(7)), {m(3): 50}, m(4), 50, 0, 0.0),  # nothing planned
    ],
)
def test_gap_remaining_and_percent(plan, daily_good, today, gap, remaining, percent):
    result = project_stage(plan, daily_good, today)
    assert (result.gap, result.remaining) == (gap, remaining)
    assert result.percent == pytest.approx(percent)


@pytest.mark.parametrize(
    ("daily_good", "kwargs", "message"),
    [
        ({m(3): -5}, {}, "negative"),
        ({}, {"window": 0}, "window"),
        ({}, {"behind_margin": 1.0}, "behind_margin"),
        ({}, {"behind_margin": -0.1}, "behind_margin"),
        ({}, {"workdays": frozenset()}, "workdays"),
    ],
)
def test_project_stage_rejects_bad_arguments(daily_good, kwargs, message):
    with pytest.raises(ValueError, match=message):
        project_stage(PLAN, daily_good, m(4), **kwargs)


# --- order_at_risk --------------------------------------------------------------------------


def stage(
    status: str, finish: date | None, *, actual: int = 100, plan: StagePlan = PLAN
) -> tuple[StagePlan, StageProjection]:
    """A (plan, projection) pair; only the fields order_at_risk reads are meaningful."""
    return plan, StageProjection(
        actual=actual,
        planned_to_date=0,
        gap=actual,
        remaining=max(plan.planned_qty - actual, 0),
        daily_rate=None,
        projected_finish=finish,
        status=status,
        late_days=0,
        percent=0.0,
    )


PLAN_TO_21 = StagePlan(1200, m(2), m(21))  # a stage plan that ends after a due date of Tue 17
DUE = m(31)

RISK_CASES = {
    "no stages": ([], DUE, []),
    "on track, before plan and due date": ([stage("on_track", m(13))], DUE, []),
    "on the planned finish and the due date exactly": ([stage("on_track", m(14))], m(14), []),
    "not started, before its start": ([stage("not_started", m(14), actual=0)], DUE, []),
    "done late and after the due date is no risk": ([stage("done", m(20))], m(16), []),
    "done with no finish date": ([stage("done", None, actual=0)], DUE, []),
    "stalled": ([stage("stalled", None)], DUE, [RiskReason(0, "stalled", None, 0)]),
    # Sat 14 -> Wed 18 = 4 calendar days
    "not started and late": (
        [stage("late", m(18), actual=0)], DUE,
        [RiskReason(0, "not_started_late", m(18), 4)],
    ),
    "not started, late and after the due date": (
        [stage("late", m(18), actual=0)], m(16),
        [RiskReason(0, "not_started_late", m(18), 4), RiskReason(0, "after_due_date", m(18), 2)],
    ),
    "producing, after the stage plan only": (
        [stage("late", m(18))], DUE, [RiskReason(0, "after_stage_plan", m(18), 4)],
    ),
    "producing, after the stage plan and the due date": (
        [stage("late", m(18))], m(16),
        [RiskReason(0, "after_stage_plan", m(18), 4), RiskReason(0, "after_due_date", m(18), 2)],
    ),
    # the stage plan (Sat 21) itself ends after the due date (Tue 17): Thu 19 is in plan
    "after the due date but before the stage plan": (
        [stage("on_track", m(19), plan=PLAN_TO_21)], m(17),
        [RiskReason(0, "after_due_date", m(19), 2)],
    ),
    "not started, its plan ends after the due date": (
        [stage("not_started", m(21), actual=0, plan=PLAN_TO_21)], m(20),
        [RiskReason(0, "after_due_date", m(21), 1)],
    ),
    "several stages keep their index": (
        [
            stage("done", m(6)),
            stage("on_track", m(12)),
            stage("stalled", None),
            stage("behind", m(13)),
            stage("late", a(2)),
        ],
        m(31),
        [
            RiskReason(2, "stalled", None, 0),
            RiskReason(4, "after_stage_plan", a(2), 19),  # Sat 14 -> Thu 2 April
            RiskReason(4, "after_due_date", a(2), 2),
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("stages", "due_date", "expected"), list(RISK_CASES.values()), ids=list(RISK_CASES)
)
def test_order_at_risk(stages, due_date, expected):
    assert order_at_risk(stages, due_date) == expected


def test_order_at_risk_from_real_projections():
    """Cutting done, sewing late and not started, packing stalled: reasons in stage order."""
    cutting = StagePlan(600, m(2), m(7))
    sewing = StagePlan(600, m(9), m(14))
    packing = StagePlan(600, m(9), m(14))
    today = m(11)
    stages = [
        (cutting, project_stage(cutting, daily(100, 2, 3, 4, 5, 6, 7), today)),
        (sewing, project_stage(sewing, {}, today)),  # 6 days from Thu 12 -> Wed 18
        (packing, project_stage(packing, daily(50, 2), today)),  # window Fri 6..Wed 11 empty
    ]
    assert order_at_risk(stages, m(17)) == [
        RiskReason(1, "not_started_late", m(18), 4),
        RiskReason(1, "after_due_date", m(18), 1),
        RiskReason(2, "stalled", None, 0),
    ]


def test_module_is_pure():
    """The projection module imports the standard library only (no Flask, no database)."""
    tree = ast.parse(Path(projection.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported
    assert imported <= set(sys.stdlib_module_names)


# --- properties -----------------------------------------------------------------------------

dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
workday_sets = st.frozensets(st.integers(0, 6), min_size=1)


@st.composite
def plans(draw: st.DrawFn) -> StagePlan:
    start = draw(dates)
    return StagePlan(
        draw(st.integers(0, 100_000)), start, start + timedelta(days=draw(st.integers(0, 60)))
    )


@given(start=dates, span=st.integers(-10, 120), workdays=workday_sets)
def test_working_days_between_matches_counting_day_by_day(start, span, workdays):
    end = start + timedelta(days=span)
    brute = sum(1 for i in range(span + 1) if (start + timedelta(days=i)).weekday() in workdays)
    assert working_days_between(start, end, workdays) == brute


@given(d0=dates, n=st.integers(0, 400), workdays=workday_sets)
def test_add_working_days_lands_on_the_right_working_day(d0, n, workdays):
    result = add_working_days(d0, n, workdays)
    assert result.weekday() in workdays
    assert working_days_between(d0, result, workdays) == n + 1
    if n:
        assert result > add_working_days(d0, n - 1, workdays)


@given(plan=plans(), a_day=dates, b_day=dates, workdays=workday_sets)
def test_planned_to_date_is_monotonic_and_ends_at_planned_qty(plan, a_day, b_day, workdays):
    early, late = sorted((a_day, b_day))
    low = planned_to_date(plan, early, workdays)
    high = planned_to_date(plan, late, workdays)
    assert 0 <= low <= high <= plan.planned_qty
    assert planned_to_date(plan, plan.planned_finish, workdays) == plan.planned_qty
    assert planned_to_date(plan, plan.planned_start - timedelta(days=1), workdays) == 0


@st.composite
def scenarios(draw: st.DrawFn, *, min_output: int = 0) -> tuple[StagePlan, dict[date, int], date]:
    """A plan, some daily output around it and a `today` near it."""
    plan = draw(plans())
    around = st.dates(
        min_value=plan.planned_start - timedelta(days=14),
        max_value=plan.planned_finish + timedelta(days=30),
    )
    outputs = draw(st.dictionaries(around, st.integers(min_output, 5_000), max_size=40))
    return plan, outputs, draw(around)


@given(scenario=scenarios(), window=st.integers(1, 10), workdays=workday_sets)
def test_project_stage_is_consistent(scenario, window, workdays):
    plan, outputs, today = scenario
    result = project_stage(plan, outputs, today, window=window, workdays=workdays)
    actual = sum(q for d, q in outputs.items() if d <= today)
    assert result.actual == actual
    assert result.planned_to_date == planned_to_date(plan, today, workdays)
    assert result.gap == actual - result.planned_to_date
    assert result.remaining == max(plan.planned_qty - actual, 0)
    assert result.status in STATUSES
    assert (result.status == "done") == (actual >= plan.planned_qty)
    day_after_plan = plan.planned_finish + timedelta(days=1)
    if result.projected_finish is None:
        assert result.late_days == 0
    else:
        assert result.late_days == working_days_between(
            day_after_plan, result.projected_finish, workdays
        )
    if result.status == "late":
        assert result.projected_finish is not None
        assert result.projected_finish > plan.planned_finish
    if result.status in ("on_track", "behind"):
        assert result.projected_finish is not None
        assert result.projected_finish <= plan.planned_finish
    if result.status != "done" and result.projected_finish is not None:
        assert result.projected_finish > today
    if result.status == "stalled":
        assert result.daily_rate == 0
        assert result.projected_finish is None


@given(scenario=scenarios(min_output=1), window=st.integers(1, 10), workdays=workday_sets)
def test_projected_finish_covers_remaining_at_the_measured_rate(scenario, window, workdays):
    """Producing stages: the remaining quantity, at the rate, needs exactly the days projected."""
    plan, outputs, today = scenario
    result = project_stage(plan, outputs, today, window=window, workdays=workdays)
    if result.status not in ("on_track", "behind", "late") or result.daily_rate is None:
        return
    first_day = add_working_days(today + timedelta(days=1), 0, workdays)
    days = working_days_between(first_day, result.projected_finish, workdays)
    # the rate again, from its definition and exactly, walking back day by day
    start, counted = today, 0
    while True:
        if start.weekday() in workdays:
            counted += 1
        if counted == window:
            break
        start -= timedelta(days=1)
    start = max(start, min(d for d, q in outputs.items() if d <= today))
    qty = sum(q for d, q in outputs.items() if start <= d <= today)
    rate = Fraction(qty, max(working_days_between(start, today, workdays), 1))
    assert result.daily_rate == pytest.approx(float(rate))
    assert days == min(math.ceil(result.remaining / rate), MAX_PROJECTION_DAYS)


def test_a_trickle_against_a_huge_plan_is_capped_not_an_overflow():
    """Regression: 1 piece a day against 10**9 planned used to overflow date.max (a 500)."""
    plan = StagePlan(10**9, date(2026, 3, 2), date(2026, 3, 31))
    proj = project_stage(plan, {date(2026, 3, 2): 1}, date(2026, 3, 2))
    assert proj.status == "late"
    assert proj.projected_finish is not None
    assert date(2026, 3, 2) < proj.projected_finish < date(2040, 1, 1)
    assert order_at_risk([(plan, proj)], date(2026, 4, 30))
