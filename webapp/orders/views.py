"""Order pages: list and search, create and edit, detail with stages, plan, status, traveler."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from webapp.auth.models import Role, User
from webapp.auth.permissions import role_required
from webapp.extensions import db, htmx
from webapp.orders import queries, services
from webapp.orders.forms import ImportForm, OrderForm, PlanForm, StatusForm, TemplateApplyForm
from webapp.orders.models import Customer, Factory, Order, OrderStatus, Priority, StageTemplate
from webapp.timeutil import app_today, today_in

bp = Blueprint("orders", __name__, url_prefix="/orders")

MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def load_order(order_id: int) -> Order:
    """The order, or 404 when it does not exist or the user may not see it."""
    order = db.get_or_404(Order, order_id)
    if not order.can_view(current_user):
        abort(404)
    return order


def rule_message(exc: services.OrderRuleBroken) -> str:
    """The translated sentence for a broken order rule."""
    messages = {
        "lines_sum": _(
            "The lines add up to %(total)s but the order quantity is %(quantity)s.",
            total=exc.details.get("total"),
            quantity=exc.details.get("quantity"),
        ),
        "bad_transition": _("The order cannot move to this status from where it is now."),
        "transition_not_allowed": _("Your role may not move the order to this status."),
        "plan_has_checkins": _(
            "Check-ins exist for this plan: edit the stages one by one instead of replacing them."
        ),
        "plan_dates": _("The finish cannot be before the start."),
    }
    return messages.get(exc.code, exc.code)


# --- list ------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    """All orders the user may see, searchable; htmx gets just the result list."""
    text = request.args.get("q", "")
    status_value = request.args.get("status", "open")
    status = OrderStatus(status_value) if status_value in {s.value for s in OrderStatus} else None
    orders = queries.search(current_user, text, status=status, open_only=status_value == "open")
    from webapp.progress.queries import progress_for_orders

    today = app_today()
    progress = progress_for_orders(orders, today)
    template = "orders/_list.html" if htmx else "orders/index.html"
    return render_template(
        template, orders=orders, progress=progress, q=text, status=status_value, today=today
    )


# --- create and edit -------------------------------------------------------------------


def _fill_choices(form: OrderForm) -> None:
    customers = db.session.scalars(
        sa.select(Customer).where(Customer.active).order_by(Customer.name)
    )
    factories = db.session.scalars(sa.select(Factory).where(Factory.active).order_by(Factory.name))
    followers = db.session.scalars(
        sa.select(User).where(User.active, User.role == Role.FOLLOWER).order_by(User.full_name)
    )
    templates = db.session.scalars(sa.select(StageTemplate).order_by(StageTemplate.name))
    form.customer_id.choices = [SelectChoice(c.id, f"{c.name} ({c.code})") for c in customers]
    form.factory_id.choices = [SelectChoice(f.id, f.name) for f in factories]
    form.follower_id.choices = [SelectChoice(0, _("— not assigned —"))] + [
        SelectChoice(u.id, u.full_name) for u in followers
    ]
    from webapp.i18n import ui_lang

    form.product_type.choices = [SelectChoice("", "—")] + [
        SelectChoice(t.product_type, t.label(ui_lang())) for t in templates
    ]


def _order_data(form: OrderForm) -> dict:
    return {
        "customer_id": form.customer_id.data,
        "factory_id": form.factory_id.data,
        "follower_id": form.follower_id.data or None,
        "po_number": form.po_number.data.strip(),
        "style": form.style.data.strip(),
        "product_name": form.product_name.data.strip(),
        "spec": (form.spec.data or "").strip(),
        "product_type": form.product_type.data or "",
        "quantity": form.quantity.data,
        "unit": form.unit.data,
        "packaging": (form.packaging.data or "").strip(),
        "due_date": form.due_date.data,
        "priority": Priority(form.priority.data),
        "notes": (form.notes.data or "").strip(),
    }


def _line_data(form: OrderForm) -> list[services.LineData]:
    return [
        services.LineData(
            (entry.sku.data or "").strip(),
            (entry.colour.data or "").strip(),
            (entry.size.data or "").strip(),
            entry.quantity.data,
        )
        for entry in form.lines
        if not entry.form.is_blank()
    ]


def _lines_complete(form: OrderForm) -> bool:
    ok = True
    for entry in form.lines:
        if not entry.form.is_blank() and not entry.quantity.data:
            entry.quantity.errors = [*entry.quantity.errors, _("Enter the quantity of this line.")]
            ok = False
    return ok


@bp.route("/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new():
    """Create an order (supervisors and admins)."""
    form = OrderForm()
    _fill_choices(form)
    if request.method == "POST" and "more_lines" in request.form:
        form.lines.append_entry()
        form.lines.append_entry()
        return render_template("orders/form.html", form=form, order=None)
    if form.validate_on_submit() and _lines_complete(form):
        try:
            order = services.create_order(_order_data(form), _line_data(form), by=current_user)
        except services.OrderRuleBroken as exc:
            form.quantity.errors = [*form.quantity.errors, rule_message(exc)]
        else:
            db.session.commit()
            flash(_("Order %(number)s created.", number=order.number), "success")
            return redirect(url_for("orders.plan", order_id=order.id))
    status = 422 if form.is_submitted() else 200
    return render_template("orders/form.html", form=form, order=None), status


@bp.route("/<int:order_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(order_id: int):
    """Edit an order's header and lines."""
    order = load_order(order_id)
    form = OrderForm(obj=order)
    _fill_choices(form)
    if request.method == "GET":
        form.follower_id.data = order.follower_id or 0
        while len(form.lines) > 0:
            form.lines.pop_entry()
        for line in order.lines:
            form.lines.append_entry(line)
        form.lines.append_entry()
    if request.method == "POST" and "more_lines" in request.form:
        form.lines.append_entry()
        form.lines.append_entry()
        return render_template("orders/form.html", form=form, order=order)
    if form.validate_on_submit() and _lines_complete(form):
        try:
            services.update_order(order, _order_data(form), _line_data(form), by=current_user)
        except services.OrderRuleBroken as exc:
            form.quantity.errors = [*form.quantity.errors, rule_message(exc)]
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("orders.detail", order_id=order.id))
    status = 422 if form.is_submitted() else 200
    return render_template("orders/form.html", form=form, order=order), status


# --- detail ----------------------------------------------------------------------------


def order_page_context(order: Order) -> dict:
    """Everything the order page shows: progress per stage, risks, check-ins, actions."""
    from webapp.progress.forms import CheckInForm
    from webapp.progress.queries import corrected_ids, progress_for_orders, recent_checkins

    today = today_in(order.factory.timezone)
    progress = progress_for_orders([order], today)[order.id]
    checkins = recent_checkins(order.id)
    return {
        "order": order,
        "progress": progress,
        "today": today,
        "checkins": checkins,
        "corrected": corrected_ids(c.id for c in checkins),
        "transitions": services.allowed_transitions(order, current_user),
        "status_form": StatusForm(),
        "new_checkin_form": CheckInForm,
        "can_check_in": order.can_check_in(current_user) and order.status.is_open,
        "can_inspect": order.status.is_open and _may_inspect(order),
        "inspections": _inspections(order),
        **_delay_context(order, progress),
        **_shipment_context(order),
    }


def _shipment_context(order: Order) -> dict:
    from webapp.shipments.queries import shipped_quantities
    from webapp.shipments.services import may_ship

    return {
        "shipped": shipped_quantities([order])[order.id],
        "can_ship": order.status.is_open and may_ship(order, current_user),
    }


def _delay_context(order: Order, progress) -> dict:
    from webapp.delays import queries as delay_queries

    delays = delay_queries.for_order(order.id)
    may_record = order.status.is_open and (
        current_user.role in MANAGERS or order.follower_id == current_user.id
    )
    prompts = delay_queries.stages_needing_a_cause(progress, delays) if may_record else []
    from webapp.materials import queries as material_queries

    pos = material_queries.for_order(order.id)
    problems = {
        po.id
        for po in material_queries.problem_pos_for_order(order.id, today_in(order.factory.timezone))
    }
    return {
        "delays": delays, "delay_prompts": prompts, "can_record_delay": may_record,
        "material_pos": pos, "material_problems": problems,
    }  # fmt: skip


def _may_inspect(order: Order) -> bool:
    if current_user.role is Role.FOLLOWER:
        return order.follower_id == current_user.id
    return True


def _inspections(order: Order) -> list:
    from webapp.inspections.models import Inspection

    return list(
        db.session.scalars(
            sa.select(Inspection)
            .where(Inspection.order_id == order.id)
            .order_by(Inspection.id.desc())
        )
    )


@bp.get("/<int:order_id>")
@login_required
def detail(order_id: int):
    """The order page: header, risk, stages with progress bars and check-in forms."""
    order = load_order(order_id)
    return render_template("orders/detail.html", **order_page_context(order))


@bp.post("/<int:order_id>/status")
@login_required
def status(order_id: int):
    """Move the order along its lifecycle."""
    order = load_order(order_id)
    form = StatusForm()
    form.to.choices = [s.value for s in OrderStatus]
    if form.validate_on_submit():
        try:
            services.change_status(
                order, OrderStatus(form.to.data), by=current_user, comment=form.comment.data or ""
            )
        except services.OrderRuleBroken as exc:
            db.session.rollback()
            flash(rule_message(exc), "error")
        else:
            db.session.commit()
            from webapp.orders.labels import STATUS_LABELS

            flash(_("Status changed to %(status)s.", status=STATUS_LABELS[order.status]), "success")
    return redirect(url_for("orders.detail", order_id=order.id))


# --- stage plan ------------------------------------------------------------------------


@bp.route("/<int:order_id>/plan", methods=["GET", "POST"])
@role_required(*MANAGERS)
def plan(order_id: int):
    """Edit the stage plan, or start it from a template."""
    order = load_order(order_id)
    form = PlanForm()
    apply_form = _template_form(order)
    if request.method == "GET":
        while len(form.stages) > 0:
            form.stages.pop_entry()
        for stage in order.stages:
            form.stages.append_entry(stage)
        if not order.stages:
            form.stages.append_entry()
    if request.method == "POST" and "more_stages" in request.form:
        form.stages.append_entry()
        return render_template("orders/plan.html", order=order, form=form, apply_form=apply_form)
    if form.validate_on_submit():
        rows = [
            {"name": e.form.name.data.strip(), "name_en": (e.form.name_en.data or "").strip(),
             "planned_qty": e.form.planned_qty.data, "planned_start": e.form.planned_start.data,
             "planned_finish": e.form.planned_finish.data}
            for e in form.stages
        ]  # fmt: skip
        try:
            _save_plan(order, rows)
        except services.OrderRuleBroken as exc:
            db.session.rollback()
            flash(rule_message(exc), "error")
        else:
            db.session.commit()
            flash(_("Stage plan saved."), "success")
            return redirect(url_for("orders.detail", order_id=order.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "orders/plan.html", order=order, form=form, apply_form=apply_form
    ), status


def _save_plan(order: Order, rows: list[dict]) -> None:
    """Replace the plan before check-ins; afterwards re-plan stages in place (same count)."""
    from webapp.progress.models import CheckIn

    has_checkins = db.session.scalar(
        sa.select(CheckIn.id).where(CheckIn.order_id == order.id).limit(1)
    )
    if not has_checkins:
        services.replace_stages(order, rows, by=current_user)
        return
    if len(rows) != len(order.stages):
        raise services.OrderRuleBroken("plan_has_checkins")
    for stage, row in zip(order.stages, rows, strict=True):
        services.update_stage(stage, row, by=current_user)


def _template_form(order: Order) -> TemplateApplyForm:
    form = TemplateApplyForm(prefix="tpl")
    templates = list(db.session.scalars(sa.select(StageTemplate).order_by(StageTemplate.name)))
    from webapp.i18n import ui_lang

    form.template_id.choices = [SelectChoice(t.id, t.label(ui_lang())) for t in templates]
    if not form.is_submitted():
        match = next((t for t in templates if t.product_type == order.product_type), None)
        if match:
            form.template_id.data = match.id
        today = today_in(order.factory.timezone)
        form.start.data = today
        from datetime import timedelta

        form.finish.data = max(order.due_date - timedelta(days=3), today)
    return form


@bp.post("/<int:order_id>/plan/template")
@role_required(*MANAGERS)
def plan_from_template(order_id: int):
    """Start the plan from a product-type template."""
    order = load_order(order_id)
    apply_form = _template_form(order)
    if apply_form.validate_on_submit():
        template = db.get_or_404(StageTemplate, apply_form.template_id.data)
        try:
            services.apply_template(
                order,
                template,
                apply_form.start.data,
                finish=apply_form.finish.data,
                by=current_user,
            )
        except services.OrderRuleBroken as exc:
            db.session.rollback()
            flash(rule_message(exc), "error")
        else:
            db.session.commit()
            flash(_("Plan started from the template. Check the dates and save."), "success")
        return redirect(url_for("orders.plan", order_id=order.id))
    form = PlanForm(formdata=None)
    for stage in order.stages:
        form.stages.append_entry(stage)
    return render_template("orders/plan.html", order=order, form=form, apply_form=apply_form), 422


# --- traveler and scanning -------------------------------------------------------------


@bp.get("/<int:order_id>/traveler")
@login_required
def traveler(order_id: int):
    """A printable sheet with a QR code that opens the order's check-in page."""
    import segno

    order = load_order(order_id)
    target = url_for("orders.detail", order_id=order.id, _external=True)
    qr = segno.make(target, error="m")
    svg = qr.svg_inline(scale=5, border=2, dark="#000", omitsize=False)
    return render_template("orders/traveler.html", order=order, qr_svg=svg, target=target)


@bp.get("/scan")
@login_required
def scan():
    """Scan a traveler's QR code, or type the order number."""
    number = request.args.get("number", "").strip()
    error = None
    if number:
        order_id = queries.by_number(number)
        order = db.session.get(Order, order_id) if order_id else None
        if order is not None and order.can_view(current_user):
            return redirect(url_for("orders.detail", order_id=order.id))
        error = _("No order %(number)s that you follow.", number=number)
    return render_template("orders/scan.html", number=number, error=error), (404 if error else 200)


# --- Excel import ----------------------------------------------------------------------


def _lookups():
    from webapp.orders.importer import Lookups

    customers = db.session.scalars(sa.select(Customer).where(Customer.active))
    factories = db.session.scalars(sa.select(Factory).where(Factory.active))
    followers = db.session.scalars(sa.select(User).where(User.active, User.role == Role.FOLLOWER))
    templates = db.session.scalars(sa.select(StageTemplate.product_type))
    cmap, fmap, umap = {}, {}, {}
    for c in customers:
        cmap[c.code] = cmap[c.name] = c.id
    for f in factories:
        fmap[f.code] = fmap[f.name] = f.id
    for u in followers:
        umap[u.username] = umap[u.full_name] = u.id
    return Lookups(cmap, fmap, umap, frozenset(t.lower() for t in templates))


def _import_dir():
    from pathlib import Path

    from flask import current_app

    path = Path(current_app.config["INSTANCE_PATH"]) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@bp.route("/import", methods=["GET", "POST"])
@role_required(*MANAGERS)
def import_orders():
    """Upload an Excel sheet: every row is checked and reported before anything is saved."""
    import secrets

    from webapp.orders.importer import ImportFileError, read_orders
    from webapp.orders.labels import import_file_message

    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("orders/import.html", form=form, report=None)
    upload = request.files.get("file")
    if not upload or not upload.filename:
        return render_template(
            "orders/import.html", form=form, report=None, error=_("Choose an Excel file (.xlsx).")
        ), 422
    data = upload.read()
    try:
        report = read_orders(data, _lookups())
    except ImportFileError as exc:
        return render_template(
            "orders/import.html", form=form, report=None, error=import_file_message(exc.code)
        ), 422
    token = secrets.token_urlsafe(16)
    (_import_dir() / f"{token}.xlsx").write_bytes(data)
    return render_template("orders/import.html", form=form, report=report, token=token)


@bp.post("/import/confirm")
@role_required(*MANAGERS)
def import_confirm():
    """Create the valid rows of a checked sheet, all in one transaction."""
    import re

    from webapp.orders.importer import read_orders

    form = ImportForm()
    token = request.form.get("token", "")
    path = _import_dir() / f"{token}.xlsx"
    if (
        not form.validate_on_submit()
        or not re.fullmatch(r"[\w-]{16,40}", token)
        or not path.exists()
    ):
        flash(_("The checked file has expired. Upload it again."), "error")
        return redirect(url_for("orders.import_orders"))
    report = read_orders(path.read_bytes(), _lookups())
    if report.missing_columns:
        flash(_("The file lacks required columns; nothing was imported."), "error")
        return redirect(url_for("orders.import_orders"))
    created = []
    for row in report.valid:
        data = {**row.data, "priority": Priority(row.data["priority"])}
        created.append(services.create_order(data, [], by=current_user))
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(
        _("%(created)d orders imported, %(skipped)d rows skipped.",
          created=len(created), skipped=len(report.invalid)),
        "success",
    )  # fmt: skip
    return redirect(url_for("orders.index"))


@bp.get("/import/template.xlsx")
@role_required(*MANAGERS)
def import_template():
    """The Excel template with the expected columns."""
    from flask import Response

    from webapp.orders.importer import template_workbook

    return Response(
        template_workbook(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="gendan-orders-template.xlsx"'},
    )


@bp.get("/<int:order_id>/head")
@login_required
def head(order_id: int):
    """The order header fragment (status, risk), refreshed after check-ins."""
    order = load_order(order_id)
    return render_template("orders/_head.html", **order_page_context(order))
