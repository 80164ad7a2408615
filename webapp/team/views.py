"""The follower's day (工作日记), the supervisor's page of all days, and the team view."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth.models import Role, User
from webapp.auth.permissions import role_required
from webapp.extensions import db
from webapp.orders.models import Order
from webapp.sync.idempotency import parse_uuid
from webapp.team import labels, queries, services
from webapp.team.forms import DayForm, ReassignForm
from webapp.timeutil import app_timezone, app_today

bp = Blueprint("team", __name__, url_prefix="/team")

MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def _day() -> date:
    """The day asked for (?day=YYYY-MM-DD), today by default; never in the future."""
    today = app_today()
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return today
    return min(day, today)


@bp.route("/day", methods=["GET", "POST"])
@role_required(Role.FOLLOWER)
def day():
    """My day: what I did, generated from my records, what falls due tomorrow, and my note."""
    day = _day()
    summary = queries.day_summary(current_user, day, app_timezone())
    record = summary.record
    form = DayForm(obj=record) if request.method == "GET" and record else DayForm()
    if request.method == "GET" and not form.client_uuid.data:
        form.client_uuid.data = str(uuid.uuid4())
    if form.validate_on_submit():
        send = request.form.get("action") == "send"
        services.save_day(
            current_user, day, note=form.note.data or "",
            tomorrow_note=form.tomorrow_note.data or "",
            client_uuid=parse_uuid(form.client_uuid.data) or uuid.uuid4(), send=send,
        )  # fmt: skip
        db.session.commit()
        flash(_("Sent to the supervisor.") if send else _("Saved."), "success")
        return redirect(url_for("team.day", day=day.isoformat()))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "team/day.html", s=summary, form=form, day=day, today=app_today(),
        prev_day=day - timedelta(days=1),
    ), status  # fmt: skip


@bp.get("/days")
@role_required(*MANAGERS)
def days():
    """All followers' days on one page, sent notes first."""
    day = _day()
    summaries = [queries.day_summary(u, day, app_timezone()) for u in queries.followers()]
    summaries.sort(key=lambda s: (s.record is None or s.record.sent_at is None, s.user.full_name))
    return render_template("team/days.html", summaries=summaries, day=day, today=app_today(),
                           prev_day=day - timedelta(days=1))  # fmt: skip


@bp.get("/days.xlsx")
@role_required(*MANAGERS)
def days_xlsx():
    """The followers' days of one date as Excel."""
    from webapp.team.export import days_xlsx as build

    day = _day()
    summaries = [queries.day_summary(u, day, app_timezone()) for u in queries.followers()]
    data = build(summaries, day, labels.export_headers(), labels.section_names(),
                 labels.describe, labels.notes_headers())  # fmt: skip
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="work-diary-{day}.xlsx"'},
    )


@bp.get("/")
@role_required(*MANAGERS)
def index():
    """Per follower: orders followed, at-risk orders, open delays and their age, data accuracy;
    reassign an order from here."""
    today = app_today()
    since = today - timedelta(days=30)
    rows, progress = queries.team(today, since)
    return render_template(
        "team/index.html", rows=rows, progress=progress, today=today, since=since,
        followers=queries.followers(), form=ReassignForm(formdata=None),
    )  # fmt: skip


@bp.post("/orders/<int:order_id>/reassign")
@role_required(*MANAGERS)
def reassign(order_id: int):
    """Give an order to another follower; the new follower sees it at once."""
    order = db.get_or_404(Order, order_id)
    form = ReassignForm()
    to = db.session.get(User, form.follower_id.data) if form.validate_on_submit() else None
    if to is None:
        flash(_("Choose the follower who takes the order over."), "error")
        return redirect(url_for("team.index")), 303
    try:
        services.reassign_order(order, to, by=current_user, note=form.note.data or "")
    except services.TeamRefused as exc:
        db.session.rollback()
        flash(labels.rule_message(exc.code), "error")
        return redirect(url_for("team.index")), 303
    db.session.commit()
    flash(_("%(order)s now followed by %(name)s.", order=order.number, name=to.full_name),
          "success")  # fmt: skip
    return redirect(url_for("team.index", _anchor=f"follower-{to.id}"))
