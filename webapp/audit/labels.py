"""Translated names of audit actions, for history lists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "status": _l("Status changed"),
    "escalated": _l("Escalated"),
    "resolved": _l("Resolved"),
    "cancelled": _l("Cancelled"),
    "routed": _l("Routed"),
    "closed": _l("Closed"),
    "corrected": _l("Corrected"),
    "plan": _l("Plan changed"),
    "submitted": _l("Submitted"),
    "checklist": _l("Checklist saved"),
    "defect_added": _l("Defect recorded"),
    "defect_removed": _l("Defect removed"),
    "password_reset": _l("Password reset"),
    "step": _l("Step"),
    "result": _l("Customer's answer"),
    "received": _l("Money received"),
    "reassign": _l("Reassigned"),
    "sent": _l("Sent to the supervisor"),
    "delete": _l("Removed"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def duration(start, end) -> str:
    """A time span in words in the UI language, e.g. '3 days' / '3天'."""
    from flask_babel import format_timedelta

    if start is None or end is None:
        return "–"
    return format_timedelta(end - start, threshold=1.1)


def init_app(app) -> None:
    from webapp.models_base import utcnow

    app.add_template_global(action_label)
    app.add_template_global(duration)
    app.add_template_global(utcnow, "now_utc")
