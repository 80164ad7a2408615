"""Suppliers and material POs: create, edit, follow step by step. Services flush and audit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.materials.models import (
    Currency,
    InspectionOutcome,
    MaterialPO,
    MaterialPOOrder,
    MaterialPOStatus,
    Supplier,
)
from webapp.models_base import utcnow
from webapp.sync.idempotency import create_once

SUPPLIER_FIELDS = ("code", "name", "contact", "active")
PO_FIELDS = (
    "number", "supplier_id", "item", "spec", "quantity", "unit", "unit_price", "currency",
    "promised_date", "note",
)  # fmt: skip

S = MaterialPOStatus
# The one step that may follow each status (cancel aside).
NEXT_STEP: dict[MaterialPOStatus, MaterialPOStatus] = {
    S.ORDERED: S.CONFIRMED,
    S.CONFIRMED: S.SHIPPED,
    S.SHIPPED: S.RECEIVED,
    S.RECEIVED: S.INSPECTED,
    S.INSPECTED: S.IN_WAREHOUSE,
}
# The column that dates each step.
STEP_DATES: dict[MaterialPOStatus, str] = {
    S.CONFIRMED: "confirmed_at",
    S.SHIPPED: "shipped_at",
    S.RECEIVED: "received_at",
    S.INSPECTED: "inspected_at",
    S.IN_WAREHOUSE: "warehoused_at",
    S.CANCELLED: "cancelled_at",
}


class MaterialRuleBroken(ValueError):
    """A material PO rule was broken; `code` says which (views translate it)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


# --- suppliers -----------------------------------------------------------------------------


def create_supplier(data: dict[str, Any], *, by: User) -> Supplier:
    """Add a supplier; the code must be new."""
    _check_supplier_code(data["code"], None)
    supplier = Supplier(**data)
    db.session.add(supplier)
    db.session.flush()
    audit.created(by, supplier, SUPPLIER_FIELDS)
    return supplier


def update_supplier(supplier: Supplier, data: dict[str, Any], *, by: User) -> Supplier:
    """Change a supplier; audited field by field."""
    if "code" in data:
        _check_supplier_code(data["code"], supplier.id)
    before = audit.snapshot(supplier, SUPPLIER_FIELDS)
    for key, value in data.items():
        if key not in SUPPLIER_FIELDS:
            raise TypeError(f"not an editable supplier field: {key}")
        setattr(supplier, key, value)
    db.session.flush()
    if changes := audit.diff(before, audit.snapshot(supplier, SUPPLIER_FIELDS)):
        audit.record(by, "update", supplier, changes)
    return supplier


def _check_supplier_code(code: str, own_id: int | None) -> None:
    query = sa.select(Supplier.id).where(sa.func.lower(Supplier.code) == code.lower())
    if own_id is not None:
        query = query.where(Supplier.id != own_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise MaterialRuleBroken("supplier_code_taken", supplier_code=code)


# --- purchase orders -----------------------------------------------------------------------


def _check_po(data: dict[str, Any]) -> None:
    if data["quantity"] is None or data["quantity"] <= 0:
        raise MaterialRuleBroken("quantity_positive")
    if not isinstance(data["unit_price"], Decimal) or data["unit_price"] < 0:
        raise MaterialRuleBroken("bad_price")
    if not isinstance(data["currency"], Currency):
        raise MaterialRuleBroken("bad_currency")


def create_po(
    data: dict[str, Any], order_ids: Iterable[int], *, by: User, client_uuid: uuid.UUID
) -> tuple[MaterialPO, bool]:
    """Create a PO in status ordered linked to the orders; a repeat of the UUID returns it.

    Raises ClientUUIDConflict when the UUID was used for a PO with other content."""
    _check_po(data)
    order_ids = sorted(set(order_ids))

    def build() -> MaterialPO:
        po = MaterialPO(**data, status=MaterialPOStatus.ORDERED, created_by_id=by.id)
        po.order_links = [MaterialPOOrder(order_id=oid) for oid in order_ids]
        return po

    values = dict(data)
    po, created = create_once(MaterialPO, client_uuid, values, compare=PO_FIELDS, build=build)
    if created:
        entry = audit.created(by, po, (*PO_FIELDS, "status"))
        entry.changes = {**entry.changes, "orders": [None, po.order_ids]}
    return po, created


def update_po(
    po: MaterialPO, data: dict[str, Any], order_ids: Iterable[int], *, by: User
) -> MaterialPO:
    """Change a PO's fields and linked orders; audited field by field."""
    if po.status.is_final:
        raise MaterialRuleBroken("final", status=po.status.value)
    _check_po({**{f: getattr(po, f) for f in PO_FIELDS}, **data})
    before = {**audit.snapshot(po, PO_FIELDS), "orders": po.order_ids}
    for key, value in data.items():
        if key not in PO_FIELDS:
            raise TypeError(f"not an editable material PO field: {key}")
        setattr(po, key, value)
    wanted = set(order_ids)
    for link in list(po.order_links):
        if link.order_id not in wanted:
            po.order_links.remove(link)
    have = {link.order_id for link in po.order_links}
    for oid in sorted(wanted - have):
        po.order_links.append(MaterialPOOrder(order_id=oid))
    db.session.flush()
    after = {**audit.snapshot(po, PO_FIELDS), "orders": po.order_ids}
    if changes := audit.diff(before, after):
        audit.record(by, "update", po, changes)
    return po


def next_step(po: MaterialPO) -> MaterialPOStatus | None:
    """The step the big button offers, or None when the PO is finished."""
    return NEXT_STEP.get(po.status)


def advance(
    po: MaterialPO,
    to_status: MaterialPOStatus,
    by: User,
    *,
    at: datetime | None = None,
    received_qty: int | None = None,
    inspection_result: InspectionOutcome | str | None = None,
    inspection_note: str = "",
    note: str = "",
    concession: object = None,
) -> MaterialPO:
    """Move the PO one step on (or cancel it), date the step and audit it.

    A rejected lot enters the warehouse only with `concession`: the approved
    material_concession request (see webapp/materials/approval_kinds.py).

    received needs received_qty >= 0; inspected needs accepted/rejected and a note when
    rejected; steps cannot be skipped; cancelled and in_warehouse are final."""
    if po.status.is_final:
        raise MaterialRuleBroken("final", status=po.status.value)
    if to_status is not S.CANCELLED and NEXT_STEP.get(po.status) is not to_status:
        raise MaterialRuleBroken("bad_step", frm=po.status.value, to=to_status.value)
    at = at or utcnow()
    fields = ["status", STEP_DATES[to_status]]
    before = audit.snapshot(po, (*fields, "received_qty", "inspection_result", "inspection_note"))
    if to_status is S.RECEIVED:
        if received_qty is None or isinstance(received_qty, bool) or received_qty < 0:
            raise MaterialRuleBroken("received_qty")
        po.received_qty = received_qty
        fields.append("received_qty")
    if to_status is S.INSPECTED:
        try:
            result = InspectionOutcome(getattr(inspection_result, "value", inspection_result))
        except ValueError:
            raise MaterialRuleBroken("inspection_result") from None
        inspection_note = (inspection_note or "").strip()
        if result is InspectionOutcome.REJECTED and not inspection_note:
            raise MaterialRuleBroken("rejection_note")
        po.inspection_result = result
        po.inspection_note = inspection_note
        fields += ["inspection_result", "inspection_note"]
    rejected_lot = (
        to_status is S.IN_WAREHOUSE and po.inspection_result is InspectionOutcome.REJECTED
    )
    if rejected_lot and concession is None:
        # A rejected lot goes back to the supplier unless a supervisor approved a concession.
        raise MaterialRuleBroken("rejected_lot")
    po.status = to_status
    setattr(po, STEP_DATES[to_status], at)
    db.session.flush()
    changes = audit.diff({k: before.get(k) for k in fields}, audit.snapshot(po, fields))
    if note := (note or "").strip():
        changes["note"] = [None, note]
    if rejected_lot:
        changes["concession"] = [None, getattr(concession, "number", True)]
    audit.record(by, "step", po, changes)
    return po
