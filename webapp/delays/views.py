"""Delay and complaint pages: record from an order, work them through, lists for supervisors."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from webapp.auth.models import Role
from webapp.delays import queries, services
from webapp.delays.forms import (
    CancelForm,
    CloseForm,
    ComplaintForm,
    DelayForm,
    EscalateForm,
    ResolveForm,
    RouteForm,
)
from webapp.delays.labels import DELAY_REFUSALS
from webapp.delays.models import (
    Complaint,
    ComplaintCategory,
    ComplaintSeverity,
    Delay,
    DelayCause,
    Department,
)
from webapp.extensions import db
from webapp.i18n import ui_lang
from webapp.media.labels import reject_message
from webapp.media.services import ImageRejected
from webapp.orders.models import Stage
from webapp.orders.views import load_order
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid

bp = Blueprint("delays", __name__)

MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def _may_record(order) -> bool:
    if current_user.role in MANAGERS:
        return True
    return current_user.role is Role.FOLLOWER and order.follower_id == current_user.id


def load_delay(delay_id: int) -> Delay:
    delay = db.get_or_404(Delay, delay_id)
    if not delay.can_view(current_user):
        abort(404)
    return delay


def _create_from_form(form, create, refused=None):
    """Run `create` (a service returning (record, created)) and commit; on a bad photo, a
    reused UUID or a broken rule roll back, mark the form and return None, so the page shows
    again with everything the user typed."""
    try:
        record, _created = create()
    except ImageRejected as exc:
        form.photos.errors = [reject_message(exc)]
    except ClientUUIDConflict:
        form.client_uuid.data = str(uuid.uuid4())
        flash(
            _("This entry was already sent with other numbers. Check it and save again."), "error"
        )
    except services.DelayRefused as exc:
        if refused is None:
            flash(str(DELAY_REFUSALS[exc.code]), "error")
        else:
            refused(exc)
    else:
        db.session.commit()
        return record
    db.session.rollback()
    return None


def _status(form) -> int:
    """422 for a submitted form shown again (with a fresh UUID if its own was bad), else 200."""
    if form.client_uuid.errors:
        form.client_uuid.data = str(uuid.uuid4())
    return 422 if form.is_submitted() else 200


def _photo_bytes(field) -> list[bytes]:
    return [f.read() for f in (field.data or []) if getattr(f, "filename", "")]


# --- delays ----------------------------------------------------------------------------------


@bp.get("/delays/")
@login_required
def index():
    """Open delays by age with their flags; causes ranked; per factory."""
    view = request.args.get("view", "open")
    context = {"view": view}
    if view == "causes":
        context["pareto"], context["stats"] = queries.cause_summary(current_user)
    elif view == "factories":
        context["factories"] = queries.factory_summary(current_user)
    else:
        delays = queries.open_delays(current_user)
        context["delays"] = [(d, queries.delay_flags(d)) for d in delays]
    return render_template("delays/index.html", **context)


@bp.route("/orders/<int:order_id>/delays/new", methods=["GET", "POST"])
@login_required
def new(order_id: int):
    """Record a delay on an order or one of its stages, in a few taps."""
    order = load_order(order_id)
    if not _may_record(order):
        abort(403)
    form = DelayForm(client_uuid=str(uuid.uuid4()), department=Department.PRODUCTION.value)
    form.stage_id.choices = [SelectChoice(0, _("Whole order"))] + [
        SelectChoice(s.id, s.label(ui_lang())) for s in order.stages
    ]
    if request.method == "GET" and request.args.get("stage", "").isdigit():
        form.stage_id.data = int(request.args["stage"])
    if request.method == "GET" and request.args.get("cause") in {c.value for c in DelayCause}:
        form.cause.data = request.args["cause"]
    problem_pos, linked_pos = _material_pos(order)
    form.material_po_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(po.id, f"{po.number} · {po.supplier.name} · {po.item}") for po in linked_pos
    ]
    if request.method == "GET" and problem_pos and not form.cause.data:
        # Late or short material is the most common cause: offer it, with the PO linked.
        form.cause.data = DelayCause.MATERIAL.value
        form.material_po_id.data = problem_pos[0].id
        form.department.data = Department.PURCHASING.value
    if form.validate_on_submit():
        stage = db.session.get(Stage, form.stage_id.data) if form.stage_id.data else None
        po = next((p for p in linked_pos if p.id == form.material_po_id.data), None)

        def refused(exc: services.DelayRefused) -> None:
            target = form.note if exc.code == "note_required" else form.cause
            target.errors = [*target.errors, str(DELAY_REFUSALS[exc.code])]

        delay = _create_from_form(
            form,
            lambda: services.record_delay(
                order=order, by=current_user, client_uuid=parse_uuid(form.client_uuid.data),
                cause=DelayCause(form.cause.data), department=Department(form.department.data),
                stage=stage, note=form.note.data or "", hours_lost=form.hours_lost.data,
                qty_affected=form.qty_affected.data, slip_days=form.slip_days.data,
                responsible=form.responsible.data or "", photos=_photo_bytes(form.photos),
                material_po=po,
            ),
            refused,
        )  # fmt: skip
        if delay is not None:
            flash(_("Delay %(number)s recorded.", number=delay.number), "success")
            return redirect(url_for("delays.detail", delay_id=delay.id))
    return render_template(
        "delays/new.html", order=order, form=form, problem_pos=problem_pos
    ), _status(form)


def _material_pos(order) -> tuple[list, list]:
    """(late/short/rejected POs feeding the order, all POs feeding it)."""
    from webapp.materials import queries as material_queries
    from webapp.timeutil import today_in

    problems = material_queries.problem_pos_for_order(order.id, today_in(order.factory.timezone))
    return problems, material_queries.for_order(order.id)


@bp.get("/delays/<int:delay_id>")
@login_required
def detail(delay_id: int):
    """A delay with its impact, photos, history and the next actions."""
    delay = load_delay(delay_id)
    from webapp.audit.services import history

    return render_template(
        "delays/detail.html", delay=delay, flags=queries.delay_flags(delay),
        history=history(delay), escalate_form=EscalateForm(), resolve_form=ResolveForm(),
        cancel_form=CancelForm(), can_edit=delay.can_edit(current_user),
    )  # fmt: skip


def _act(delay_id: int, action):
    delay = load_delay(delay_id)
    if not delay.can_edit(current_user):
        abort(403)
    try:
        message = action(delay)
    except services.DelayRefused as exc:
        db.session.rollback()
        flash(str(DELAY_REFUSALS[exc.code]), "error")
    else:
        if message is not None:
            db.session.commit()
            flash(message, "success")
    return redirect(url_for("delays.detail", delay_id=delay.id))


@bp.post("/delays/<int:delay_id>/escalate")
@login_required
def escalate(delay_id: int):
    """Escalate to the supervisor (逐级上报)."""

    def act(delay):
        form = EscalateForm()
        if not form.validate_on_submit():
            return None
        services.escalate(delay, by=current_user, note=form.note.data or "")
        return _("Escalated to the supervisor.")

    return _act(delay_id, act)


@bp.post("/delays/<int:delay_id>/resolve")
@login_required
def resolve(delay_id: int):
    """Resolve with root cause and action taken."""

    def act(delay):
        form = ResolveForm()
        if not form.validate_on_submit():
            raise services.DelayRefused("resolution_required")
        services.resolve(delay, by=current_user, root_cause=form.root_cause.data,
                         action_taken=form.action_taken.data)  # fmt: skip
        return _("Delay resolved.")

    return _act(delay_id, act)


@bp.post("/delays/<int:delay_id>/cancel")
@login_required
def cancel(delay_id: int):
    """Cancel a delay recorded by mistake."""

    def act(delay):
        form = CancelForm()
        if not form.validate_on_submit():
            raise services.DelayRefused("reason_required")
        services.cancel(delay, by=current_user, reason=form.reason.data)
        return _("Delay cancelled.")

    return _act(delay_id, act)


# --- complaints --------------------------------------------------------------------------


def load_complaint(complaint_id: int) -> Complaint:
    complaint = db.get_or_404(Complaint, complaint_id)
    if not complaint.order.can_view(current_user):
        abort(404)
    return complaint


@bp.get("/complaints/")
@login_required
def complaints():
    """Customer complaints, newest first."""
    return render_template("delays/complaints.html", complaints=queries.complaints(current_user))


@bp.route("/orders/<int:order_id>/complaints/new", methods=["GET", "POST"])
@login_required
def complaint_new(order_id: int):
    """Log a customer complaint against an order."""
    order = load_order(order_id)
    if not _may_record(order):
        abort(403)
    form = ComplaintForm(client_uuid=str(uuid.uuid4()), department=Department.QC.value)
    if form.validate_on_submit():
        complaint = _create_from_form(
            form,
            lambda: services.record_complaint(
                order=order, by=current_user, client_uuid=parse_uuid(form.client_uuid.data),
                category=ComplaintCategory(form.category.data),
                severity=ComplaintSeverity(form.severity.data), description=form.description.data,
                department=Department(form.department.data), photos=_photo_bytes(form.photos),
            ),
        )  # fmt: skip
        if complaint is not None:
            flash(_("Complaint %(number)s logged.", number=complaint.number), "success")
            return redirect(url_for("delays.complaint_detail", complaint_id=complaint.id))
    return render_template("delays/complaint_new.html", order=order, form=form), _status(form)


@bp.get("/complaints/<int:complaint_id>")
@login_required
def complaint_detail(complaint_id: int):
    complaint = load_complaint(complaint_id)
    from webapp.audit.services import history

    return render_template(
        "delays/complaint_detail.html", complaint=complaint, history=history(complaint),
        route_form=RouteForm(department=complaint.department.value), close_form=CloseForm(),
        can_edit=current_user.role in MANAGERS or complaint.order.follower_id == current_user.id,
    )  # fmt: skip


@bp.post("/complaints/<int:complaint_id>/route")
@login_required
def complaint_route(complaint_id: int):
    complaint = load_complaint(complaint_id)
    if current_user.role not in MANAGERS and complaint.order.follower_id != current_user.id:
        abort(403)
    form = RouteForm()
    try:
        if form.validate_on_submit():
            services.route_complaint(
                complaint, by=current_user, department=Department(form.department.data)
            )
            db.session.commit()
            flash(_("Complaint routed."), "success")
    except services.DelayRefused as exc:
        db.session.rollback()
        flash(str(DELAY_REFUSALS[exc.code]), "error")
    return redirect(url_for("delays.complaint_detail", complaint_id=complaint.id))


@bp.post("/complaints/<int:complaint_id>/close")
@login_required
def complaint_close(complaint_id: int):
    complaint = load_complaint(complaint_id)
    if current_user.role not in MANAGERS and complaint.order.follower_id != current_user.id:
        abort(403)
    form = CloseForm()
    try:
        if not form.validate_on_submit():
            raise services.DelayRefused("resolution_required")
        services.close_complaint(complaint, by=current_user, action_taken=form.action_taken.data)
        db.session.commit()
        flash(_("Complaint closed."), "success")
    except services.DelayRefused as exc:
        db.session.rollback()
        flash(str(DELAY_REFUSALS[exc.code]), "error")
    return redirect(url_for("delays.complaint_detail", complaint_id=complaint.id))
