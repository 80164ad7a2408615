"""Home: each role lands on what it needs first."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from webapp.auth.models import Role

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index():
    """Followers: my orders; supervisors: approvals and at-risk orders; admins: administration."""
    if current_user.role is Role.ADMIN:
        return redirect(url_for("admin.index"))
    if current_user.role is Role.SUPERVISOR:
        return render_template("home/supervisor.html")
    return render_template("home/follower.html")
