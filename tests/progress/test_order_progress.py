"""Order-level progress figures shown in lists: overall percent and the main risk per stage."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from webapp.progress.projection import RiskReason
from webapp.progress.queries import OrderProgress, StageProgress, Totals


def stage(planned, good):
    return StageProgress(SimpleNamespace(planned_qty=planned), Totals(good=good), None)


def test_percent_is_the_mean_of_capped_stage_completion():
    progress = OrderProgress(
        None, [stage(100, 100), stage(100, 50), stage(100, 0), stage(100, 150)], []
    )
    assert progress.percent == (1 + 0.5 + 0 + 1) / 4


def test_main_risks_keep_one_reason_per_stage_the_most_serious_first():
    d = date(2026, 12, 1)
    reasons = [
        RiskReason(0, "after_stage_plan", d, 3),
        RiskReason(0, "after_due_date", d, 2),
        RiskReason(2, "after_stage_plan", d, 5),
    ]
    progress = OrderProgress(None, [], reasons)
    assert [(r.stage_index, r.kind) for r in progress.main_risks] == [
        (0, "after_due_date"),
        (2, "after_stage_plan"),
    ]
