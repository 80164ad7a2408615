"""Running an inspection: plan, defects with photos, checklist, verdict. Services flush only."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from webapp.audit import services as audit
from webapp.auth.models import User
from webapp.extensions import db
from webapp.inspections import aql
from webapp.inspections.models import (
    ChecklistResult,
    Defect,
    DefectClass,
    DefectPhoto,
    DefectType,
    Inspection,
    InspectionPlan,
    InspectionResult,
    InspectionStatus,
    InspectionType,
)
from webapp.media.services import store_photos
from webapp.models_base import utcnow
from webapp.orders.models import Order
from webapp.sync.idempotency import ClientUUIDConflict, create_once, find

CLASSES = ("critical", "major", "minor")

# Checklist items per inspection type (keys; the web layer translates them).
CHECKLIST = {
    InspectionType.IQC: ("spec", "quantity", "packaging", "labels", "documents"),
    InspectionType.DUPRO: ("spec", "workmanship", "measurements", "function"),
    InspectionType.FRI: (
        "quantity",
        "packaging",
        "carton_marks",
        "labels",
        "barcode",
        "measurements",
        "workmanship",
        "function",
    ),
    InspectionType.LOADING: ("container_condition", "carton_count", "carton_marks", "seal"),
}
CHECKLIST_RESULTS = ("pass", "fail", "na")
INSPECTION_FIELDS = (
    "order_id", "type", "lot_size", "level", "severity", "suggested_severity", "sample_size",
    "reinspection_of_id", "material_po_id",
)  # fmt: skip


class InspectionRefused(Exception):
    """A rule was broken; `code` says which (the view translates it)."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def plans_for(
    lot_size: int, level: str, aqls: Mapping[str, str], severity: str
) -> dict[str, aql.SamplingPlan]:
    """The sampling plan of each class (raises ValueError naming a bad argument)."""
    return {cls: aql.plan(lot_size, level, aqls[cls], severity) for cls in CLASSES}


def engine_plans(inspection: Inspection) -> dict[str, aql.SamplingPlan]:
    """The engine's plan per class for this inspection's lot, level, AQLs and severity."""
    return {
        p.defect_class.value: aql.plan(
            inspection.lot_size, inspection.level, p.aql, inspection.severity
        )
        for p in inspection.plans
    }


def _lot_result(inspection: Inspection) -> aql.LotResult | None:
    plans = engine_plans(inspection)
    if not plans or inspection.result is None:
        return None
    return aql.LotResult.from_verdict(plans, tallies(inspection))


def suggested_severity(
    order: Order, inspection_type: InspectionType, material_po=None
) -> aql.SwitchDecision:
    """The switching rules over the submitted lots of the same source and kind of inspection:
    the supplier's deliveries for an incoming inspection of a material PO, else the factory's."""
    query = sa.select(Inspection).where(
        Inspection.type == inspection_type,
        Inspection.status == InspectionStatus.SUBMITTED,
        Inspection.reinspection_of_id.is_(None),  # original inspection only, per the standard
    )
    if material_po is not None:
        from webapp.materials.models import MaterialPO

        query = query.join(MaterialPO, MaterialPO.id == Inspection.material_po_id).where(
            MaterialPO.supplier_id == material_po.supplier_id
        )
    else:
        query = query.join(Order, Order.id == Inspection.order_id).where(
            Order.factory_id == order.factory_id, Inspection.material_po_id.is_(None)
        )
    history = db.session.scalars(query.order_by(Inspection.submitted_at, Inspection.id))
    lots = [lot for lot in (_lot_result(i) for i in history) if lot is not None]
    return aql.next_severity(lots, reduced_allowed=order.factory.reduced_inspection_allowed)


def start_inspection(
    *,
    order: Order,
    by: User,
    client_uuid: uuid.UUID,
    inspection_type: InspectionType,
    lot_size: int,
    level: str,
    aqls: Mapping[str, str],
    severity: str,
    reinspection_of: Inspection | None = None,
    material_po=None,
) -> tuple[Inspection, bool]:
    """Create an inspection with its plans; idempotent on client_uuid.

    With `material_po` it is the incoming inspection of that delivery (type IQC, the PO must
    have been received and feed the order); its verdict completes the PO's inspection step."""
    if (existing := find(Inspection, client_uuid)) is not None:
        return existing, False
    if not order.status.is_open:
        raise InspectionRefused("order_closed")
    if material_po is not None:
        from webapp.materials.models import MaterialPOStatus

        if (
            material_po.status is not MaterialPOStatus.RECEIVED
            or order.id not in material_po.order_ids
        ):
            raise InspectionRefused("po_not_received")
        inspection_type = InspectionType.IQC
    plans = plans_for(lot_size, level, aqls, severity)
    suggestion = suggested_severity(order, inspection_type, material_po)

    def build() -> Inspection:
        inspection = Inspection(
            order_id=order.id, type=inspection_type, lot_size=lot_size,
            level=plans["major"].level, severity=plans["major"].severity,
            suggested_severity=suggestion.severity,
            sample_size=max(p.sample_size for p in plans.values()), inspector_id=by.id,
            reinspection_of_id=reinspection_of.id if reinspection_of else None,
            material_po_id=material_po.id if material_po else None,
        )  # fmt: skip
        for position, cls in enumerate(CLASSES):
            p = plans[cls]
            inspection.plans.append(
                InspectionPlan(
                    position=position,
                    defect_class=DefectClass(cls),
                    aql=p.aql,
                    code_letter=p.code_letter,
                    sample_size=p.sample_size,
                    accept=p.accept,
                    reject=p.reject,
                    full_inspection=p.full_inspection,
                )
            )
        return inspection

    inspection, created = create_once(Inspection, client_uuid, {}, (), build=build, checked=True)
    if created:
        audit.created(by, inspection, INSPECTION_FIELDS)
    return inspection, created


def _check_recording(inspection: Inspection, by: User) -> None:
    if inspection.status is not InspectionStatus.IN_PROGRESS:
        raise InspectionRefused("already_submitted")
    if not inspection.can_record(by):
        raise InspectionRefused("not_allowed")


def add_defect(
    *,
    inspection: Inspection,
    by: User,
    client_uuid: uuid.UUID,
    defect_type: DefectType,
    defect_class: DefectClass,
    count: int,
    note: str = "",
    photos: Sequence[bytes] = (),
) -> tuple[Defect, bool]:
    """Record defects of one type with their photos; idempotent on client_uuid.

    Photos are processed before anything is written: one bad photo refuses the whole entry
    (ImageRejected), so a defect never lands with some of its photos silently missing."""
    if (existing := find(Defect, client_uuid)) is not None:
        if (existing.defect_type_id, existing.count) != (defect_type.id, count):
            raise ClientUUIDConflict(existing, ["defect_type_id", "count"])
        return existing, False
    _check_recording(inspection, by)
    if count < 1:
        raise InspectionRefused("count")
    stored = store_photos(photos, parent=client_uuid, by=by)
    values = {
        "inspection_id": inspection.id, "defect_type_id": defect_type.id,
        "defect_class": defect_class, "count": count, "note": note.strip(), "created_by_id": by.id,
    }  # fmt: skip
    defect, created = create_once(
        Defect, client_uuid, values, ("defect_type_id", "count"), checked=True
    )
    if created:
        for position, photo in enumerate(stored):
            defect.photos.append(DefectPhoto(photo_id=photo.id, position=position))
        db.session.flush()
        audit.created(
            by, defect, ("inspection_id", "defect_type_id", "defect_class", "count", "note")
        )
        audit.record(by, "defect_added", inspection, {"defect": [None, defect.id]})
    return defect, created


def remove_defect(defect: Defect, *, by: User) -> None:
    """Take back a defect entered by mistake (only while the inspection is in progress)."""
    inspection = defect.inspection
    _check_recording(inspection, by)
    before = audit.snapshot(defect, ("defect_type_id", "defect_class", "count", "note"))
    audit.record(by, "defect_removed", inspection, {"defect": [{"id": defect.id, **before}, None]})
    db.session.delete(defect)
    db.session.flush()


def save_checklist(
    inspection: Inspection, results: Mapping[str, tuple[str, str]], *, by: User
) -> None:
    """Set pass / fail / n.a. with comments for the checklist items of this inspection type."""
    _check_recording(inspection, by)
    allowed = CHECKLIST[inspection.type]
    current = {row.item: row for row in inspection.checklist}
    changes = {}
    for item, (result, comment) in results.items():
        if item not in allowed or result not in CHECKLIST_RESULTS:
            raise InspectionRefused("checklist")
        row = current.get(item)
        if row is None:
            row = ChecklistResult(item=item, result=result, comment=comment.strip())
            inspection.checklist.append(row)
            changes[item] = [None, result]
        elif (row.result, row.comment) != (result, comment.strip()):
            changes[item] = [row.result, result]
            row.result, row.comment = result, comment.strip()
    db.session.flush()
    if changes:
        audit.record(by, "checklist", inspection, changes)


def tallies(inspection: Inspection) -> dict[str, int]:
    """Defects found per class."""
    counts = dict.fromkeys(CLASSES, 0)
    for defect in inspection.defects:
        counts[defect.defect_class.value] += defect.count
    return counts


@dataclass(frozen=True)
class LiveClass:
    """One class's running state for the live indicator."""

    defect_class: str
    plan: InspectionPlan
    found: int
    status: str  # accept, reject, accept_reinstate_normal
    remaining: int  # more defects of this class that would reject the lot


def live_state(inspection: Inspection) -> list[LiveClass]:
    """Tallies against each class's Ac/Re, as the inspector sees them while recording."""
    counts = tallies(inspection)
    plans = engine_plans(inspection)
    result = []
    for p in inspection.plans:
        cls = p.defect_class.value
        found = counts[cls]
        status = plans[cls].status(found)
        result.append(
            LiveClass(cls, p, found, status, aql.remaining_before_reject(plans[cls], found))
        )
    return result


def submit(inspection: Inspection, *, by: User, notes: str = "") -> aql.Verdict:
    """Compute the verdict with the engine and hand the inspection to the supervisor."""
    _check_recording(inspection, by)
    outcome = aql.verdict(engine_plans(inspection), tallies(inspection))
    inspection.result = InspectionResult.ACCEPTED if outcome.accepted else InspectionResult.REJECTED
    inspection.reinstate_normal = outcome.reinstate_normal
    inspection.status = InspectionStatus.SUBMITTED
    inspection.submitted_at = utcnow()
    if notes.strip():
        inspection.notes = notes.strip()
    audit.record(
        by, "submitted", inspection,
        {"status": ["in_progress", "submitted"], "result": [None, inspection.result.value],
         "tallies": [None, tallies(inspection)]},
    )  # fmt: skip
    _complete_material_step(inspection, by)
    from webapp.inspections.approval_kinds import request_signoff

    request_signoff(inspection, by)
    return outcome


def _complete_material_step(inspection: Inspection, by: User) -> None:
    """An incoming inspection's verdict is the material PO's inspection step."""
    from webapp.materials import services as materials
    from webapp.materials.models import InspectionOutcome, MaterialPOStatus

    po = inspection.material_po
    if po is None or po.status is not MaterialPOStatus.RECEIVED:
        return
    accepted = inspection.result is InspectionResult.ACCEPTED
    counts = tallies(inspection)
    note = (
        f"{inspection.number}: AQL {inspection.level}/{inspection.severity}, "
        f"n={inspection.sample_size}, critical {counts['critical']}, major {counts['major']}, "
        f"minor {counts['minor']}"
    )
    materials.advance(
        po, MaterialPOStatus.INSPECTED, by,
        inspection_result=InspectionOutcome.ACCEPTED if accepted else InspectionOutcome.REJECTED,
        inspection_note=note,
    )  # fmt: skip


def reinspect(
    inspection: Inspection, *, by: User, client_uuid: uuid.UUID
) -> tuple[Inspection, bool]:
    """A re-inspection of a rejected lot after rework, linked to the original, same plan inputs."""
    if inspection.result is not InspectionResult.REJECTED:
        raise InspectionRefused("not_rejected")
    aqls = {p.defect_class.value: p.aql for p in inspection.plans}
    return start_inspection(
        order=inspection.order, by=by, client_uuid=client_uuid, inspection_type=inspection.type,
        lot_size=inspection.lot_size, level=inspection.level, aqls=aqls,
        severity=inspection.severity, reinspection_of=inspection,
    )  # fmt: skip


def defect_types_for(product_type: str) -> list[DefectType]:
    """Active catalogue entries for a product family (and the general ones)."""
    return list(
        db.session.scalars(
            sa.select(DefectType)
            .where(DefectType.active, DefectType.product_type.in_(["", product_type or ""]))
            .order_by(DefectType.product_type.desc(), DefectType.code)
        )
    )
