"""material_concession (让步接收): a rejected material lot into the warehouse.

The follower (or a supervisor) asks; the supervisor decides in the approvals queue; approving
performs the warehouse step, marked as a concession in the PO's audit trail."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.approvals import registry
from webapp.approvals import services as approvals
from webapp.approvals.models import ApprovalRequest
from webapp.approvals.registry import ApprovalKind
from webapp.auth.models import User
from webapp.extensions import db
from webapp.materials import services
from webapp.materials.models import InspectionOutcome, MaterialPO, MaterialPOStatus

MATERIAL = "material_concession"


def _po(req: ApprovalRequest) -> MaterialPO:
    po = db.session.get(MaterialPO, req.subject_id)
    if po is None:
        raise approvals.ApprovalRefused("subject_gone")
    return po


def may_request(po: MaterialPO, user: User) -> bool:
    """Whoever follows the PO, for a lot rejected at incoming inspection."""
    return (
        po.status is MaterialPOStatus.INSPECTED
        and po.inspection_result is InspectionOutcome.REJECTED
        and po.can_edit(user)
    )


def request_concession(
    po: MaterialPO, *, by: User, reason: str, client_uuid: uuid.UUID | None = None
) -> ApprovalRequest:
    """Ask the supervisor to take a rejected lot into the warehouse as a concession."""
    if not may_request(po, by):
        raise approvals.ApprovalRefused("not_allowed")
    if not (reason or "").strip():
        raise approvals.ApprovalRefused("reason_required")
    orders = po.orders
    return approvals.request_approval(
        kind=MATERIAL, by=by, order=orders[0] if orders else None, subject_id=po.id,
        reason=reason, payload={"inspection_note": po.inspection_note,
                                "received_qty": po.received_qty},
        client_uuid=client_uuid,
    )  # fmt: skip


def _title(req: ApprovalRequest) -> str:
    po = _po(req)
    return _("%(number)s · %(item)s · %(supplier)s", number=po.number, item=po.item,
             supplier=po.supplier.name)  # fmt: skip


def _context(req: ApprovalRequest) -> dict[str, Any]:
    return {"po": _po(req)}


def _to_warehouse(req: ApprovalRequest, by: User) -> None:
    po = _po(req)
    try:
        services.advance(po, MaterialPOStatus.IN_WAREHOUSE, by, concession=req,
                         note=req.decision_comment)  # fmt: skip
    except services.MaterialRuleBroken as exc:
        raise approvals.ApprovalRefused("effect", reason=exc.code) from None


registry.register(ApprovalKind(
    name=MATERIAL,
    label=_l("Material concession"),
    title=_title,
    detail_template="approvals/kinds/material.html",
    context=_context,
    on_approve=_to_warehouse,
    approve_label=_l("Accept into the warehouse"),
    reject_label=_l("Return to the supplier"),
))  # fmt: skip
