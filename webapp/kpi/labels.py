"""Translated names of the KPI figures and of the review periods."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

FIGURE_LABELS = {
    "on_time": _l("On-time delivery"),
    "first_pass": _l("First-pass inspection rate"),
    "complaints": _l("Complaint rate"),
    "resolution": _l("Time to resolve delays (median)"),
    "delays": _l("Delays by cause (Pareto)"),
    "corrections": _l("Check-ins corrected (data accuracy)"),
    "supplier_on_time": _l("Supplier on-time rate"),
    "supplier_rejection": _l("Supplier rejection rate"),
    "at_risk": _l("Orders at risk"),
    "resolution_p90": _l("Time to resolve delays (90th percentile)"),
    "complaint_count": _l("Complaints received"),
}

FIGURE_HINTS = {
    "on_time": _l("Shipped on or before the due date / shipped"),
    "first_pass": _l("Lots accepted at the first inspection / lots inspected"),
    "complaints": _l("Customer complaints / orders shipped"),
    "resolution": _l("From recording a delay to resolving it, delays resolved in the period"),
    "delays": _l("Delays recorded in the period, most frequent cause first"),
    "corrections": _l("Corrections / check-ins entered for the period; lower is better"),
    "supplier_on_time": _l("Material POs received by the promised date / received"),
    "supplier_rejection": _l("Material POs rejected at incoming inspection / inspected"),
    "at_risk": _l("Open orders whose projected finish misses a date, as of today"),
    "resolution_p90": _l("Nine in ten delays were resolved within this time"),
    "complaint_count": _l("Customer complaints received in the period"),
}

PERIOD_LABELS = {"week": _l("Weekly review"), "month": _l("Monthly review (每月复盘)")}

VERDICT_LABELS = {"better": _l("better"), "worse": _l("worse"), "same": _l("unchanged"), "": ""}


def init_app(app) -> None:
    """Expose the figure names to templates."""
    app.add_template_global(FIGURE_LABELS, "FIGURE_LABELS")
    app.add_template_global(FIGURE_HINTS, "FIGURE_HINTS")
    app.add_template_global(PERIOD_LABELS, "PERIOD_LABELS")
    app.add_template_global(VERDICT_LABELS, "VERDICT_LABELS")
