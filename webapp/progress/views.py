"""Check-ins from the floor (htmx), corrections, the daily report and the tracking table."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.extensions import db, htmx
from webapp.media.labels import reject_message
from webapp.media.services import ImageRejected, derived_uuid, store_photo
from webapp.orders.models import Stage
from webapp.orders.views import load_order, order_page_context
from webapp.progress import reports, services
from webapp.progress.forms import CheckInForm
from webapp.progress.messages import refusal_message, warning_message
from webapp.progress.models import CheckIn
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid

bp = Blueprint("progress", __name__)


def _load_stage(order_id: int, stage_id: int) -> Stage:
    """The stage with its order, factory and sibling stages, in one query; 404 if not visible."""
    stage = services.load_stage(order_id, stage_id)
    if stage is None or not stage.order.can_view(current_user):
        abort(404)
    return stage


def _render_stage(stage: Stage, form: CheckInForm | None, status: int = 200, days=None, **extra):
    """The stage card fragment for htmx, or the whole order page otherwise.

    `days` (the stage's totals per work date, as the service computed them with the new row)
    spares the fragment its one query."""
    forms = {stage.id: form} if form is not None else {}
    order = stage.order
    if htmx:
        from webapp.progress.queries import progress_for_stage, stage_progress
        from webapp.timeutil import today_in

        today = today_in(order.factory.timezone)
        if days is None:
            sp = progress_for_stage(stage, today)
        else:
            sp = stage_progress(stage, days, today)
        can_check_in = order.can_check_in(current_user) and order.status.is_open
        return render_template(
            "progress/_stage.html", sp=sp, order=order, forms=forms, can_check_in=can_check_in,
            new_checkin_form=CheckInForm, **extra,
        ), status  # fmt: skip
    context = order_page_context(order)
    context.update(extra, forms=forms)
    return render_template("orders/detail.html", **context), status


def _save_photo(form: CheckInForm, client_uuid: uuid.UUID) -> int | None:
    upload = form.photo.data
    if not upload or not getattr(upload, "filename", None):
        return None
    photo = store_photo(upload.read(), client_uuid=derived_uuid(client_uuid), by=current_user)
    return photo.id


@bp.post("/orders/<int:order_id>/stages/<int:stage_id>/checkins")
@login_required
def checkin(order_id: int, stage_id: int):
    """Record a check-in; htmx swaps in the stage card with the bar moved."""
    stage = _load_stage(order_id, stage_id)
    if not stage.order.can_check_in(current_user):
        abort(403)
    return _record(stage, corrects=None)


def _record(stage: Stage, corrects: CheckIn | None):
    form = CheckInForm()
    if not form.validate_on_submit():
        return _respond_error(stage, form, corrects, None)
    client_uuid = parse_uuid(form.client_uuid.data)
    try:
        photo_id = _save_photo(form, client_uuid)
        result = services.record_checkin(
            stage=stage, by=current_user, client_uuid=client_uuid,
            good_qty=form.good_qty.data, rework_qty=form.rework_qty.data or 0,
            scrap_qty=form.scrap_qty.data or 0, note=form.note.data or "",
            work_date=form.work_date.data, photo_id=photo_id, corrects=corrects,
            confirm_over_plan=form.confirm_over_plan.data,
        )  # fmt: skip
    except ImageRejected as exc:
        db.session.rollback()
        form.photo.errors = [reject_message(exc)]
        return _respond_error(stage, form, corrects, None)
    except services.NeedsConfirmation as exc:
        db.session.rollback()
        return _respond_error(stage, form, corrects, refusal_message(exc), confirm=True)
    except services.CheckInRefused as exc:
        db.session.rollback()
        return _respond_error(stage, form, corrects, refusal_message(exc))
    except ClientUUIDConflict:
        db.session.rollback()
        return _respond_error(
            stage, form, corrects,
            _(
                "This entry was already sent with other numbers. "
                "Reload the page and enter it again."
            ),
            status=409,
        )  # fmt: skip
    warnings = [warning_message(code, details) for code, details in result.warnings]
    saved = _("Saved: %(good)s good, %(rework)s rework, %(scrap)s scrap.",
              good=result.checkin.good_qty, rework=result.checkin.rework_qty,
              scrap=result.checkin.scrap_qty)  # fmt: skip
    if corrects is not None or not htmx:
        db.session.commit()
        if corrects is not None:
            flash(_("Correction saved."), "success")
            return redirect(url_for("orders.detail", order_id=stage.order_id))
        flash(saved, "success")
        for warning in warnings:
            flash(warning, "warning")
        return redirect(url_for("orders.detail", order_id=stage.order_id) + f"#stage-{stage.id}")
    # Render inside the transaction (the new row is flushed), then commit once: nothing the
    # commit would expire is loaded again. A failed commit still answers with an error.
    response, status = _render_stage(
        stage, None, days=result.stage_days, saved=saved, warnings=warnings
    )
    db.session.commit()
    return response, status, {"HX-Trigger": "checkins-changed"}


def _respond_error(stage, form, corrects, message, confirm=False, status=422):
    if form.client_uuid.errors:
        # A form without a valid UUID gets a fresh one: saving again then works.
        form.client_uuid.data = str(uuid.uuid4())
    if corrects is not None:
        return render_template(
            "progress/correct.html", form=form, original=corrects, stage=stage, error=message,
            confirm=confirm,
        ), status  # fmt: skip
    return _render_stage(stage, form, status, error=message, confirm=confirm)


@bp.route("/checkins/<int:checkin_id>/correct", methods=["GET", "POST"])
@login_required
def correct(checkin_id: int):
    """Correct a check-in: a new entry that replaces the old one in the sums."""
    original = db.get_or_404(CheckIn, checkin_id)
    stage = _load_stage(original.order_id, original.stage_id)
    if not stage.order.can_check_in(current_user):
        abort(403)
    if request.method == "POST":
        return _record(stage, corrects=original)
    form = CheckInForm(
        formdata=None, client_uuid=str(uuid.uuid4()), good_qty=original.good_qty,
        rework_qty=original.rework_qty, scrap_qty=original.scrap_qty, note=original.note,
    )  # fmt: skip
    return render_template("progress/correct.html", form=form, original=original, stage=stage)


@bp.get("/orders/<int:order_id>/checkins")
@login_required
def checkin_list(order_id: int):
    """The recent check-ins of an order (refreshed after each check-in)."""
    order = load_order(order_id)
    context = order_page_context(order)
    return render_template("progress/_checkins.html", **context)


# --- reports -----------------------------------------------------------------------------


def _filters() -> reports.Filters:
    """Filters from the query string; bad values fall back to their defaults."""
    from datetime import date

    from webapp.timeutil import app_today

    def as_int(name: str) -> int | None:
        value = request.args.get(name, "")
        return int(value) if value.isdigit() else None

    try:
        day = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        day = app_today()
    return reports.Filters(day, as_int("factory"), as_int("customer"), as_int("follower"))


def _filter_choices() -> dict:
    import sqlalchemy as sa

    from webapp.auth.models import Role, User
    from webapp.orders.models import Customer, Factory

    return {
        "factories": list(db.session.scalars(sa.select(Factory).order_by(Factory.name))),
        "customers": list(db.session.scalars(sa.select(Customer).order_by(Customer.name))),
        "followers": list(
            db.session.scalars(
                sa.select(User).where(User.role == Role.FOLLOWER).order_by(User.full_name)
            )
        ),
    }


def _xlsx(data: bytes, name: str):
    from flask import Response

    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/reports/daily")
@login_required
def daily():
    """The daily production report: per factory and per follower, for one day."""
    filters = _filters()
    by_factory, by_follower = reports.daily_report(current_user, filters)
    if request.args.get("format") == "xlsx":
        from webapp.i18n import ui_lang

        headers = [_("Date"), _("Factory"), _("Order"), _("Customer"), _("PO number"), _("Style"),
                   _("Stage"), _("Follower"), _("Good"), _("Rework"), _("Scrap"),
                   _("Rework rate"), _("Scrap rate")]  # fmt: skip
        data = reports.daily_report_xlsx(by_factory, filters.day, headers, ui_lang())
        return _xlsx(data, f"daily-report-{filters.day.isoformat()}.xlsx")
    return render_template(
        "progress/daily.html", filters=filters, by_factory=by_factory, by_follower=by_follower,
        **_filter_choices(),
    )  # fmt: skip


@bp.get("/reports/tracking")
@login_required
def tracking():
    """Plan versus actual per order and stage, with projections; at-risk orders first."""
    filters = _filters()
    items = reports.tracking(current_user, filters)
    if request.args.get("format") == "xlsx":
        from webapp.i18n import ui_lang
        from webapp.orders.labels import STAGE_STATUS_LABELS

        headers = [_("Order"), _("Customer"), _("PO number"), _("Style"), _("Factory"),
                   _("Follower"), _("Due date"), _("Stage"), _("Planned quantity"),
                   _("Planned start"), _("Planned finish"), _("Plan to date"), _("Actual"),
                   _("Gap"), _("Progress"), _("Projected finish"), _("Status"),
                   _("At risk")]  # fmt: skip
        data = reports.tracking_xlsx(items, filters.day, headers, ui_lang(), STAGE_STATUS_LABELS)
        return _xlsx(data, f"tracking-{filters.day.isoformat()}.xlsx")
    return render_template(
        "progress/tracking.html", filters=filters, items=items, **_filter_choices()
    )
