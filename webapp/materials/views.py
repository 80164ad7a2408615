"""Material PO pages: the follow-up list, create and edit, steps, suppliers, Excel import."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from flask import (
    Blueprint,
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
from webapp.auth.permissions import role_required
from webapp.extensions import db, htmx
from webapp.materials import labels, metrics, queries, services
from webapp.materials.forms import AdvanceForm, ImportForm, MaterialPOForm, SupplierForm
from webapp.materials.models import (
    Currency,
    MaterialPO,
    MaterialPOStatus,
    Supplier,
)
from webapp.models_base import utcnow
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid
from webapp.timeutil import app_timezone, local

bp = Blueprint("materials", __name__, url_prefix="/materials")

BUYERS = (Role.SUPERVISOR, Role.ADMIN, Role.FOLLOWER)
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


@bp.context_processor
def _labels() -> dict:
    return {**labels.template_globals(), "po_metrics": metrics}


def _now() -> datetime:
    return local(utcnow(), app_timezone())


def load_po(po_id: int) -> MaterialPO:
    """The PO, or 404 when it does not exist or the user may not see it."""
    po = db.get_or_404(MaterialPO, po_id)
    if not po.can_view(current_user):
        abort(404)
    return po


# --- the follow-up list ----------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    """Due in 24 hours, overdue, short or rejected first, then the rest; htmx gets the list."""
    text = request.args.get("q", "")
    status_value = request.args.get("status", "open")
    status = (
        MaterialPOStatus(status_value)
        if status_value in {s.value for s in MaterialPOStatus}
        else None
    )
    pos = queries.search(current_user, text, status=status)
    if status_value == "open":
        pos = [po for po in pos if not po.status.is_final]
    now = _now()
    context = {
        "sections": queries.follow_up(pos, now), "q": text, "status": status_value,
        "today": now.date(), "can_create": current_user.has_role(*BUYERS),
    }  # fmt: skip
    fragment = htmx and htmx.target == "po-list"
    template = "materials/_list.html" if fragment else "materials/index.html"
    return render_template(template, **context)


# --- create and edit -------------------------------------------------------------------------


def _fill_choices(form: MaterialPOForm, po: MaterialPO | None) -> None:
    from webapp.orders.queries import search as search_orders

    suppliers = db.session.scalars(
        sa.select(Supplier)
        .where(sa.or_(Supplier.active, Supplier.id == (po.supplier_id if po else -1)))
        .order_by(Supplier.name)
    )
    form.supplier_id.choices = [SelectChoice(s.id, f"{s.name} ({s.code})") for s in suppliers]
    orders = {o.id: o for o in search_orders(current_user, open_only=True, limit=500)}
    for order in po.orders if po else []:
        orders.setdefault(order.id, order)
    form.order_ids.choices = [
        SelectChoice(o.id, f"{o.number} · {o.style} · {o.customer.name}")
        for o in sorted(orders.values(), key=lambda o: o.id)
    ]


def _po_data(form: MaterialPOForm) -> dict:
    return {
        "number": form.number.data.strip(),
        "supplier_id": form.supplier_id.data,
        "item": form.item.data.strip(),
        "spec": (form.spec.data or "").strip(),
        "quantity": form.quantity.data,
        "unit": form.unit.data,
        "unit_price": form.unit_price.data,
        "currency": Currency(form.currency.data),
        "promised_date": form.promised_date.data,
        "note": (form.note.data or "").strip(),
    }


def _render_form(form: MaterialPOForm, po: MaterialPO | None, status: int = 200, error=None):
    if form.client_uuid.errors or not parse_uuid(form.client_uuid.data):
        form.client_uuid.data = str(uuid.uuid4())
    return render_template("materials/form.html", form=form, po=po, error=error), status


@bp.route("/new", methods=["GET", "POST"])
@role_required(*BUYERS)
def new():
    """Create a PO for the orders the user may see."""
    form = MaterialPOForm()
    _fill_choices(form, None)
    if request.method == "GET":
        form.client_uuid.data = str(uuid.uuid4())
        if order_id := request.args.get("order", type=int):
            form.order_ids.data = [order_id]
    if form.validate_on_submit():
        try:
            po, _created = services.create_po(
                _po_data(form), form.order_ids.data or [], by=current_user,
                client_uuid=parse_uuid(form.client_uuid.data),
            )  # fmt: skip
        except services.MaterialRuleBroken as exc:
            db.session.rollback()
            return _render_form(form, None, 422, labels.rule_message(exc.code))
        except ClientUUIDConflict:
            db.session.rollback()
            message = _("This PO was already sent with other details. Reload and enter it again.")
            return _render_form(form, None, 409, message)
        db.session.commit()
        flash(_("Material PO %(number)s saved.", number=po.number), "success")
        return redirect(url_for("materials.detail", po_id=po.id))
    return _render_form(form, None, 422 if form.is_submitted() else 200)


@bp.route("/<int:po_id>/edit", methods=["GET", "POST"])
@login_required
def edit(po_id: int):
    """Edit a PO's details and linked orders (not once it is finished)."""
    po = load_po(po_id)
    if not po.can_edit(current_user) or po.status.is_final:
        abort(403)
    form = MaterialPOForm(obj=po)
    _fill_choices(form, po)
    if request.method == "GET":
        form.client_uuid.data = str(po.client_uuid)
        form.order_ids.data = po.order_ids
    if form.validate_on_submit():
        try:
            services.update_po(po, _po_data(form), form.order_ids.data or [], by=current_user)
        except services.MaterialRuleBroken as exc:
            db.session.rollback()
            return _render_form(form, po, 422, labels.rule_message(exc.code))
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("materials.detail", po_id=po.id))
    return _render_form(form, po, 422 if form.is_submitted() else 200)


# --- detail and steps ------------------------------------------------------------------------


def _step_context(po: MaterialPO, form: AdvanceForm | None = None, **extra) -> dict:
    step = services.next_step(po)
    if form is None:
        form = AdvanceForm(formdata=None, to=step.value if step else "")
    return {
        "po": po, "step": step, "form": form, "today": _now().date(),
        "can_step": bool(step) and po.can_advance(current_user, step),
        "can_cancel": not po.status.is_final and po.can_edit(current_user),
        "can_edit": not po.status.is_final and po.can_edit(current_user),
        **extra,
    }  # fmt: skip


@bp.get("/<int:po_id>")
@login_required
def detail(po_id: int):
    """The PO: facts, the step timeline and one big button for the next step."""
    po = load_po(po_id)
    return render_template("materials/detail.html", **_step_context(po))


@bp.post("/<int:po_id>/advance")
@login_required
def advance(po_id: int):
    """Do the next step (or cancel); htmx swaps the step card."""
    po = load_po(po_id)
    form = AdvanceForm()
    try:
        to = MaterialPOStatus(form.to.data)
    except ValueError:
        abort(400)
    if not po.can_advance(current_user, to) or (
        to is MaterialPOStatus.CANCELLED and not po.can_edit(current_user)
    ):
        abort(403)
    if not form.validate_on_submit():
        return _step_response(po, form, 422)
    if to is MaterialPOStatus.RECEIVED and form.received_qty.data is None:
        form.received_qty.errors = [*form.received_qty.errors, _("Enter the quantity received.")]
        return _step_response(po, form, 422)
    try:
        services.advance(
            po, to, current_user, received_qty=form.received_qty.data,
            inspection_result=form.inspection_result.data or None,
            inspection_note=form.inspection_note.data or "", note=form.note.data or "",
        )  # fmt: skip
    except services.MaterialRuleBroken as exc:
        db.session.rollback()
        if exc.code in ("inspection_result", "rejection_note"):
            field = (
                form.inspection_result if exc.code == "inspection_result" else form.inspection_note
            )
            field.errors = [*field.errors, labels.rule_message(exc.code)]
            return _step_response(po, form, 422)
        return _step_response(po, form, 409, error=labels.rule_message(exc.code))
    saved = _("Step saved: %(status)s.", status=labels.PO_STATUS_LABELS[po.status])
    if not htmx:
        db.session.commit()
        flash(saved, "success")
        return redirect(url_for("materials.detail", po_id=po.id))
    response = render_template("materials/_steps.html", **_step_context(po, saved=saved))
    db.session.commit()
    return response


def _step_response(po: MaterialPO, form: AdvanceForm, status: int, error: str | None = None):
    context = _step_context(po, form, error=error)
    if htmx:
        return render_template("materials/_steps.html", **context), status
    return render_template("materials/detail.html", **context), status


# --- suppliers -------------------------------------------------------------------------------


@bp.get("/suppliers")
@login_required
def suppliers():
    """Suppliers with their on-time, right-quantity and rejection rates."""
    rows = db.session.scalars(sa.select(Supplier).order_by(Supplier.active.desc(), Supplier.name))
    return render_template(
        "materials/suppliers.html",
        suppliers=list(rows),
        stats=queries.supplier_metrics(app_timezone()),
        can_manage=current_user.has_role(*MANAGERS),
    )


def _supplier_data(form: SupplierForm) -> dict:
    return {
        "code": form.code.data.strip().upper(),
        "name": form.name.data.strip(),
        "contact": (form.contact.data or "").strip(),
        "active": bool(form.active.data),
    }


@bp.route("/suppliers/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def supplier_new():
    """Add a supplier (supervisors and admins)."""
    form = SupplierForm()
    if form.validate_on_submit():
        try:
            services.create_supplier(_supplier_data(form), by=current_user)
        except services.MaterialRuleBroken as exc:
            db.session.rollback()
            form.code.errors = [*form.code.errors, labels.rule_message(exc.code)]
        else:
            db.session.commit()
            flash(_("Supplier saved."), "success")
            return redirect(url_for("materials.suppliers"))
    status = 422 if form.is_submitted() else 200
    return render_template("materials/supplier_form.html", form=form, supplier=None), status


@bp.route("/suppliers/<int:supplier_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def supplier_edit(supplier_id: int):
    """Edit a supplier."""
    supplier = db.get_or_404(Supplier, supplier_id)
    form = SupplierForm(obj=supplier)
    if form.validate_on_submit():
        try:
            services.update_supplier(supplier, _supplier_data(form), by=current_user)
        except services.MaterialRuleBroken as exc:
            db.session.rollback()
            form.code.errors = [*form.code.errors, labels.rule_message(exc.code)]
        else:
            db.session.commit()
            flash(_("Supplier saved."), "success")
            return redirect(url_for("materials.suppliers"))
    status = 422 if form.is_submitted() else 200
    return render_template("materials/supplier_form.html", form=form, supplier=supplier), status


# --- Excel import ----------------------------------------------------------------------------


def _lookups():
    from webapp.materials.importer import Lookups
    from webapp.orders.queries import search as search_orders

    smap: dict[str, int] = {}
    for s in db.session.scalars(sa.select(Supplier).where(Supplier.active)):
        smap[s.code] = smap[s.name] = s.id
    omap: dict[str, int] = {}
    for o in search_orders(current_user, open_only=True, limit=2000):
        omap[o.number] = omap[o.po_number] = o.id
    return Lookups(smap, omap)


def _import_dir():
    from pathlib import Path

    path = Path(current_app.config["INSTANCE_PATH"]) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@bp.route("/import", methods=["GET", "POST"])
@role_required(*BUYERS)
def import_pos():
    """Upload an Excel sheet of POs: every row is checked and reported before anything is saved."""
    import secrets

    from webapp.materials.importer import ImportFileError, read_pos
    from webapp.orders.labels import import_file_message

    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("materials/import.html", form=form, report=None)
    upload = request.files.get("file")
    if not upload or not upload.filename:
        error = _("Choose an Excel file (.xlsx).")
        return render_template("materials/import.html", form=form, report=None, error=error), 422
    data = upload.read()
    try:
        report = read_pos(data, _lookups())
    except ImportFileError as exc:
        return render_template(
            "materials/import.html", form=form, report=None, error=import_file_message(exc.code)
        ), 422
    token = secrets.token_urlsafe(16)
    (_import_dir() / f"materials-{token}.xlsx").write_bytes(data)
    return render_template("materials/import.html", form=form, report=report, token=token)


@bp.post("/import/confirm")
@role_required(*BUYERS)
def import_confirm():
    """Create the valid rows of a checked sheet, all in one transaction."""
    import re

    from webapp.materials.importer import read_pos

    form = ImportForm()
    token = request.form.get("token", "")
    path = _import_dir() / f"materials-{token}.xlsx"
    if (
        not form.validate_on_submit()
        or not re.fullmatch(r"[\w-]{16,40}", token)
        or not path.exists()
    ):
        flash(_("The checked file has expired. Upload it again."), "error")
        return redirect(url_for("materials.import_pos"))
    report = read_pos(path.read_bytes(), _lookups())
    if report.missing_columns:
        flash(_("The file lacks required columns; nothing was imported."), "error")
        return redirect(url_for("materials.import_pos"))
    for row in report.valid:
        data = dict(row.data)
        order_ids = data.pop("order_ids")
        data["currency"] = Currency(data["currency"])
        services.create_po(data, order_ids, by=current_user, client_uuid=uuid.uuid4())
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(
        _("%(created)d material POs imported, %(skipped)d rows skipped.",
          created=len(report.valid), skipped=len(report.invalid)),
        "success",
    )  # fmt: skip
    return redirect(url_for("materials.index"))
