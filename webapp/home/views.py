"""Home: each role lands on what it needs first."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from webapp.auth.models import Role
from webapp.orders import queries
from webapp.progress.queries import progress_for_orders
from webapp.timeutil import app_today

bp = Blueprint("home", __name__)


def _urgent_first(orders, today):
    """At-risk orders first, then by due date; returns (orders, progress)."""
    progress = progress_for_orders(orders, today)
    ranked = sorted(orders, key=lambda o: (not progress[o.id].at_risk, o.due_date, o.id))
    return ranked, progress


@bp.get("/")
@login_required
def index():
    """Followers: my orders; supervisors: approvals and at-risk orders; admins: administration."""
    if current_user.role is Role.ADMIN:
        return redirect(url_for("admin.index"))
    today = app_today()
    orders = queries.search(current_user, open_only=True, limit=500)
    if current_user.role is Role.SUPERVISOR:
        ranked, progress = _urgent_first(orders, today)
        at_risk = [o for o in ranked if progress[o.id].at_risk]
        from webapp.delays.queries import flagged

        return render_template(
            "home/supervisor.html", at_risk=at_risk, progress=progress, today=today,
            flagged_delays=flagged(current_user),
        )  # fmt: skip
    if current_user.role is Role.FOLLOWER:
        ranked, progress = _urgent_first(orders, today)
        from webapp.samples.queries import follow_up
        from webapp.samples.views import chase_days

        return render_template(
            "home/follower.html", orders=ranked, progress=progress, today=today,
            samples=follow_up(current_user, today, chase_days()), chase_days=chase_days(),
        )  # fmt: skip
    # Inspectors: orders in production or waiting for inspection, soonest due first.
    active = [o for o in orders if o.status.value in ("in_production", "confirmed")]
    ranked, progress = _urgent_first(active, today)
    return render_template("home/inspector.html", orders=ranked, progress=progress, today=today)
