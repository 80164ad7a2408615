"""Translated names for inspection types, defect classes, checklist items and results."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.inspections.models import (
    DefectClass,
    InspectionResult,
    InspectionStatus,
    InspectionType,
)

TYPE_LABELS = {
    InspectionType.IQC: _l("Incoming material (IQC)"),
    InspectionType.DUPRO: _l("During production (DUPRO)"),
    InspectionType.FRI: _l("Final random inspection (FRI/PSI)"),
    InspectionType.LOADING: _l("Container loading check"),
}

REPORT_TITLES = {
    InspectionType.IQC: _l("Incoming Material Inspection Report"),
    InspectionType.DUPRO: _l("During Production Inspection Report"),
    InspectionType.FRI: _l("Final Random Inspection Report"),
    InspectionType.LOADING: _l("Container Loading Check Report"),
}

CLASS_LABELS = {
    "critical": _l("Critical"),
    "major": _l("Major"),
    "minor": _l("Minor"),
}

SEVERITY_LABELS = {
    "normal": _l("Normal inspection"),
    "tightened": _l("Tightened inspection"),
    "reduced": _l("Reduced inspection"),
}

STATUS_LABELS = {
    InspectionStatus.IN_PROGRESS: _l("In progress"),
    InspectionStatus.SUBMITTED: _l("Waiting for approval"),
}

RESULT_LABELS = {
    InspectionResult.ACCEPTED: _l("Accepted"),
    InspectionResult.REJECTED: _l("Rejected"),
}

CHECKLIST_LABELS = {
    "spec": _l("Matches the specification"),
    "quantity": _l("Quantity complete"),
    "packaging": _l("Packaging"),
    "labels": _l("Labels"),
    "documents": _l("Documents / certificates"),
    "carton_marks": _l("Carton marks"),
    "barcode": _l("Barcode scan"),
    "measurements": _l("Measurements"),
    "workmanship": _l("Workmanship"),
    "function": _l("Function / assembly"),
    "container_condition": _l("Container condition (clean, dry, no holes)"),
    "carton_count": _l("Carton count loaded"),
    "seal": _l("Seal number recorded"),
}

CHECK_RESULT_LABELS = {"pass": _l("Pass"), "fail": _l("Fail"), "na": _l("N/A")}

SWITCH_REASONS = {
    "start": _l("first lot from this factory: normal inspection"),
    "unchanged": _l("no switching rule applies"),
    "two_of_five_rejected": _l("2 of the last 5 lots were rejected: tightened"),
    "five_accepted_on_tightened": _l("5 lots in a row accepted on tightened: back to normal"),
    "five_rejected_on_tightened": _l("5 lots rejected on tightened: acceptance sampling suspended"),
    "switching_score_reached": _l("steady good results and reduced inspection allowed: reduced"),
    "rejected_on_reduced": _l("a lot was rejected on reduced: back to normal"),
    "reinstated_on_reduced": _l("a count between Ac and Re on reduced: back to normal"),
}

REFUSALS = {
    "order_closed": _l("This order is closed or cancelled: no new inspection."),
    "already_submitted": _l("This inspection was submitted; it can no longer change."),
    "not_allowed": _l("Your account may not record this inspection."),
    "count": _l("Enter a whole number of at least 1."),
    "checklist": _l("Unknown checklist item or result."),
    "not_rejected": _l("Only a rejected lot is re-inspected."),
    "po_not_received": _l("Record the receipt of this material PO first."),
}


def init_app(app) -> None:
    """Expose the labels to templates."""
    for name, value in {
        "INSPECTION_TYPE_LABELS": TYPE_LABELS,
        "DEFECT_CLASS_LABELS": CLASS_LABELS,
        "SEVERITY_LABELS": SEVERITY_LABELS,
        "INSPECTION_STATUS_LABELS": STATUS_LABELS,
        "INSPECTION_RESULT_LABELS": RESULT_LABELS,
        "CHECKLIST_LABELS": CHECKLIST_LABELS,
        "CHECK_RESULT_LABELS": CHECK_RESULT_LABELS,
        "SWITCH_REASONS": SWITCH_REASONS,
    }.items():
        app.add_template_global(value, name)


__all__ = ["DefectClass"]
