"""Inspection pages: start with a live plan, record defects and checklist, submit, report."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from webapp.auth.models import Role
from webapp.extensions import db, htmx
from webapp.i18n import ui_lang
from webapp.inspections import aql, services
from webapp.inspections.forms import DefectForm, StartInspectionForm, SubmitForm
from webapp.inspections.labels import CHECKLIST_LABELS, REFUSALS, SWITCH_REASONS
from webapp.inspections.models import (
    Defect,
    DefectClass,
    DefectType,
    Inspection,
    InspectionStatus,
    InspectionType,
)
from webapp.media.labels import reject_message
from webapp.media.services import ImageRejected
from webapp.orders.views import load_order
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid

bp = Blueprint("inspections", __name__)

RUNNERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN, Role.FOLLOWER)


def load_inspection(inspection_id: int) -> Inspection:
    """The inspection, or 404 when missing or not visible to the user."""
    inspection = db.get_or_404(Inspection, inspection_id)
    if not inspection.can_view(current_user):
        abort(404)
    return inspection


def _may_start(order) -> bool:
    if current_user.role is Role.FOLLOWER:
        return order.follower_id == current_user.id
    return current_user.role in RUNNERS


@bp.get("/inspections/")
@login_required
def index():
    """Recent inspections the user may see: in progress first."""
    from webapp.orders.models import Order

    query = sa.select(Inspection).join(Order, Order.id == Inspection.order_id)
    if not current_user.can_see_all_orders():
        query = query.where(Order.follower_id == current_user.id)
    rows = db.session.scalars(
        query.order_by(Inspection.status, Inspection.created_at.desc()).limit(100)
    ).all()
    return render_template("inspections/index.html", inspections=rows)


# --- start -------------------------------------------------------------------------------


def _plan_preview(form: StartInspectionForm):
    """Per-class plans for the form's values, or an error message."""
    try:
        lot = int(form.lot_size.data or request.values.get("lot_size") or 0)
        aqls = {"critical": form.aql_critical.data, "major": form.aql_major.data,
                "minor": form.aql_minor.data}  # fmt: skip
        return services.plans_for(lot, form.level.data, aqls, form.severity.data), None
    except (ValueError, TypeError):
        return None, _("Enter a lot size to see the sampling plan.")


@bp.route("/orders/<int:order_id>/inspections/new", methods=["GET", "POST"])
@login_required
def new(order_id: int):
    """Start an inspection: the plan shows at once, the suggested severity is preselected."""
    order = load_order(order_id)
    if not _may_start(order):
        abort(403)
    inspection_type = (
        InspectionType(request.values.get("type", "fri"))
        if request.values.get("type") in {t.value for t in InspectionType}
        else InspectionType.FRI
    )
    material_po = _material_po(order)
    if material_po is not None:
        inspection_type = InspectionType.IQC
    suggestion = services.suggested_severity(order, inspection_type, material_po)
    defaults = {
        "client_uuid": str(uuid.uuid4()), "type": inspection_type.value,
        "lot_size": material_po.received_qty if material_po else order.quantity,
        "level": order.customer.inspection_level, "aql_critical": order.customer.aql_critical,
        "aql_major": aql.normalize_aql(order.customer.aql_major),
        "aql_minor": aql.normalize_aql(order.customer.aql_minor), "severity": suggestion.severity,
    }  # fmt: skip
    if htmx and request.method == "GET":  # live preview: the form's current values
        form = StartInspectionForm(formdata=request.args)
    else:
        form = StartInspectionForm(**defaults)
    if form.validate_on_submit():
        try:
            inspection, _created = services.start_inspection(
                order=order, by=current_user, client_uuid=parse_uuid(form.client_uuid.data),
                inspection_type=InspectionType(form.type.data), lot_size=form.lot_size.data,
                level=form.level.data, severity=form.severity.data,
                aqls={"critical": form.aql_critical.data, "major": form.aql_major.data,
                      "minor": form.aql_minor.data},
                material_po=material_po,
            )  # fmt: skip
        except services.InspectionRefused as exc:
            db.session.rollback()
            flash(str(REFUSALS[exc.code]), "error")
        else:
            db.session.commit()
            return redirect(url_for("inspections.detail", inspection_id=inspection.id))
    plans, plan_error = _plan_preview(form)
    context = {
        "order": order, "form": form, "plans": plans, "plan_error": plan_error,
        "material_po": material_po,
        "suggestion": suggestion, "switch_reason": SWITCH_REASONS.get(suggestion.reason, ""),
    }  # fmt: skip
    if htmx and request.method == "GET":
        return render_template("inspections/_plan.html", **context)
    status = 422 if form.is_submitted() else 200
    return render_template("inspections/new.html", **context), status


def _material_po(order):
    """The material PO of an incoming inspection (?material_po=), if it feeds this order."""
    from webapp.materials.models import MaterialPO

    value = request.values.get("material_po", "")
    if not value.isdigit():
        return None
    po = db.session.get(MaterialPO, int(value))
    if po is None or order.id not in po.order_ids or not po.can_view(current_user):
        abort(404)
    return po


# --- recording -----------------------------------------------------------------------------


def _defect_form(
    inspection: Inspection, form: DefectForm | None = None, last: Defect | None = None
) -> DefectForm:
    """A defect form; a fresh one starts on the last type recorded (defects come in runs)."""
    types = services.defect_types_for(inspection.order.product_type)
    if form is None:
        first = last.defect_type if last else (types[0] if types else None)
        form = DefectForm(
            formdata=None, client_uuid=str(uuid.uuid4()), count=1,
            defect_type_id=first.id if first else None,
            defect_class=(last.defect_class if last else first.default_class).value
            if first
            else None,
        )  # fmt: skip
    lang = ui_lang()
    form.defect_type_id.choices = [
        SelectChoice(t.id, t.label(lang), render_kw={"data-class": t.default_class.value})
        for t in types
    ]
    return form


def _detail_context(inspection: Inspection, defect_form: DefectForm | None = None, **extra) -> dict:
    last = extra.pop("last", None)
    context = {
        "inspection": inspection,
        "order": inspection.order,
        "live": services.live_state(inspection),
        "tallies": services.tallies(inspection),
        "defect_form": _defect_form(inspection, defect_form, last),
        "can_record": inspection.can_record(current_user),
        "checklist_items": services.CHECKLIST[inspection.type],
        "checklist": {row.item: row for row in inspection.checklist},
        "submit_form": SubmitForm(formdata=None),
        "reinspections": db.session.scalars(
            sa.select(Inspection).where(Inspection.reinspection_of_id == inspection.id)
        ).all(),
    }
    context.update(extra)
    return context


@bp.get("/inspections/<int:inspection_id>")
@login_required
def detail(inspection_id: int):
    """The inspection: plan, live tallies, defects with photos, checklist, submit."""
    inspection = load_inspection(inspection_id)
    return render_template("inspections/detail.html", **_detail_context(inspection))


def _recording_page(inspection: Inspection, form: DefectForm | None, status: int, **extra):
    context = _detail_context(inspection, form, **extra)
    if htmx:
        return render_template("inspections/_recording.html", **context), status
    return render_template("inspections/detail.html", **context), status


@bp.post("/inspections/<int:inspection_id>/defects")
@login_required
def add_defect(inspection_id: int):
    """Record defects of one type (with photos); htmx swaps in the tallies and the list."""
    inspection = load_inspection(inspection_id)
    if not inspection.can_record(current_user):
        abort(403)
    form = _defect_form(inspection, DefectForm())
    if not form.validate_on_submit():
        if form.client_uuid.errors:
            form.client_uuid.data = str(uuid.uuid4())
        return _recording_page(inspection, form, 422)
    defect_type = db.get_or_404(DefectType, form.defect_type_id.data)
    photos = [f.read() for f in (form.photos.data or []) if getattr(f, "filename", "")]
    try:
        defect, _created = services.add_defect(
            inspection=inspection, by=current_user, client_uuid=parse_uuid(form.client_uuid.data),
            defect_type=defect_type, defect_class=DefectClass(form.defect_class.data),
            count=form.count.data, note=form.note.data or "", photos=photos,
        )  # fmt: skip
    except ImageRejected as exc:
        db.session.rollback()
        form.photos.errors = [reject_message(exc)]
        return _recording_page(inspection, form, 422)
    except services.InspectionRefused as exc:
        db.session.rollback()
        return _recording_page(inspection, form, 422, error=str(REFUSALS[exc.code]))
    except ClientUUIDConflict:
        db.session.rollback()
        form.client_uuid.data = str(uuid.uuid4())
        return _recording_page(
            inspection, form, 409,
            error=_("This entry was already sent with other numbers. Check it and save again."),
        )  # fmt: skip
    db.session.commit()
    db.session.refresh(inspection)
    saved = _("Recorded: %(count)d × %(type)s.", count=defect.count,
              type=defect.defect_type.label(ui_lang()))  # fmt: skip
    if not htmx:
        flash(saved, "success")
        return redirect(url_for("inspections.detail", inspection_id=inspection.id) + "#defects")
    return _recording_page(inspection, None, 200, saved=saved, last=defect)


@bp.post("/inspections/<int:inspection_id>/defects/<int:defect_id>/delete")
@login_required
def remove_defect(inspection_id: int, defect_id: int):
    """Take back a defect entered by mistake."""
    inspection = load_inspection(inspection_id)
    defect = db.get_or_404(Defect, defect_id)
    if defect.inspection_id != inspection.id:
        abort(404)
    if not inspection.can_record(current_user):
        abort(403)
    services.remove_defect(defect, by=current_user)
    db.session.commit()
    db.session.refresh(inspection)
    if htmx:
        return _recording_page(inspection, None, 200)
    return redirect(url_for("inspections.detail", inspection_id=inspection.id) + "#defects")


@bp.post("/inspections/<int:inspection_id>/checklist")
@login_required
def checklist(inspection_id: int):
    """Save the checklist (pass / fail / n.a. with comments)."""
    inspection = load_inspection(inspection_id)
    if not inspection.can_record(current_user):
        abort(403)
    from flask_wtf.csrf import validate_csrf
    from wtforms import ValidationError

    if current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.form.get("csrf_token") or request.headers.get("X-CSRFToken"))
        except ValidationError:
            abort(400)
    results = {}
    for item in services.CHECKLIST[inspection.type]:
        value = request.form.get(f"item-{item}", "")
        if value:
            results[item] = (value, request.form.get(f"comment-{item}", "")[:1000])
    try:
        services.save_checklist(inspection, results, by=current_user)
    except services.InspectionRefused as exc:
        db.session.rollback()
        flash(str(REFUSALS[exc.code]), "error")
    else:
        db.session.commit()
        flash(_("Checklist saved."), "success")
    return redirect(url_for("inspections.detail", inspection_id=inspection.id) + "#checklist")


@bp.post("/inspections/<int:inspection_id>/submit")
@login_required
def submit(inspection_id: int):
    """Compute the verdict and hand the inspection to the supervisor."""
    inspection = load_inspection(inspection_id)
    if not inspection.can_record(current_user):
        abort(403)
    form = SubmitForm()
    if form.validate_on_submit():
        outcome = services.submit(inspection, by=current_user, notes=form.notes.data or "")
        db.session.commit()
        if outcome.accepted:
            flash(
                _("Submitted: the lot is ACCEPTED. Waiting for the supervisor's sign-off."),
                "success",
            )
        else:
            flash(
                _(
                    "Submitted: the lot is REJECTED. "
                    "Rework and re-inspect, or ask for a concession."
                ),
                "error",
            )
    return redirect(url_for("inspections.detail", inspection_id=inspection.id))


@bp.post("/inspections/<int:inspection_id>/reinspect")
@login_required
def reinspect(inspection_id: int):
    """Start the re-inspection of a rejected lot after rework."""
    inspection = load_inspection(inspection_id)
    if not _may_start(inspection.order):
        abort(403)
    client_uuid = parse_uuid(request.form.get("client_uuid")) or uuid.uuid4()
    try:
        new_inspection, _created = services.reinspect(
            inspection, by=current_user, client_uuid=client_uuid
        )
    except services.InspectionRefused as exc:
        db.session.rollback()
        flash(str(REFUSALS[exc.code]), "error")
        return redirect(url_for("inspections.detail", inspection_id=inspection.id))
    db.session.commit()
    return redirect(url_for("inspections.detail", inspection_id=new_inspection.id))


# --- report ----------------------------------------------------------------------------------


@bp.get("/inspections/<int:inspection_id>/report")
@login_required
def report(inspection_id: int):
    """The inspection report as a page (the customer's language with ?lang=)."""
    inspection = load_inspection(inspection_id)
    return render_template("inspections/report.html", **_detail_context(inspection))


@bp.get("/inspections/<int:inspection_id>/report.pdf")
@login_required
def report_pdf(inspection_id: int):
    """The inspection report as PDF, in the UI language or ?lang=zh_Hans|en."""
    from flask_babel import force_locale

    from webapp.inspections.report import build_report
    from webapp.inspections.report_pdf import render_pdf

    inspection = load_inspection(inspection_id)
    lang = request.args.get("lang")
    lang = lang if lang in ("zh_Hans", "en") else ui_lang()
    with force_locale(lang):
        data = render_pdf(build_report(inspection, lang))
    name = f"{inspection.number}-{inspection.order.style}.pdf"
    return Response(
        data, mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


__all__ = ["CHECKLIST_LABELS", "InspectionStatus"]
