"""Approval kinds of inspections: the supervisor's sign-off of a verdict, and concessions.

inspection_signoff: submitting an inspection asks for it. Approve = the verdict is signed off;
reject = rework and re-inspection (a linked re-inspection is opened for the same inspector).
inspection_concession (让步接收): the follower or the inspector asks to accept a rejected lot;
approved, `Inspection.under_concession` (and `.passed`) turn true."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.approvals import registry
from webapp.approvals import services as approvals
from webapp.approvals.models import ApprovalRequest
from webapp.approvals.registry import ApprovalKind
from webapp.audit import services as audit
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.inspections import services
from webapp.inspections.labels import RESULT_LABELS, TYPE_LABELS
from webapp.inspections.models import Inspection, InspectionResult, InspectionStatus

SIGNOFF = "inspection_signoff"
CONCESSION = "inspection_concession"


def _inspection(req: ApprovalRequest) -> Inspection:
    inspection = db.session.get(Inspection, req.subject_id)
    if inspection is None:
        raise approvals.ApprovalRefused("subject_gone")
    return inspection


def _title(req: ApprovalRequest) -> str:
    i = _inspection(req)
    result = RESULT_LABELS[i.result] if i.result else ""
    return f"{i.number} · {TYPE_LABELS[i.type]} · {result} · {i.order.style}"


def evidence(req: ApprovalRequest) -> dict[str, Any]:
    """Plan, tallies against Ac/Re, defects with their photos, checklist."""
    i = _inspection(req)
    photos = [{"photo": dp.photo, "defect": d} for d in i.defects for dp in d.photos]
    return {
        "inspection": i,
        "live": services.live_state(i),
        "tallies": services.tallies(i),
        "photos": photos,
        "checklist_items": services.CHECKLIST[i.type],
        "checklist": {row.item: row for row in i.checklist},
        "reinspections": db.session.scalars(
            db.select(Inspection).where(Inspection.reinspection_of_id == i.id)
        ).all(),
    }


def request_signoff(inspection: Inspection, by: User) -> ApprovalRequest:
    """Put a submitted inspection in the supervisor's queue."""
    counts = services.tallies(inspection)
    return approvals.request_approval(
        kind=SIGNOFF, by=by, order=inspection.order, subject_id=inspection.id,
        reason=inspection.notes or "",
        payload={"result": inspection.result.value if inspection.result else None,
                 "defects": sum(counts.values())},
    )  # fmt: skip


def _signed_off(req: ApprovalRequest, by: User) -> None:
    inspection = _inspection(req)
    audit.record(by, "signed_off", inspection, {"signed_off": [None, req.number]})


def _rework(req: ApprovalRequest, by: User) -> None:
    """Open the linked re-inspection (the same inspector redoes it after rework)."""
    inspection = _inspection(req)
    # The request's id makes the UUID: deciding twice can never open two re-inspections.
    client_uuid = uuid.uuid5(uuid.NAMESPACE_URL, f"gendan:approval:{req.id}:reinspection")
    try:
        if inspection.result is InspectionResult.REJECTED:
            new, _created = services.reinspect(inspection, by=by, client_uuid=client_uuid)
        else:  # the supervisor does not trust an accepted verdict: inspect the lot again
            aqls = {p.defect_class.value: p.aql for p in inspection.plans}
            new, _created = services.start_inspection(
                order=inspection.order, by=by, client_uuid=client_uuid,
                inspection_type=inspection.type, lot_size=inspection.lot_size,
                level=inspection.level, aqls=aqls, severity=inspection.severity,
                reinspection_of=inspection, material_po=None,
            )  # fmt: skip
    except services.InspectionRefused as exc:
        raise approvals.ApprovalRefused("effect", reason=exc.code) from None
    if new.inspector_id != inspection.inspector_id:
        audit.record(by, "assigned", new, {"inspector_id": [new.inspector_id,
                                                             inspection.inspector_id]})  # fmt: skip
        new.inspector_id = inspection.inspector_id
    req.payload = {**(req.payload or {}), "reinspection_id": new.id}


def _zero_defect_accept(req: ApprovalRequest) -> bool:
    inspection = _inspection(req)
    return inspection.result is InspectionResult.ACCEPTED and not any(
        services.tallies(inspection).values()
    )


def may_request_concession(inspection: Inspection, user: User) -> bool:
    """The order's follower, inspectors, supervisors and admins, for a submitted rejected lot."""
    if inspection.status is not InspectionStatus.SUBMITTED:
        return False
    if inspection.result is not InspectionResult.REJECTED or not inspection.can_view(user):
        return False
    return user.role in (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN) or (
        user.role is Role.FOLLOWER and inspection.order.follower_id == user.id
    )


def request_concession(
    inspection: Inspection, *, by: User, reason: str, client_uuid: uuid.UUID | None = None
) -> ApprovalRequest:
    """Ask the supervisor to accept a rejected lot under concession (让步接收)."""
    if not may_request_concession(inspection, by):
        raise approvals.ApprovalRefused("not_allowed")
    if not (reason or "").strip():
        raise approvals.ApprovalRefused("reason_required")
    if inspection.under_concession:
        raise approvals.ApprovalRefused("already_approved")
    return approvals.request_approval(
        kind=CONCESSION, by=by, order=inspection.order, subject_id=inspection.id,
        reason=reason, payload={"tallies": services.tallies(inspection)},
        client_uuid=client_uuid,
    )  # fmt: skip


def _concession_granted(req: ApprovalRequest, by: User) -> None:
    inspection = _inspection(req)
    audit.record(by, "concession", inspection, {"concession": [False, True],
                                                "approval": [None, req.number]})  # fmt: skip


def _concession_title(req: ApprovalRequest) -> str:
    i = _inspection(req)
    return _("%(number)s · concession for %(style)s", number=i.number, style=i.order.style)


registry.register(ApprovalKind(
    name=SIGNOFF,
    label=_l("Inspection sign-off"),
    title=_title,
    detail_template="approvals/kinds/inspection.html",
    context=evidence,
    on_approve=_signed_off,
    on_reject=_rework,
    batchable=True,
    can_batch=_zero_defect_accept,
    approve_label=_l("Sign off the verdict"),
    reject_label=_l("Rework and re-inspect"),
))  # fmt: skip
registry.register(ApprovalKind(
    name=CONCESSION,
    label=_l("Lot concession"),
    title=_concession_title,
    detail_template="approvals/kinds/inspection.html",
    context=evidence,
    on_approve=_concession_granted,
    approve_label=_l("Accept under concession"),
    reject_label=_l("Refuse the concession"),
))  # fmt: skip
