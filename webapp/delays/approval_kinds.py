"""delay_escalation: an escalated delay (逐级上报) waits for the supervisor's decision.

Decisions: accept the slip, change the due date (new date → the order's due date, audited),
authorise overtime, authorise subcontracting, other (explained in the comment)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.approvals import registry
from webapp.approvals import services as approvals
from webapp.approvals.models import ApprovalRequest
from webapp.approvals.registry import ApprovalKind
from webapp.auth.models import User
from webapp.delays.labels import CAUSE_LABELS
from webapp.delays.models import Delay
from webapp.extensions import db
from webapp.timeutil import today_in

ESCALATION = "delay_escalation"
DECISIONS = (
    ("accept_slip", _l("Accept the slip")),
    ("change_due_date", _l("Change the due date")),
    ("overtime", _l("Authorise overtime")),
    ("subcontract", _l("Authorise subcontracting")),
    ("other", _l("Other (explain in the comment)")),
)


def _delay(req: ApprovalRequest) -> Delay:
    delay = db.session.get(Delay, req.subject_id)
    if delay is None:
        raise approvals.ApprovalRefused("subject_gone")
    return delay


def request_decision(delay: Delay, by: User) -> ApprovalRequest:
    """Put an escalated delay in the supervisor's queue."""
    return approvals.request_approval(
        kind=ESCALATION, by=by, order=delay.order, subject_id=delay.id,
        reason=delay.escalation_note or delay.note,
        payload={"cause": delay.cause.value, "slip_days": delay.slip_days},
    )  # fmt: skip


def order_evidence(order) -> dict[str, Any]:
    """The order's plan against actual per stage and its material POs."""
    from webapp.materials import queries as material_queries
    from webapp.progress.queries import progress_for_orders

    today = today_in(order.factory.timezone)
    return {
        "order": order,
        "progress": progress_for_orders([order], today)[order.id],
        "material_pos": material_queries.for_order(order.id),
        "today": today,
    }


def _context(req: ApprovalRequest) -> dict[str, Any]:
    delay = _delay(req)
    return {"delay": delay, **order_evidence(delay.order)}


def _title(req: ApprovalRequest) -> str:
    delay = _delay(req)
    return _("%(order)s · %(style)s · %(cause)s", order=delay.order.number,
             style=delay.order.style, cause=CAUSE_LABELS[delay.cause])  # fmt: skip


def _approve(req: ApprovalRequest, by: User) -> None:
    if req.decision == "other" and not req.decision_comment:
        raise approvals.ApprovalRefused("comment_required")
    if req.decision == "change_due_date":
        from webapp.orders.approval_kinds import apply_new_due

        if not req.payload.get("new_due"):
            raise approvals.ApprovalRefused("new_due")
        apply_new_due(req, by)


def _read_data(form, decision: str) -> dict[str, Any]:
    if decision != "change_due_date":
        return {}
    from webapp.orders.approval_kinds import parse_due

    return {"new_due": parse_due(form.get("new_due")).isoformat()}


registry.register(ApprovalKind(
    name=ESCALATION,
    label=_l("Delay escalation"),
    title=_title,
    detail_template="approvals/kinds/delay.html",
    context=_context,
    decisions=DECISIONS,
    on_approve=_approve,
    approve_label=_l("Decide"),
    reject_label=_l("Send back to the follower"),
    decide_template="approvals/kinds/_new_due_field.html",
    read_data=_read_data,
))  # fmt: skip
