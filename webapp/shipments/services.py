"""Shipment rules: create with lines, step through the states, loading check, papers.

Services flush and audit; the view commits once."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.inspections.models import Inspection, InspectionResult, InspectionStatus, InspectionType
from webapp.media.services import store_photos
from webapp.models_base import utcnow
from webapp.orders.models import Customer, Order, OrderLine
from webapp.shipments.models import (
    STEP_COLUMNS,
    STEPS,
    DocumentKind,
    Shipment,
    ShipmentDocument,
    ShipmentLine,
    ShipmentPhoto,
    ShipmentStatus,
    ShipMode,
)
from webapp.sync.idempotency import ClientUUIDConflict, create_once, find

SHIPMENT_FIELDS = (
    "customer_id",
    "mode",
    "carrier",
    "booking_ref",
    "port_of_loading",
    "destination",
    "currency",
    "planned_ready",
    "planned_loading",
    "etd",
    "eta",
    "notes",
)
DETAIL_FIELDS = (
    "mode",
    "carrier",
    "booking_ref",
    "container_no",
    "seal_no",
    "tracking_no",
    "port_of_loading",
    "destination",
    "cartons",
    "gross_kg",
    "net_kg",
    "volume_cbm",
    "packing_confirmed",
    "currency",
    "planned_ready",
    "planned_loading",
    "etd",
    "eta",
    "notes",
)
# The container loading check (装柜检查): every item must pass (or not apply).
LOADING_CHECKLIST = ("container_condition", "carton_count", "carton_marks", "seal")
LOADING_RESULTS = ("pass", "fail", "na")
DOCUMENT_TYPES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}
MAX_DOCUMENT_BYTES = 15 * 1024 * 1024
# A step's moment may be a little ahead of the server clock (phones drift), not more.
FUTURE_SLACK = timedelta(minutes=10)


class ShipmentRefused(Exception):
    """A rule was broken; `code` names it (the view translates), `details` fill the sentence."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class LineInput:
    """One order (line) and the quantity of it in the shipment."""

    order: Order
    quantity: int
    order_line: OrderLine | None = None
    cartons: int = 0
    unit_price: Decimal = Decimal("0")


def may_ship(order: Order, user: User) -> bool:
    """The order's follower, supervisors and admins prepare its shipments."""
    if user.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    return user.role is Role.FOLLOWER and order.follower_id == user.id


def committed_quantities(
    order_ids: Sequence[int], exclude_shipment_id: int | None = None
) -> tuple[dict[int, int], dict[int, int]]:
    """Quantity already in shipments that are not cancelled: (per order, per order line)."""
    query = (
        sa.select(
            ShipmentLine.order_id, ShipmentLine.order_line_id, sa.func.sum(ShipmentLine.quantity)
        )
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(
            ShipmentLine.order_id.in_(list(order_ids)), Shipment.status != ShipmentStatus.CANCELLED
        )
        .group_by(ShipmentLine.order_id, ShipmentLine.order_line_id)
    )
    if exclude_shipment_id is not None:
        query = query.where(Shipment.id != exclude_shipment_id)
    per_order: dict[int, int] = {}
    per_line: dict[int, int] = {}
    for order_id, line_id, qty in db.session.execute(query):
        per_order[order_id] = per_order.get(order_id, 0) + int(qty or 0)
        if line_id is not None:
            per_line[line_id] = per_line.get(line_id, 0) + int(qty or 0)
    return per_order, per_line


def _check_lines(customer: Customer, lines: Sequence[LineInput], by: User) -> None:
    if not lines:
        raise ShipmentRefused("no_lines")
    orders = {line.order.id: line.order for line in lines}
    for order in orders.values():
        if order.customer_id != customer.id:
            raise ShipmentRefused("other_customer", order=order.number)
        if not order.status.is_open:
            raise ShipmentRefused("order_closed", order=order.number)
        if not may_ship(order, by):
            raise ShipmentRefused("not_allowed", order=order.number)
    for line in lines:
        if line.quantity is None or line.quantity <= 0:
            raise ShipmentRefused("quantity_positive", order=line.order.number)
        if line.cartons < 0 or line.unit_price < 0:
            raise ShipmentRefused("negative", order=line.order.number)
        if line.order_line is not None and line.order_line.order_id != line.order.id:
            raise ShipmentRefused("wrong_line", order=line.order.number)
    per_order, per_line = committed_quantities(list(orders))
    new_order: dict[int, int] = {}
    new_line: dict[int, int] = {}
    for line in lines:
        new_order[line.order.id] = new_order.get(line.order.id, 0) + line.quantity
        if line.order_line is not None:
            new_line[line.order_line.id] = new_line.get(line.order_line.id, 0) + line.quantity
    for order_id, qty in new_order.items():
        order = orders[order_id]
        left = order.quantity - per_order.get(order_id, 0)
        if qty > left:
            raise ShipmentRefused("over_ordered", order=order.number, left=max(left, 0))
    for line in lines:
        ol = line.order_line
        if ol is not None and new_line[ol.id] > ol.quantity - per_line.get(ol.id, 0):
            raise ShipmentRefused(
                "over_ordered",
                order=line.order.number,
                left=max(ol.quantity - per_line.get(ol.id, 0), 0),
            )


def create_shipment(
    *,
    by: User,
    client_uuid: uuid.UUID,
    customer: Customer,
    lines: Sequence[LineInput],
    mode: ShipMode = ShipMode.SEA,
    carrier: str = "",
    booking_ref: str = "",
    port_of_loading: str = "",
    destination: str = "",
    currency: str = "USD",
    planned_ready: date | None = None,
    planned_loading: date | None = None,
    etd: date | None = None,
    eta: date | None = None,
    notes: str = "",
) -> tuple[Shipment, bool]:
    """Plan a shipment of one or several orders of one customer; idempotent on client_uuid.

    Refuses an order of another customer, a closed order, an order the user does not follow,
    and more than is left to ship of an order (or of one of its lines): partial shipments add
    up to at most the ordered quantity."""
    if (existing := find(Shipment, client_uuid)) is not None:
        if existing.customer_id != customer.id or sorted(
            (ln.order_id, ln.quantity) for ln in existing.lines
        ) != sorted((ln.order.id, ln.quantity) for ln in lines):
            raise ClientUUIDConflict(existing, ["lines"])
        return existing, False
    _check_lines(customer, lines, by)
    if etd and eta and eta < etd:
        raise ShipmentRefused("eta_before_etd")
    values = {
        "customer_id": customer.id,
        "mode": mode,
        "carrier": carrier.strip(),
        "booking_ref": booking_ref.strip(),
        "port_of_loading": port_of_loading.strip(),
        "destination": destination.strip(),
        "currency": currency,
        "planned_ready": planned_ready,
        "planned_loading": planned_loading,
        "etd": etd,
        "eta": eta,
        "notes": notes.strip(),
        "created_by_id": by.id,
    }

    def build() -> Shipment:
        shipment = Shipment(**values)
        for position, line in enumerate(lines):
            shipment.lines.append(
                ShipmentLine(
                    order_id=line.order.id,
                    position=position,
                    quantity=line.quantity,
                    order_line_id=line.order_line.id if line.order_line else None,
                    cartons=line.cartons,
                    unit_price=line.unit_price,
                )
            )
        shipment.cartons = sum(line.cartons for line in lines)
        return shipment

    shipment, created = create_once(Shipment, client_uuid, {}, (), build=build, checked=True)
    if created:
        audit.created(by, shipment, SHIPMENT_FIELDS)
    return shipment, created


def update_details(shipment: Shipment, *, by: User, **fields: Any) -> Shipment:
    """Change the logistics facts (carrier, booking, container, weights, planned dates) until
    the goods have left; audited with before and after."""
    if not shipment.can_edit(by):
        raise ShipmentRefused("not_allowed", order="")
    if not shipment.status.is_open:
        raise ShipmentRefused("closed")
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    for key in ("cartons", "gross_kg", "net_kg", "volume_cbm"):
        if key in fields and fields[key] is not None and fields[key] < 0:
            raise ShipmentRefused("negative", order="")
    etd, eta = fields.get("etd", shipment.etd), fields.get("eta", shipment.eta)
    if etd and eta and eta < etd:
        raise ShipmentRefused("eta_before_etd")
    before = audit.snapshot(shipment, fields)
    for key, value in fields.items():
        setattr(shipment, key, value.strip() if isinstance(value, str) else value)
    changes = audit.diff(before, audit.snapshot(shipment, fields))
    if changes:
        audit.record(by, "update", shipment, changes)
    return shipment


def next_step(shipment: Shipment) -> ShipmentStatus | None:
    """The step that follows the current one (None once delivered or cancelled)."""
    if shipment.status is ShipmentStatus.CANCELLED or shipment.status is STEPS[-1]:
        return None
    return STEPS[STEPS.index(shipment.status) + 1]


@dataclass(frozen=True)
class FinalInspectionCheck:
    """Whether an order's final inspection clears it for shipping, and why not."""

    order: Order
    inspection: Inspection | None
    ok: bool
    reason: str  # "", "missing", "in_progress", "rejected"
    concession: bool = False


def concession_approved(inspection: Inspection) -> bool:
    """A supervisor approved shipping this rejected lot anyway (让步接收)."""
    from webapp.approvals.services import is_approved

    return is_approved("inspection_concession", inspection.id)


def final_inspection_check(order: Order) -> FinalInspectionCheck:
    """The order's latest final inspection (FRI): accepted, or rejected with a concession."""
    latest = db.session.scalar(
        sa.select(Inspection)
        .where(Inspection.order_id == order.id, Inspection.type == InspectionType.FRI)
        .order_by(Inspection.created_at.desc(), Inspection.id.desc())
        .limit(1)
    )
    if latest is None:
        return FinalInspectionCheck(order, None, False, "missing")
    if latest.status is not InspectionStatus.SUBMITTED:
        return FinalInspectionCheck(order, latest, False, "in_progress")
    if latest.result is InspectionResult.ACCEPTED:
        return FinalInspectionCheck(order, latest, True, "")
    if concession_approved(latest):
        return FinalInspectionCheck(order, latest, True, "", concession=True)
    return FinalInspectionCheck(order, latest, False, "rejected")


def _check_moment(shipment: Shipment, at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("naive datetime")
    if at > utcnow() + FUTURE_SLACK:
        raise ShipmentRefused("in_future")
    # Steps are often recorded after the fact: only the dates of earlier steps bound this one
    # (not the moment the shipment was planned in the system).
    previous = [shipment.step_at(s) for s in STEPS[1 : STEPS.index(shipment.status) + 1]]
    latest = max((m for m in previous if m is not None), default=None)
    if latest is not None and at < latest - FUTURE_SLACK:
        raise ShipmentRefused("before_previous")


def advance(
    shipment: Shipment,
    to: ShipmentStatus,
    *,
    by: User,
    at: datetime | None = None,
    booking_ref: str | None = None,
    carrier: str | None = None,
    container_no: str | None = None,
    seal_no: str | None = None,
    tracking_no: str | None = None,
    checklist: Mapping[str, str] | None = None,
    photos: Sequence[bytes] = (),
    photo_parent: uuid.UUID | None = None,
    loading_note: str = "",
    arrived_at: datetime | None = None,
) -> Shipment:
    """Move a shipment one step on, dated `at` (now by default), and audit it.

    booked needs a booking reference (or a tracking number for courier) and a carrier; packed
    needs cartons, weights and the packing confirmed; inspected needs each order's final
    inspection accepted (or a concession approved); loaded needs that still, plus the
    container loading check: every item passed and at least one photo; delivered cannot be
    dated before the departure."""
    if not shipment.can_edit(by):
        raise ShipmentRefused("not_allowed", order="")
    if to is not next_step(shipment):
        raise ShipmentRefused("bad_step")
    at = at or utcnow()
    _check_moment(shipment, at)
    names = ["status", STEP_COLUMNS[to]]
    updates: dict[str, Any] = {}
    if to is ShipmentStatus.BOOKED:
        updates = {
            k: v.strip()
            for k, v in (
                ("booking_ref", booking_ref),
                ("carrier", carrier),
                ("tracking_no", tracking_no),
            )
            if v is not None
        }
        ref = updates.get("booking_ref", shipment.booking_ref)
        track = updates.get("tracking_no", shipment.tracking_no)
        if not (ref or (shipment.mode is ShipMode.COURIER and track)):
            raise ShipmentRefused("booking_required")
        if not updates.get("carrier", shipment.carrier):
            raise ShipmentRefused("carrier_required")
    elif to is ShipmentStatus.PACKED:
        if shipment.cartons <= 0 or shipment.gross_kg <= 0 or shipment.net_kg <= 0:
            raise ShipmentRefused("packing_incomplete")
        if shipment.net_kg > shipment.gross_kg:
            raise ShipmentRefused("net_over_gross")
        if not shipment.packing_confirmed:
            raise ShipmentRefused("packing_not_confirmed")
    elif to is ShipmentStatus.INSPECTED:
        _require_final_inspections(shipment)
    elif to is ShipmentStatus.LOADED:
        _require_final_inspections(shipment)
        updates = _loading_check(
            shipment, by, container_no, seal_no, checklist, photos, photo_parent, loading_note
        )
    elif to is ShipmentStatus.DELIVERED and arrived_at is not None:
        if arrived_at > at or (shipment.departed_at and arrived_at < shipment.departed_at):
            raise ShipmentRefused("arrival_dates")
        updates = {"arrived_at": arrived_at}
    names += [k for k in updates if k not in names]
    before = audit.snapshot(shipment, names)
    for key, value in updates.items():
        setattr(shipment, key, value)
    shipment.status = to
    setattr(shipment, STEP_COLUMNS[to], at)
    audit.record(by, to.value, shipment, audit.diff(before, audit.snapshot(shipment, names)))
    return shipment


def _require_final_inspections(shipment: Shipment) -> None:
    for order in shipment.orders:
        check = final_inspection_check(order)
        if not check.ok:
            raise ShipmentRefused(f"fri_{check.reason}", order=order.number)
        for line in shipment.lines:
            if line.order_id == order.id:
                line.final_inspection_id = check.inspection.id


def _loading_check(
    shipment: Shipment,
    by: User,
    container_no: str | None,
    seal_no: str | None,
    checklist: Mapping[str, str] | None,
    photos: Sequence[bytes],
    photo_parent: uuid.UUID | None,
    note: str,
) -> dict[str, Any]:
    container = (container_no if container_no is not None else shipment.container_no).strip()
    seal = (seal_no if seal_no is not None else shipment.seal_no).strip()
    if shipment.mode is ShipMode.SEA and not (container and seal):
        raise ShipmentRefused("container_required")
    results = {item: (checklist or {}).get(item, "") for item in LOADING_CHECKLIST}
    if any(value not in LOADING_RESULTS for value in results.values()):
        raise ShipmentRefused("checklist_incomplete")
    if failed := [item for item, value in results.items() if value == "fail"]:
        raise ShipmentRefused("checklist_failed", items=failed)
    if not photos and not shipment.photos:
        raise ShipmentRefused("photos_required")
    stored = store_photos(photos, parent=photo_parent or uuid.uuid4(), by=by)
    start = len(shipment.photos)
    known = {p.photo_id for p in shipment.photos}
    for offset, photo in enumerate(stored):
        if photo.id not in known:
            shipment.photos.append(ShipmentPhoto(photo_id=photo.id, position=start + offset))
    return {
        "container_no": container,
        "seal_no": seal,
        "loading_checklist": results,
        "loading_note": note.strip(),
    }


def cancel(shipment: Shipment, *, by: User, reason: str) -> Shipment:
    """Call a shipment off before it departs; its quantities are free to ship again."""
    if not shipment.can_edit(by):
        raise ShipmentRefused("not_allowed", order="")
    if not shipment.status.is_open:
        raise ShipmentRefused("closed")
    if not reason.strip():
        raise ShipmentRefused("reason_required")
    before = audit.snapshot(shipment, ("status", "cancel_reason"))
    shipment.status = ShipmentStatus.CANCELLED
    shipment.cancelled_at = utcnow()
    shipment.cancel_reason = reason.strip()
    audit.record(
        by,
        "cancelled",
        shipment,
        audit.diff(before, audit.snapshot(shipment, ("status", "cancel_reason"))),
    )
    return shipment


def _sniff(data: bytes) -> tuple[str, str] | None:
    for magic, kind in DOCUMENT_TYPES.items():
        if data.startswith(magic):
            return kind
    return None


def attach_document(
    shipment: Shipment,
    *,
    by: User,
    client_uuid: uuid.UUID,
    kind: DocumentKind,
    filename: str,
    data: bytes,
) -> tuple[ShipmentDocument, bool]:
    """Keep a paper (B/L, certificate of origin, ...) with the shipment, in the media storage.

    PDF, JPEG or PNG, judged by content, at most 15 MB; idempotent on client_uuid."""
    if not shipment.can_edit(by):
        raise ShipmentRefused("not_allowed", order="")
    if (existing := find(ShipmentDocument, client_uuid)) is not None:
        if existing.shipment_id != shipment.id or existing.kind is not kind:
            raise ClientUUIDConflict(existing, ["kind"])
        return existing, False
    if not data:
        raise ShipmentRefused("file_empty")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ShipmentRefused("file_too_big")
    sniffed = _sniff(data)
    if sniffed is None:
        raise ShipmentRefused("file_type")
    mime, suffix = sniffed
    from webapp.media.services import storage
    from webapp.media.storage import content_key

    sha = hashlib.sha256(data).hexdigest()
    key = content_key(sha, f"doc.{suffix}")
    storage().save(key, data, mime)
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[
        :200
    ] or f"{kind.value}.{suffix}"
    values = {
        "shipment_id": shipment.id,
        "kind": kind,
        "filename": name,
        "storage_key": key,
        "sha256": sha,
        "mime_type": mime,
        "size_bytes": len(data),
        "uploaded_by_id": by.id,
    }
    document, created = create_once(
        ShipmentDocument, client_uuid, values, ("shipment_id", "kind"), checked=True
    )
    if created:
        audit.created(by, document, ("shipment_id", "kind", "filename", "sha256", "size_bytes"))
    return document, created
