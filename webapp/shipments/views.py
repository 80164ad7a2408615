"""Shipment pages: plan from an order, step it on from the phone, papers, the schedule."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.extensions import db, htmx
from webapp.media.labels import reject_message
from webapp.media.services import ImageRejected
from webapp.models_base import utcnow
from webapp.orders.models import Order
from webapp.orders.views import load_order
from webapp.shipments import documents, queries, services
from webapp.shipments.forms import CancelForm, DetailsForm, DocumentForm, ShipmentForm, StepForm
from webapp.shipments.labels import SHIPMENT_STATUS_LABELS, refusal_message
from webapp.shipments.models import (
    DocumentKind,
    Shipment,
    ShipmentDocument,
    ShipmentStatus,
    ShipMode,
)
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid

bp = Blueprint("shipments", __name__)


def load_shipment(shipment_id: int) -> Shipment:
    """The shipment, or 404 when it does not exist or the user may not see it."""
    shipment = db.get_or_404(Shipment, shipment_id)
    if not shipment.can_view(current_user):
        abort(404)
    return shipment


def shipment_timezone(shipment: Shipment) -> str:
    """Step times are entered in the zone of the factory the goods leave from."""
    orders = shipment.orders
    return orders[0].factory.timezone if orders else "Asia/Shanghai"


def _local_input(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def _to_utc(value: datetime | None, tz: str) -> datetime | None:
    return value.replace(tzinfo=ZoneInfo(tz)) if value is not None else None


# --- list ------------------------------------------------------------------------------------


@bp.get("/shipments/")
@login_required
def index():
    """The user's shipments: open ones by planned departure, or gone, or cancelled."""
    view = request.args.get("view", "open")
    if view not in ("open", "gone", "cancelled"):
        view = "open"
    shipments = queries.shipments_for(current_user, status=view)
    return render_template(
        "shipments/index.html", shipments=shipments, view=view,
        cancelled_label=SHIPMENT_STATUS_LABELS[ShipmentStatus.CANCELLED],
    )  # fmt: skip


# --- create ------------------------------------------------------------------------------------


def _candidates(order: Order) -> list[Order]:
    """The order first, then the other open orders of its customer the user may ship."""
    others = db.session.scalars(
        sa.select(Order)
        .where(Order.customer_id == order.customer_id, Order.id != order.id)
        .order_by(Order.due_date, Order.id)
    )
    return [order] + [o for o in others if o.status.is_open and services.may_ship(o, current_user)]


def _rows(orders: list[Order]) -> list[dict]:
    """One input row per order line (or per order without lines), with what is left."""
    per_order, per_line = services.committed_quantities([o.id for o in orders])
    rows = []
    for order in orders:
        targets = order.lines or [None]
        for line in targets:
            ordered = line.quantity if line else order.quantity
            done = per_line.get(line.id, 0) if line else per_order.get(order.id, 0)
            key = f"{order.id}-{line.id if line else 0}"
            rows.append({"key": key, "order": order, "line": line, "ordered": ordered,
                         "left": max(ordered - done, 0)})  # fmt: skip
    return rows


def _read_rows(rows: list[dict], errors: dict[str, str]) -> list[services.LineInput]:
    """The quantities typed per row; bad numbers are reported per row."""
    lines = []
    for row in rows:
        key = row["key"]
        raw = {f: (request.form.get(f"{f}-{key}") or "").strip() for f in ("qty", "ctn", "price")}
        row["values"] = raw
        if not raw["qty"] or raw["qty"] == "0":
            continue
        try:
            qty = int(raw["qty"])
            cartons = int(raw["ctn"] or 0)
            price = Decimal(raw["price"] or "0")
        except (ValueError, InvalidOperation):
            errors[key] = _("Enter whole numbers for quantity and cartons, and a price like 4.50.")
            continue
        if qty < 0 or cartons < 0 or price < 0 or not price.is_finite():
            errors[key] = _("Numbers cannot be negative.")
            continue
        if qty > row["left"]:
            errors[key] = _("Only %(left)s left to ship.", left=row["left"])
            continue
        lines.append(
            services.LineInput(order=row["order"], quantity=qty, order_line=row["line"],
                               cartons=cartons, unit_price=price.quantize(Decimal("0.0001")))
        )  # fmt: skip
    return lines


@bp.route("/orders/<int:order_id>/shipments/new", methods=["GET", "POST"])
@login_required
def new(order_id: int):
    """Plan a shipment of this order (and other orders of the same customer)."""
    order = load_order(order_id)
    if not services.may_ship(order, current_user) or not order.status.is_open:
        abort(403)
    form = ShipmentForm(client_uuid=str(uuid.uuid4()), mode=ShipMode.SEA.value,
                        port_of_loading=_("Ningbo"))  # fmt: skip
    rows = _rows(_candidates(order))
    row_errors: dict[str, str] = {}
    if request.method == "GET":
        for row in rows:
            if row["order"].id == order.id:
                row["values"] = {"qty": str(row["left"] or ""), "ctn": "", "price": ""}
    if form.validate_on_submit():
        lines = _read_rows(rows, row_errors)
        if not row_errors:
            try:
                shipment, _created = services.create_shipment(
                    by=current_user, client_uuid=parse_uuid(form.client_uuid.data),
                    customer=order.customer, lines=lines, mode=ShipMode(form.mode.data),
                    carrier=form.carrier.data or "", booking_ref=form.booking_ref.data or "",
                    port_of_loading=form.port_of_loading.data or "",
                    destination=form.destination.data or "", currency=form.currency.data,
                    planned_ready=form.planned_ready.data,
                    planned_loading=form.planned_loading.data,
                    etd=form.etd.data, eta=form.eta.data, notes=form.notes.data or "",
                )  # fmt: skip
            except services.ShipmentRefused as exc:
                db.session.rollback()
                flash(refusal_message(exc), "error")
            except ClientUUIDConflict:
                db.session.rollback()
                form.client_uuid.data = str(uuid.uuid4())
                flash(_("This entry was already sent with other numbers. Check it and save again."),
                      "error")  # fmt: skip
            else:
                db.session.commit()
                flash(_("Shipment %(number)s planned.", number=shipment.number), "success")
                return redirect(url_for("shipments.detail", shipment_id=shipment.id))
    elif request.method == "POST":
        _read_rows(rows, row_errors)
    status = 422 if request.method == "POST" else 200
    return render_template("shipments/new.html", order=order, form=form, rows=rows,
                           row_errors=row_errors), status  # fmt: skip


# --- detail and steps --------------------------------------------------------------------------


def _step_form(shipment: Shipment, form: StepForm | None = None) -> StepForm:
    step = services.next_step(shipment)
    if form is None:
        form = StepForm(client_uuid=str(uuid.uuid4()), to=step.value if step else "",
                        carrier=shipment.carrier, booking_ref=shipment.booking_ref,
                        tracking_no=shipment.tracking_no, container_no=shipment.container_no,
                        seal_no=shipment.seal_no)  # fmt: skip
        form.at.data = datetime.fromisoformat(_local_input(utcnow(), shipment_timezone(shipment)))
    return form


def _steps_context(shipment: Shipment, **extra) -> dict:
    step = services.next_step(shipment)
    can_edit = shipment.can_edit(current_user)
    checks = [services.final_inspection_check(o) for o in shipment.orders]
    return {
        "shipment": shipment, "step": step, "can_step": can_edit and step is not None,
        "can_cancel": can_edit and shipment.status.is_open, "form": _step_form(shipment),
        "fri_checks": checks, "loading_checklist": services.LOADING_CHECKLIST,
        "timezone": shipment_timezone(shipment), **extra,
    }  # fmt: skip


@bp.get("/shipments/<int:shipment_id>")
@login_required
def detail(shipment_id: int):
    """A shipment: steps with the next one as a big button, lines, facts, papers, history."""
    shipment = load_shipment(shipment_id)
    from webapp.audit.services import history

    orders = shipment.orders
    return render_template(
        "shipments/detail.html", **_steps_context(shipment),
        details_form=DetailsForm(obj=shipment), cancel_form=CancelForm(),
        document_form=DocumentForm(client_uuid=str(uuid.uuid4())),
        quantities=queries.shipped_quantities(orders), history=history(shipment),
    )  # fmt: skip


def _photo_bytes(field) -> list[bytes]:
    return [f.read() for f in (field.data or []) if getattr(f, "filename", "")]


@bp.post("/shipments/<int:shipment_id>/advance")
@login_required
def advance(shipment_id: int):
    """Move the shipment one step on; htmx gets the steps card back."""
    shipment = load_shipment(shipment_id)
    if not shipment.can_edit(current_user):
        abort(403)
    form = StepForm()
    tz = shipment_timezone(shipment)
    error = None
    saved = None
    try:
        to = ShipmentStatus(form.to.data)
    except ValueError:
        to = None
    if to is None or to is not services.next_step(shipment):
        error = refusal_message(services.ShipmentRefused("bad_step"))
    elif form.validate_on_submit():
        checklist = {item: request.form.get(f"check-{item}", "")
                     for item in services.LOADING_CHECKLIST}  # fmt: skip
        try:
            services.advance(
                shipment, to, by=current_user, at=_to_utc(form.at.data, tz),
                carrier=form.carrier.data if to is ShipmentStatus.BOOKED else None,
                booking_ref=form.booking_ref.data if to is ShipmentStatus.BOOKED else None,
                tracking_no=form.tracking_no.data if to is ShipmentStatus.BOOKED else None,
                container_no=form.container_no.data if to is ShipmentStatus.LOADED else None,
                seal_no=form.seal_no.data if to is ShipmentStatus.LOADED else None,
                checklist=checklist, photos=_photo_bytes(form.photos),
                photo_parent=parse_uuid(form.client_uuid.data),
                loading_note=form.loading_note.data or "",
                arrived_at=_to_utc(form.arrived_at.data, tz),
            )  # fmt: skip
        except services.ShipmentRefused as exc:
            error = refusal_message(exc)
        except ImageRejected as exc:
            error = reject_message(exc)
        else:
            db.session.commit()
            saved = _("%(number)s: %(status)s.", number=shipment.number,
                      status=SHIPMENT_STATUS_LABELS[shipment.status])  # fmt: skip
    else:
        error = next(iter(e for errs in form.errors.values() for e in errs), None)
    if error:
        db.session.rollback()
    if not htmx:
        flash(error or saved, "error" if error else "success")
        return redirect(url_for("shipments.detail", shipment_id=shipment.id))
    context = _steps_context(shipment, saved=saved, error=error)
    if error and to is services.next_step(shipment):
        context["form"] = form  # keep what was typed
    return render_template("shipments/_steps.html", **context), 422 if error else 200


@bp.post("/shipments/<int:shipment_id>/details")
@login_required
def details(shipment_id: int):
    """Save the logistics facts (weights, cartons, container, planned dates)."""
    shipment = load_shipment(shipment_id)
    if not shipment.can_edit(current_user):
        abort(403)
    form = DetailsForm()
    if form.validate_on_submit():
        values = {
            name: getattr(form, name).data for name in services.DETAIL_FIELDS if hasattr(form, name)
        }
        values["mode"] = ShipMode(values["mode"])
        for key in ("cartons", "gross_kg", "net_kg", "volume_cbm"):
            values[key] = values[key] if values[key] is not None else 0
        for key in ("carrier", "booking_ref", "container_no", "seal_no", "tracking_no",
                    "port_of_loading", "destination", "notes"):  # fmt: skip
            values[key] = values[key] or ""
        try:
            services.update_details(shipment, by=current_user, **values)
        except services.ShipmentRefused as exc:
            db.session.rollback()
            flash(refusal_message(exc), "error")
        else:
            db.session.commit()
            flash(_("Shipment details saved."), "success")
            return redirect(url_for("shipments.detail", shipment_id=shipment.id))
    from webapp.audit.services import history

    return render_template(
        "shipments/detail.html", **_steps_context(shipment), details_form=form,
        cancel_form=CancelForm(), document_form=DocumentForm(client_uuid=str(uuid.uuid4())),
        quantities=queries.shipped_quantities(shipment.orders), history=history(shipment),
        details_open=True,
    ), 422  # fmt: skip


@bp.post("/shipments/<int:shipment_id>/cancel")
@login_required
def cancel(shipment_id: int):
    """Call the shipment off (before it departs)."""
    shipment = load_shipment(shipment_id)
    if not shipment.can_edit(current_user):
        abort(403)
    form = CancelForm()
    try:
        services.cancel(shipment, by=current_user, reason=form.reason.data or "")
    except services.ShipmentRefused as exc:
        db.session.rollback()
        flash(refusal_message(exc), "error")
    else:
        db.session.commit()
        flash(_("Shipment %(number)s cancelled.", number=shipment.number), "success")
    return redirect(url_for("shipments.detail", shipment_id=shipment.id))


# --- papers ------------------------------------------------------------------------------------


@bp.post("/shipments/<int:shipment_id>/documents")
@login_required
def attach(shipment_id: int):
    """Attach a bill of lading, certificate of origin or other paper."""
    shipment = load_shipment(shipment_id)
    if not shipment.can_edit(current_user):
        abort(403)
    form = DocumentForm()
    upload = form.file.data
    if form.validate_on_submit() and upload is not None and getattr(upload, "filename", ""):
        try:
            services.attach_document(
                shipment, by=current_user, client_uuid=parse_uuid(form.client_uuid.data),
                kind=DocumentKind(form.kind.data), filename=upload.filename, data=upload.read(),
            )  # fmt: skip
        except services.ShipmentRefused as exc:
            db.session.rollback()
            flash(refusal_message(exc), "error")
        except ClientUUIDConflict:
            db.session.rollback()
            flash(_("This entry was already sent with other numbers. Check it and save again."),
                  "error")  # fmt: skip
        else:
            db.session.commit()
            flash(_("Paper attached."), "success")
    else:
        flash(_("Choose the file to attach."), "error")
    return redirect(url_for("shipments.detail", shipment_id=shipment.id) + "#papers")


@bp.get("/shipments/<int:shipment_id>/documents/<int:document_id>")
@login_required
def document(shipment_id: int, document_id: int):
    """Download an attached paper."""
    shipment = load_shipment(shipment_id)
    doc = db.get_or_404(ShipmentDocument, document_id)
    if doc.shipment_id != shipment.id:
        abort(404)
    from webapp.media.services import storage
    from webapp.media.storage import StorageKeyError

    try:
        data = storage().open(doc.storage_key)
    except StorageKeyError:
        abort(404)
    return _download(data, doc.mime_type, doc.filename, inline=True)


def _download(data: bytes, mime: str, filename: str, inline: bool = False) -> Response:
    from urllib.parse import quote

    response = Response(data, mimetype=mime)
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode() or "document"
    response.headers["Content-Disposition"] = (
        f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get(
    "/shipments/<int:shipment_id>/<any('invoice', 'packing-list'):kind>.<any('pdf', 'xlsx'):fmt>"
)
@login_required
def paper(shipment_id: int, kind: str, fmt: str):
    """Commercial invoice or packing list, as PDF or Excel, in the customer's language
    (?lang=zh_Hans|en to choose another)."""
    shipment = load_shipment(shipment_id)
    lang = request.args.get("lang") or shipment.customer.language or "en"
    lang = "zh_Hans" if lang.lower().startswith("zh") else "en"
    data, mime, filename = documents.render(shipment, kind, fmt, lang)
    return _download(data, mime, filename)


# --- schedule ----------------------------------------------------------------------------------


@bp.get("/shipments/schedule")
@login_required
def schedule():
    """The shipping schedule (出货排期表): upcoming shipments by week with their readiness."""
    weeks = queries.schedule(current_user)
    if request.args.get("format") == "xlsx":
        data = documents.schedule_xlsx(weeks)
        return _download(data, documents.XLSX, f"shipping-schedule-{utcnow():%Y%m%d}.xlsx")
    return render_template("shipments/schedule.html", weeks=weeks)
