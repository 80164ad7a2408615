"""The payments' approval kind: release goods for shipment although the balance is not in."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.approvals.registry import ApprovalKind, register
from webapp.payments import rules, services


def _title(req) -> str:
    order = req.order
    number = order.number if order is not None else f"#{req.subject_id}"
    return _("Release %(order)s for shipment: balance not received", order=number)


def _context(req) -> dict:
    from webapp.timeutil import app_today

    order = req.order
    if order is None:
        return {"milestones": [], "today": app_today()}
    return {
        "order": order, "milestones": services.milestones(order.id), "today": app_today(),
        "outstanding": services.balance_outstanding(order),
    }  # fmt: skip


SHIPMENT_RELEASE = register(
    ApprovalKind(
        name=rules.RELEASE_KIND,
        label=_l("Shipment release without the balance"),
        title=_title,
        detail_template="payments/_approval_shipment_release.html",
        context=_context,
    )
)
