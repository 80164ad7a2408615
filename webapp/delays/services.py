"""Recording and working delays and complaints. Services flush and audit; views commit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.delays.models import (
    Complaint,
    ComplaintCategory,
    ComplaintPhoto,
    ComplaintSeverity,
    ComplaintStatus,
    Delay,
    DelayCause,
    DelayPhoto,
    DelayStatus,
    Department,
)
from webapp.media.services import store_photos
from webapp.models_base import utcnow
from webapp.orders.models import Order, Stage
from webapp.sync.idempotency import ClientUUIDConflict, create_once, find

DELAY_FIELDS = (
    "order_id", "stage_id", "cause", "material_po_id", "note", "hours_lost", "qty_affected",
    "slip_days", "department", "responsible",
)  # fmt: skip
COMPLAINT_FIELDS = ("order_id", "category", "severity", "description", "department")


class DelayRefused(Exception):
    """A rule was broken; `code` names it (views translate)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def record_delay(
    *,
    order: Order,
    by: User,
    client_uuid: uuid.UUID,
    cause: DelayCause,
    department: Department,
    stage: Stage | None = None,
    note: str = "",
    hours_lost: int | None = None,
    qty_affected: int | None = None,
    slip_days: int | None = None,
    responsible: str = "",
    photos: Sequence[bytes] = (),
    material_po=None,
) -> tuple[Delay, bool]:
    """Record a delay on an order (or one of its stages); idempotent on client_uuid.

    `material_po` links the material PO behind a material-shortage delay; it must feed the
    order."""
    values: dict[str, Any] = {
        "order_id": order.id, "stage_id": stage.id if stage else None, "cause": cause,
        "material_po_id": material_po.id if material_po else None,
        "note": note.strip(), "hours_lost": hours_lost, "qty_affected": qty_affected,
        "slip_days": slip_days, "department": department, "responsible": responsible.strip(),
        "created_by_id": by.id,
    }  # fmt: skip
    if (existing := find(Delay, client_uuid)) is not None:
        if diff := [
            f for f in ("order_id", "stage_id", "cause") if getattr(existing, f) != values[f]
        ]:
            raise ClientUUIDConflict(existing, diff)
        return existing, False
    if not order.status.is_open:
        raise DelayRefused("order_closed")
    if stage is not None and stage.order_id != order.id:
        raise DelayRefused("wrong_stage")
    if cause is DelayCause.OTHER and not values["note"]:
        raise DelayRefused("note_required")
    if material_po is not None and order.id not in {
        link.order_id for link in material_po.order_links
    }:
        raise DelayRefused("po_not_linked")
    if any(v is not None and v < 0 for v in (hours_lost, qty_affected, slip_days)):
        raise DelayRefused("negative")
    stored = store_photos(photos, parent=client_uuid, by=by)
    delay, created = create_once(
        Delay, client_uuid, values, ("order_id", "stage_id", "cause"), checked=True
    )
    if created:
        for position, photo in enumerate(stored):
            delay.photos.append(DelayPhoto(photo_id=photo.id, position=position))
        audit.created(by, delay, DELAY_FIELDS)
    return delay, created


def _change(delay: Delay, by: User, action: str, to: DelayStatus, **fields: Any) -> Delay:
    names = ("status", *fields)
    before = audit.snapshot(delay, names)
    delay.status = to
    for key, value in fields.items():
        setattr(delay, key, value)
    audit.record(by, action, delay, audit.diff(before, audit.snapshot(delay, names)))
    return delay


def escalate(delay: Delay, *, by: User, note: str = "") -> Delay:
    """Hand an open delay to the supervisor (逐级上报)."""
    if delay.status is not DelayStatus.OPEN:
        raise DelayRefused("not_open")
    _change(delay, by, "escalated", DelayStatus.ESCALATED,
            escalated_at=utcnow(), escalation_note=note.strip())  # fmt: skip
    from webapp.delays.approval_kinds import request_decision

    request_decision(delay, by)
    return delay


def resolve(delay: Delay, *, by: User, root_cause: str, action_taken: str) -> Delay:
    """Close a delay with its root cause and the action taken; the time to resolve follows."""
    if not delay.status.is_open:
        raise DelayRefused("not_open")
    if not root_cause.strip() or not action_taken.strip():
        raise DelayRefused("resolution_required")
    return _change(delay, by, "resolved", DelayStatus.RESOLVED, resolved_at=utcnow(),
                   root_cause=root_cause.strip(), action_taken=action_taken.strip())  # fmt: skip


def cancel(delay: Delay, *, by: User, reason: str) -> Delay:
    """Withdraw a delay recorded by mistake (the reason is kept)."""
    if not delay.status.is_open:
        raise DelayRefused("not_open")
    if not reason.strip():
        raise DelayRefused("reason_required")
    return _change(delay, by, "cancelled", DelayStatus.CANCELLED, cancelled_at=utcnow(),
                   action_taken=reason.strip())  # fmt: skip


# --- complaints ----------------------------------------------------------------------------


def record_complaint(
    *,
    order: Order,
    by: User,
    client_uuid: uuid.UUID,
    category: ComplaintCategory,
    severity: ComplaintSeverity,
    description: str,
    department: Department,
    photos: Sequence[bytes] = (),
) -> tuple[Complaint, bool]:
    """Log a customer complaint against an order; idempotent on client_uuid."""
    if not description.strip():
        raise DelayRefused("description_required")
    values = {
        "order_id": order.id, "category": category, "severity": severity,
        "description": description.strip(), "department": department, "created_by_id": by.id,
    }  # fmt: skip
    if (existing := find(Complaint, client_uuid)) is not None:
        if existing.order_id != order.id or existing.category is not category:
            raise ClientUUIDConflict(existing, ["order_id", "category"])
        return existing, False
    stored = store_photos(photos, parent=client_uuid, by=by)
    complaint, created = create_once(
        Complaint, client_uuid, values, ("order_id", "category"), checked=True
    )
    if created:
        for position, photo in enumerate(stored):
            complaint.photos.append(ComplaintPhoto(photo_id=photo.id, position=position))
        audit.created(by, complaint, COMPLAINT_FIELDS)
    return complaint, created


def route_complaint(complaint: Complaint, *, by: User, department: Department) -> Complaint:
    """Send a complaint to the department that must act; it is then in progress."""
    if complaint.status is ComplaintStatus.CLOSED:
        raise DelayRefused("closed")
    before = {"department": complaint.department.value, "status": complaint.status.value}
    complaint.department = department
    complaint.status = ComplaintStatus.IN_PROGRESS
    after = {"department": department.value, "status": complaint.status.value}
    audit.record(by, "routed", complaint, audit.diff(before, after))
    return complaint


def close_complaint(complaint: Complaint, *, by: User, action_taken: str) -> Complaint:
    """Close a complaint with the action taken."""
    if complaint.status is ComplaintStatus.CLOSED:
        raise DelayRefused("closed")
    if not action_taken.strip():
        raise DelayRefused("resolution_required")
    before = complaint.status.value
    complaint.status = ComplaintStatus.CLOSED
    complaint.action_taken = action_taken.strip()
    complaint.closed_at = utcnow()
    changes = {"status": [before, "closed"], "action_taken": [None, complaint.action_taken]}
    audit.record(by, "closed", complaint, changes)
    return complaint
