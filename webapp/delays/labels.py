"""Translated names of delay causes, departments, statuses and complaint fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from webapp.delays.models import (
    ComplaintCategory,
    ComplaintSeverity,
    ComplaintStatus,
    DelayCause,
    DelayStatus,
    Department,
)

CAUSE_LABELS = {
    DelayCause.PLAN_ERROR: _l("Plan was wrong"),
    DelayCause.EQUIPMENT: _l("Equipment breakdown"),
    DelayCause.MATERIAL: _l("Material short or late"),
    DelayCause.QUALITY: _l("Defect or scrap rate too high"),
    DelayCause.RUSH_ORDER: _l("Rush or inserted order"),
    DelayCause.UPSTREAM: _l("Delay from an earlier stage"),
    DelayCause.PEOPLE: _l("Absence, turnover or morale"),
    DelayCause.OTHER: _l("Other"),
}

DEPARTMENT_LABELS = {
    Department.PRODUCTION: _l("Production"),
    Department.PURCHASING: _l("Purchasing"),
    Department.QC: _l("QC"),
    Department.WAREHOUSE: _l("Warehouse"),
    Department.LOGISTICS: _l("Logistics"),
    Department.CUSTOMER: _l("Customer"),
}

DELAY_STATUS_LABELS = {
    DelayStatus.OPEN: lazy_pgettext("delay status", "Open"),
    DelayStatus.ESCALATED: _l("Escalated"),
    DelayStatus.RESOLVED: _l("Resolved"),
    DelayStatus.CANCELLED: _l("Cancelled"),
}

DELAY_STATUS_BADGES = {
    DelayStatus.OPEN: "badge-warn",
    DelayStatus.ESCALATED: "badge-danger",
    DelayStatus.RESOLVED: "badge-ok",
    DelayStatus.CANCELLED: "",
}

FLAG_LABELS = {
    "open_too_long": _l("Open too long"),
    "endangers_due_date": _l("Slip endangers the due date"),
}

DELAY_REFUSALS = {
    "order_closed": _l("This order is closed or cancelled."),
    "wrong_stage": _l("This stage belongs to another order."),
    "note_required": _l("Describe the cause when you choose Other."),
    "negative": _l("Enter a whole number of 0 or more."),
    "not_open": _l("This delay is no longer open."),
    "resolution_required": _l("Enter the root cause and the action taken."),
    "reason_required": _l("Say why the delay is cancelled."),
    "description_required": _l("Describe the complaint."),
    "closed": _l("This complaint is closed."),
    "po_not_linked": _l("This material PO does not feed this order."),
}

COMPLAINT_CATEGORY_LABELS = {
    ComplaintCategory.QUALITY: _l("Quality"),
    ComplaintCategory.QUANTITY: _l("Quantity"),
    ComplaintCategory.PACKAGING: _l("Packaging"),
    ComplaintCategory.DELIVERY: _l("Late delivery"),
    ComplaintCategory.DOCUMENTS: _l("Documents"),
    ComplaintCategory.OTHER: _l("Other"),
}

COMPLAINT_SEVERITY_LABELS = {
    ComplaintSeverity.LOW: _l("Low"),
    ComplaintSeverity.MEDIUM: _l("Medium"),
    ComplaintSeverity.HIGH: _l("High"),
}

COMPLAINT_STATUS_LABELS = {
    ComplaintStatus.OPEN: lazy_pgettext("complaint status", "Open"),
    ComplaintStatus.IN_PROGRESS: _l("In progress"),
    ComplaintStatus.CLOSED: _l("Closed"),
}


def init_app(app) -> None:
    """Expose the labels to templates."""
    for name, value in {
        "CAUSE_LABELS": CAUSE_LABELS,
        "CAUSE_LABELS_BY_VALUE": {k.value: v for k, v in CAUSE_LABELS.items()},
        "DEPARTMENT_LABELS": DEPARTMENT_LABELS,
        "DELAY_STATUS_LABELS": DELAY_STATUS_LABELS,
        "DELAY_STATUS_BADGES": DELAY_STATUS_BADGES,
        "FLAG_LABELS": FLAG_LABELS,
        "COMPLAINT_CATEGORY_LABELS": COMPLAINT_CATEGORY_LABELS,
        "COMPLAINT_SEVERITY_LABELS": COMPLAINT_SEVERITY_LABELS,
        "COMPLAINT_STATUS_LABELS": COMPLAINT_STATUS_LABELS,
    }.items():
        app.add_template_global(value, name)
    app.add_template_global(material_problem)


def material_problem(po) -> str:
    """Why a material PO is a problem for its orders, in words."""
    from flask_babel import gettext as _

    from webapp.materials.models import InspectionOutcome

    if po.inspection_result is InspectionOutcome.REJECTED:
        return _("rejected at incoming inspection")
    if po.received_qty is not None and po.received_qty < po.quantity:
        return _("received %(got)d of %(ordered)d", got=po.received_qty, ordered=po.quantity)
    return _("promised %(date)s, not received", date=po.promised_date.isoformat())
