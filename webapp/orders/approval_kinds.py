"""due_date_change (交期变更): a follower asks for a new due date; approved, the order moves."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.approvals import registry
from webapp.approvals import services as approvals
from webapp.approvals.models import ApprovalRequest
from webapp.approvals.registry import ApprovalKind
from webapp.auth.models import User
from webapp.extensions import db
from webapp.orders import services
from webapp.orders.models import Order

DUE_DATE = "due_date_change"


def parse_due(value: Any) -> date:
    """A due date from a form or a payload; ApprovalRefused("new_due") when it is not one."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise approvals.ApprovalRefused("new_due") from None


def may_request(order: Order, user: User) -> bool:
    """The order's follower (and supervisors, admins) while the order is open."""
    return order.status.is_open and order.can_check_in(user)


def request_change(
    order: Order, *, by: User, new_due: date, reason: str, client_uuid: uuid.UUID | None = None
) -> ApprovalRequest:
    """Ask the supervisor to move the order's due date."""
    if not may_request(order, by):
        raise approvals.ApprovalRefused("not_allowed")
    if new_due == order.due_date:
        raise approvals.ApprovalRefused("same_due")
    if not (reason or "").strip():
        raise approvals.ApprovalRefused("reason_required")
    return approvals.request_approval(
        kind=DUE_DATE, by=by, order=order, subject_id=order.id, reason=reason,
        payload={"new_due": new_due.isoformat(), "old_due": order.due_date.isoformat()},
        client_uuid=client_uuid,
    )  # fmt: skip


def apply_new_due(req: ApprovalRequest, by: User) -> None:
    """Move the order's due date to payload["new_due"] (audited, naming the request)."""
    order = db.session.get(Order, req.order_id)
    if order is None:
        raise approvals.ApprovalRefused("subject_gone")
    services.set_due_date(order, parse_due(req.payload.get("new_due")), by=by,
                          because=req.number)  # fmt: skip


def _title(req: ApprovalRequest) -> str:
    order = db.session.get(Order, req.order_id)
    return _("%(order)s · %(style)s · due %(old)s → %(new)s", order=order.number,
             style=order.style, old=req.payload.get("old_due", ""),
             new=req.payload.get("new_due", ""))  # fmt: skip


def _context(req: ApprovalRequest) -> dict[str, Any]:
    from webapp.delays.approval_kinds import order_evidence

    return order_evidence(db.session.get(Order, req.order_id))


def _read_data(form, decision: str) -> dict[str, Any]:
    value = (form.get("new_due") or "").strip()
    return {"new_due": parse_due(value).isoformat()} if value else {}


registry.register(ApprovalKind(
    name=DUE_DATE,
    label=_l("Due-date change"),
    title=_title,
    detail_template="approvals/kinds/due_date.html",
    context=_context,
    on_approve=apply_new_due,
    approve_label=_l("Approve the new due date"),
    decide_template="approvals/kinds/_new_due_field.html",
    read_data=_read_data,
))  # fmt: skip
